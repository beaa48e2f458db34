/* Page d'un lieu : petite carte du lieu (et de ses arrêts), chargée seulement si la personne la demande. */
(function () {
  "use strict";
  var bloc = document.getElementById("carte-lieu-bloc");
  var data = document.getElementById("points-lieu");
  if (!bloc || !data || !window.Maillage) return;
  var button = document.getElementById("afficher-carte-lieu");
  var mapDiv = document.getElementById("carte-lieu");
  var status = document.getElementById("carte-lieu-statut");
  bloc.hidden = false;
  button.addEventListener("click", function () {
    button.hidden = true;
    mapDiv.hidden = false;
    window.Maillage.chargerLeaflet(bloc).then(function () {
      var L = window.L;
      var points = JSON.parse(data.textContent);
      var map = window.Maillage.carte(bloc, mapDiv, { maxZoom: 19, classeSansFond: "lieux-carte--sans-fond" });
      if (!bloc.dataset.tiles) {
        status.textContent = "Fond de carte non disponible : le lieu est placé sans fond.";
      }
      points.forEach(function (p) {
        var popup = document.createElement("p");
        popup.textContent = p.nom;
        L.marker([p.lat, p.lon], { title: p.nom, alt: p.nom, keyboard: true }).bindPopup(popup).addTo(map);
      });
      map.fitBounds(window.Maillage.limites(points).pad(0.2), { maxZoom: 15 });
    }).catch(function () {
      mapDiv.hidden = true;
      status.textContent = "La carte n'a pas pu être chargée.";
    });
  });
})();
