// Carte de l'observatoire : Leaflet (paquet django-leaflet), chargé seulement s'il y a des points.
(function () {
  "use strict";
  var el = document.getElementById("carte-pass");
  var donnees = document.getElementById("carte-donnees");
  if (!el || !donnees) { return; }
  var data = JSON.parse(donnees.textContent);
  function charger(cb) {
    var css = document.createElement("link");
    css.rel = "stylesheet"; css.href = el.dataset.leafletCss; document.head.appendChild(css);
    var s = document.createElement("script");
    s.src = el.dataset.leafletJs; s.onload = cb; document.head.appendChild(s);
  }
  charger(function () {
    var L = window.L;
    var map = L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 18 }).addTo(map);
    }
    var bounds = [];
    function rayon(n) { return 6 + Math.min(24, Math.sqrt(n) * 2); }
    data.remises.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], { radius: rayon(p.n), dashArray: "4 4", fill: false, color: "#000091", weight: 2 })
        .bindTooltip(p.n + " carnet(s) remis — " + p.nom).addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    data.encaissements.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], { radius: rayon(p.n), fillOpacity: 0.7, color: "#b34000", weight: 1 })
        .bindTooltip(p.n + " chèque(s) encaissé(s) — " + p.nom).addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 12 }); }
  });
})();
