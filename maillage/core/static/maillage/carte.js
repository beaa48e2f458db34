/* Cartes Leaflet des pages (recherche de lieux, page d'un lieu, réseau des aidants) : la mise en place commune,
 * écrite une fois. Chaque page garde ses marqueurs, ses bulles et ses messages.
 * Le bloc de la carte porte les adresses de Leaflet et du fond (data-leaflet-js, data-leaflet-css, data-tiles,
 * data-attribution) : aucun script en ligne, la politique de sécurité du contenu (script-src 'self') reste stricte.
 * Ce fichier se charge avant le script de la page (deux balises « defer » s'exécutent dans l'ordre). */
(function () {
  "use strict";
  var Maillage = (window.Maillage = window.Maillage || {});

  var charger = function (tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  };

  // Leaflet n'est chargé qu'au moment où la page en a besoin (économie de données) ; la promesse échoue si l'un
  // des deux fichiers ne vient pas, et la page dit alors que sa liste ou son tableau donne les mêmes informations.
  Maillage.chargerLeaflet = function (bloc) {
    return Promise.all([
      charger("link", { rel: "stylesheet", href: bloc.dataset.leafletCss }),
      charger("script", { src: bloc.dataset.leafletJs }),
    ]);
  };

  // Une carte sans zoom à la molette (la page défile sans être happée). Sans fond configuré, les points sont
  // placés sur un fond neutre (classe « sans fond » de la page) ; la page dit pourquoi dans son message.
  Maillage.carte = function (bloc, mapDiv, options) {
    var L = window.L;
    var map = L.map(mapDiv, { scrollWheelZoom: false });
    if (bloc.dataset.tiles) {
      L.tileLayer(bloc.dataset.tiles, { maxZoom: options.maxZoom, attribution: bloc.dataset.attribution }).addTo(map);
    } else {
      mapDiv.classList.add(options.classeSansFond);
    }
    return map;
  };

  // Le rectangle qui contient des points { lat, lon }.
  Maillage.limites = function (points) {
    return window.L.latLngBounds(points.map(function (p) { return [p.lat, p.lon]; }));
  };
})();
