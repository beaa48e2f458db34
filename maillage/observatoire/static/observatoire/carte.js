/* Carte choroplèthe d'un indicateur (observatoire). Amélioration progressive : sans ce fichier, la légende et le
 * tableau qui suit donnent les mêmes informations (commune, valeur, classe). La carte est décorative pour les
 * lecteurs d'écran (aria-hidden) : rien n'y prend le focus (ni clavier de Leaflet, ni boutons de zoom).
 * Contours compacts (maillage/observatoire/carte/contours.py) : par anneau, des entiers [x0, y0, dx1, dy1, …] en
 * 1/quantification de degré, le premier point absolu, les suivants en écart au précédent. */
(function () {
  "use strict";
  var bloc = document.getElementById("carte-indicateur-bloc");
  if (!bloc || !window.Maillage || !window.fetch) return;
  var mapDiv = document.getElementById("carte-indicateur");
  var statut = document.getElementById("carte-indicateur-statut");

  var anneau = function (plat, q) {
    var x = 0, y = 0, points = [];
    for (var k = 0; k < plat.length; k += 2) {
      x += plat[k];
      y += plat[k + 1];
      points.push([y / q, x / q]);
    }
    return points;
  };

  // Nom et valeur en nœuds texte (textContent), jamais en HTML concaténé.
  var bulle = function (c, unite) {
    var div = document.createElement("div");
    var titre = document.createElement("strong");
    titre.textContent = c.nom;
    div.appendChild(titre);
    div.appendChild(document.createElement("br"));
    div.appendChild(document.createTextNode(c.valeur === null ? "Sans valeur" : c.valeur + " " + unite));
    return div;
  };

  var dessiner = function (d) {
    var L = window.L;
    var map = L.map(mapDiv, {
      scrollWheelZoom: false, keyboard: false, zoomControl: false, attributionControl: false, zoomSnap: 0.25,
    });
    if (bloc.dataset.tiles) {
      L.tileLayer(bloc.dataset.tiles, { maxZoom: 14 }).addTo(map);
    }
    var couleurs = {};
    d.classes.forEach(function (k) { couleurs[k.numero] = k.couleur; });
    var groupe = L.featureGroup();
    d.communes.forEach(function (c) {
      if (!c.contour) return;
      var latlngs = c.contour.map(function (poly) {
        return poly.map(function (plat) { return anneau(plat, d.quantification); });
      });
      var vide = c.classe === null;
      L.polygon(latlngs, {
        color: "#3a3a3a", weight: vide ? 1 : 0.6, dashArray: vide ? "3 3" : null, fillOpacity: vide ? 0.6 : 0.85,
        fillColor: vide ? d.sans_valeur : couleurs[c.classe],
      }).bindTooltip(bulle(c, d.indicateur.unite), { sticky: true }).addTo(groupe);
    });
    groupe.addTo(map);
    if (groupe.getLayers().length) {
      map.fitBounds(groupe.getBounds(), { padding: [8, 8] });
    } else {
      map.setView([46.6, 2.4], 5);
    }
    // Les formes n'existent qu'une fois la vue posée. Chromium rend focalisable une forme SVG qui écoute « focus »
    // (bulles de Leaflet 1.9) : on la sort du parcours au clavier.
    groupe.eachLayer(function (forme) {
      var el = forme.getElement();
      if (el) el.setAttribute("tabindex", "-1");
    });
    // Leaflet rend le conteneur focalisable : la carte reste hors du parcours au clavier (le tableau suffit).
    mapDiv.removeAttribute("tabindex");
  };

  bloc.hidden = false;
  fetch(bloc.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    })
    .then(function (d) {
      return window.Maillage.chargerLeaflet(bloc).then(function () { dessiner(d); });
    })
    .catch(function () {
      bloc.hidden = true;
      statut.textContent = "La carte n'a pas pu être chargée : le tableau donne les mêmes informations.";
    });
})();
