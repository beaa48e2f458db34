/* Annuaire du réseau : un cercle par commune d'adresse des acteurs filtrés. Amélioration progressive : sans ce
 * fichier, la liste (jumelle accessible de la carte) donne les mêmes acteurs. */
(function () {
  "use strict";
  var bloc = document.getElementById("carte-acteurs-bloc");
  var donnees = document.getElementById("carte-acteurs-donnees");
  if (!bloc || !donnees || !window.Maillage) return;
  var mapDiv = document.getElementById("carte-acteurs");
  var status = document.getElementById("carte-acteurs-statut");
  var points = JSON.parse(donnees.textContent);
  if (!points.length) return;
  bloc.hidden = false;

  var rayon = function (total) {
    return 6 + Math.min(30, Math.sqrt(total) * 3);
  };

  // Nom de la commune et nombre en nœuds texte (textContent), jamais en HTML concaténé.
  var popup = function (p) {
    var div = document.createElement("div");
    var titre = document.createElement("strong");
    titre.textContent = p.commune;
    div.appendChild(titre);
    div.appendChild(document.createElement("br"));
    div.appendChild(document.createTextNode("Acteurs : " + p.n));
    return div;
  };

  window.Maillage.chargerLeaflet(bloc).then(function () {
    var L = window.L;
    var map = window.Maillage.carte(bloc, mapDiv, { maxZoom: 18, classeSansFond: "annuaire-carte--sans-fond" });
    if (!bloc.dataset.tiles) {
      status.textContent = "Fond de carte non disponible : les communes sont placées sans fond.";
    }
    points.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], { radius: rayon(p.n), color: "#000091", weight: 2, fillOpacity: 0.4 })
        .bindPopup(popup(p))
        .addTo(map);
    });
    map.fitBounds(window.Maillage.limites(points).pad(0.2), { maxZoom: 11 });
  }).catch(function () {
    mapDiv.hidden = true;
    status.textContent = "La carte n'a pas pu être chargée : la liste donne les mêmes acteurs.";
  });
})();
