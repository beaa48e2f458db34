/* « Le réseau des aidants » : un cercle par EPCI, d'autant plus grand qu'il y a d'aidants. Amélioration progressive :
 * sans ce fichier, le tableau par EPCI (jumeau accessible de la carte) donne les mêmes chiffres.
 * Les chiffres arrivent déjà masqués hors de la coordination (« < 5 ») : la carte n'en montre jamais plus. */
(function () {
  "use strict";
  var bloc = document.getElementById("carte-epci-bloc");
  var donnees = document.getElementById("carte-epci-donnees");
  if (!bloc || !donnees || !window.Maillage) return;
  var mapDiv = document.getElementById("carte-epci");
  var status = document.getElementById("carte-epci-statut");
  var points = JSON.parse(donnees.textContent);
  if (!points.length) return;
  bloc.hidden = false;

  // Un effectif masqué (« < 5 ») garde le plus petit cercle : sa taille ne trahit rien.
  var rayon = function (total) {
    return typeof total === "number" ? 6 + Math.min(30, Math.sqrt(total) * 3) : 6;
  };

  // Nom de l'EPCI et chiffres en nœuds texte (textContent), jamais en HTML concaténé.
  var popup = function (p) {
    var div = document.createElement("div");
    var titre = document.createElement("strong");
    titre.textContent = p.epci;
    div.appendChild(titre);
    div.appendChild(document.createElement("br"));
    div.appendChild(document.createTextNode("Aidants : " + p.total));
    div.appendChild(document.createElement("br"));
    div.appendChild(document.createTextNode("Habilités Aidants Connect : " + p.habilites));
    return div;
  };

  window.Maillage.chargerLeaflet(bloc).then(function () {
    var L = window.L;
    var map = window.Maillage.carte(bloc, mapDiv, { maxZoom: 18, classeSansFond: "aidants-carte--sans-fond" });
    if (!bloc.dataset.tiles) {
      status.textContent = "Fond de carte non disponible : les EPCI sont placés sans fond.";
    }
    points.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], { radius: rayon(p.total), color: "#000091", weight: 2, fillOpacity: 0.4 })
        .bindPopup(popup(p))
        .addTo(map);
    });
    map.fitBounds(window.Maillage.limites(points).pad(0.2), { maxZoom: 11 });
  }).catch(function () {
    mapDiv.hidden = true;
    status.textContent = "La carte n'a pas pu être chargée : le tableau donne les mêmes chiffres.";
  });
})();
