/* Page d'un lieu : petite carte du lieu (et de ses arrêts), chargée seulement si la personne la demande. */
(function () {
  "use strict";
  var bloc = document.getElementById("carte-lieu-bloc");
  var data = document.getElementById("points-lieu");
  if (!bloc || !data) return;
  var button = document.getElementById("afficher-carte-lieu");
  var mapDiv = document.getElementById("carte-lieu");
  var status = document.getElementById("carte-lieu-statut");
  bloc.hidden = false;
  var load = function (tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  };
  button.addEventListener("click", function () {
    button.hidden = true;
    mapDiv.hidden = false;
    Promise.all([
      load("link", { rel: "stylesheet", href: bloc.dataset.leafletCss }),
      load("script", { src: bloc.dataset.leafletJs }),
    ]).then(function () {
      var L = window.L;
      var points = JSON.parse(data.textContent);
      var map = L.map(mapDiv, { scrollWheelZoom: false });
      if (bloc.dataset.tiles) {
        L.tileLayer(bloc.dataset.tiles, { maxZoom: 19, attribution: bloc.dataset.attribution }).addTo(map);
      } else {
        mapDiv.classList.add("lieux-carte--sans-fond");
        status.textContent = "Fond de carte non disponible : le lieu est placé sans fond.";
      }
      points.forEach(function (p) {
        var popup = document.createElement("p");
        popup.textContent = p.nom;
        L.marker([p.lat, p.lon], { title: p.nom, alt: p.nom, keyboard: true }).bindPopup(popup).addTo(map);
      });
      map.fitBounds(L.latLngBounds(points.map(function (p) { return [p.lat, p.lon]; })).pad(0.2), { maxZoom: 15 });
    }).catch(function () {
      mapDiv.hidden = true;
      status.textContent = "La carte n'a pas pu être chargée.";
    });
  });
})();
