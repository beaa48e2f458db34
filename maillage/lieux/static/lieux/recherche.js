/* Page « Trouver un lieu » : améliorations progressives. Sans ce fichier, la page marche (formulaire GET, liste).
 * 1. Autocomplétion commune / code postal (combobox ARIA 1.2, liste de suggestions).
 * 2. « Autour de moi » (géolocalisation du navigateur, avec l'accord de la personne).
 * 3. Carte Leaflet des résultats, chargée à la demande sur petit écran (économie de données), avec un
 *    regroupement maison des marqueurs proches (grille de 60 px : quelques lignes, aucune dépendance).
 */
(function () {
  "use strict";

  var form = document.getElementById("form-recherche");
  if (!form) return;
  var input = document.getElementById("id_ou");
  var code = document.getElementById("id_commune");
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_lon");

  // Adresse de résultats lisible (et partageable) : les champs vides ne sont pas envoyés.
  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (el) {
      var vide = !el.value && (el.type === "hidden" || el.type === "text" || (el.type === "radio" && el.checked));
      if (el.name && !el.disabled && vide) {
        el.disabled = true;
        setTimeout(function () { el.disabled = false; }, 0);
      }
    });
  });

  // — 1. Autocomplétion —
  var box = document.querySelector(".lieux-combobox");
  if (input && code && box && window.fetch) {
    var listbox = document.createElement("ul");
    listbox.id = "ou-suggestions";
    listbox.className = "lieux-suggestions";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Communes proposées");
    listbox.hidden = true;
    var live = document.createElement("p");
    live.className = "fr-sr-only";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    input.parentNode.appendChild(listbox);
    box.appendChild(live);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    var options = [], active = -1, timer = null, lastQuery = "";

    var close = function () {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };
    var setActive = function (index) {
      var items = listbox.children;
      if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && items[active]) {
        items[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[active].id);
        items[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };
    var choose = function (index) {
      var c = options[index];
      if (!c) return;
      input.value = c.label;
      code.value = c.code_insee;
      if (lat) lat.value = "";
      if (lon) lon.value = "";
      live.textContent = c.label + " choisie.";
      close();
    };
    var render = function (communes) {
      options = communes;
      listbox.textContent = "";
      communes.forEach(function (c, i) {
        var li = document.createElement("li");
        li.id = "ou-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = c.label;
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        listbox.appendChild(li);
      });
      active = -1;
      if (communes.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        live.textContent = communes.length + (communes.length > 1 ? " communes proposées" : " commune proposée") +
          " : flèche du bas pour les parcourir, Entrée pour choisir.";
      } else {
        close();
        live.textContent = "Aucune commune ne correspond.";
      }
    };
    var suggest = function () {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      if (q === lastQuery) return;
      lastQuery = q;
      fetch(box.dataset.url + "?limit=8&q=" + encodeURIComponent(q.slice(0, 100)), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (communes) { if (input.value.trim() === q) render(communes); })
        .catch(function () { close(); });
    };
    input.addEventListener("input", function () {
      code.value = "";  // le texte a changé : l'ancien choix ne vaut plus
      if (lat) lat.value = "";
      if (lon) lon.value = "";
      clearTimeout(timer);
      timer = setTimeout(suggest, 200);
    });
    input.addEventListener("keydown", function (event) {
      var n = listbox.children.length;
      if (event.key === "ArrowDown") {
        if (listbox.hidden && n) { listbox.hidden = false; input.setAttribute("aria-expanded", "true"); }
        if (n) { event.preventDefault(); setActive((active + 1) % n); }
      } else if (event.key === "ArrowUp") {
        if (n) { event.preventDefault(); setActive(active <= 0 ? n - 1 : active - 1); }
      } else if (event.key === "Enter") {
        if (!listbox.hidden && active >= 0) { event.preventDefault(); choose(active); }
      } else if (event.key === "Escape") {
        if (!listbox.hidden) { event.preventDefault(); close(); }
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  // — 2. Autour de moi —
  var geoButton = document.getElementById("autour-de-moi");
  var geoStatus = document.getElementById("geoloc-statut");
  if (geoButton && lat && lon && navigator.geolocation) {
    geoButton.hidden = false;
    geoButton.addEventListener("click", function () {
      geoStatus.textContent = "Recherche de votre position…";
      geoButton.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          // Trois décimales (une centaine de mètres) suffisent pour trier par distance.
          lat.value = position.coords.latitude.toFixed(3);
          lon.value = position.coords.longitude.toFixed(3);
          if (input) input.value = "";
          if (code) code.value = "";
          geoStatus.textContent = "Position trouvée : recherche des lieux proches…";
          form.submit();
        },
        function () {
          geoButton.disabled = false;
          geoStatus.textContent = "Nous n'avons pas pu obtenir votre position. Indiquez plutôt votre commune ou votre code postal.";
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
      );
    });
  }

  // — 3. Carte —
  var bloc = document.getElementById("carte-bloc");
  if (!bloc || !window.fetch || !window.Maillage) return;
  var mapButton = document.getElementById("afficher-carte");
  var mapDiv = document.getElementById("carte");
  var mapStatus = document.getElementById("carte-statut");
  bloc.hidden = false;
  var loaded = false;

  // Tout ce qui vient des données (nom, adresse) entre dans la carte en nœuds texte (textContent), jamais en
  // HTML concaténé : un nom comme « <img src=x onerror=…> » s'affiche tel quel, sans être interprété.
  var popupContent = function (group) {
    var div = document.createElement("div");
    var list = document.createElement("ul");
    list.className = "lieux-popup";
    group.forEach(function (p) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = p.url;
      a.textContent = p.nom;
      li.appendChild(a);
      if (p.adresse) {
        li.appendChild(document.createElement("br"));
        li.appendChild(document.createTextNode(p.adresse));
      }
      list.appendChild(li);
    });
    div.appendChild(list);
    return div;
  };

  var countBadge = function (count) {
    var span = document.createElement("span");
    span.textContent = String(count);
    return span;
  };

  var draw = function (points) {
    var L = window.L;
    var map = window.Maillage.carte(bloc, mapDiv, { maxZoom: 19, classeSansFond: "lieux-carte--sans-fond" });
    var layer = L.layerGroup().addTo(map);
    var bounds = window.Maillage.limites(points);
    map.fitBounds(bounds.pad(0.1), { maxZoom: 14 });
    var recluster = function () {
      layer.clearLayers();
      var cells = {};
      points.forEach(function (p) {
        var xy = map.latLngToLayerPoint([p.lat, p.lon]);
        var key = Math.floor(xy.x / 60) + ":" + Math.floor(xy.y / 60);
        (cells[key] = cells[key] || []).push(p);
      });
      Object.keys(cells).forEach(function (key) {
        var group = cells[key];
        var first = group[0];
        if (group.length === 1) {
          L.marker([first.lat, first.lon], { title: first.nom, alt: first.nom, keyboard: true })
            .bindPopup(popupContent(group)).addTo(layer);
          return;
        }
        var groupBounds = window.Maillage.limites(group);
        var label = group.length + " lieux proches";
        var marker = L.marker(groupBounds.getCenter(), {
          title: label, alt: label, keyboard: true,
          icon: L.divIcon({ className: "lieux-groupe", html: countBadge(group.length), iconSize: [36, 36] }),
        });
        var sameSpot = groupBounds.getNorthEast().equals(groupBounds.getSouthWest());
        if (sameSpot || map.getZoom() >= map.getMaxZoom() - 1) {
          marker.bindPopup(popupContent(group));
        } else {
          marker.on("click", function () { map.fitBounds(groupBounds.pad(0.3)); });
        }
        marker.addTo(layer);
      });
    };
    map.on("zoomend", recluster);
    recluster();
  };

  var showMap = function () {
    mapDiv.hidden = false;
    if (mapButton) { mapButton.setAttribute("aria-expanded", "true"); mapButton.hidden = true; }
    if (loaded) return;
    loaded = true;
    mapStatus.textContent = "Chargement de la carte…";
    Promise.all([
      window.Maillage.chargerLeaflet(bloc),
      fetch(bloc.dataset.pointsUrl, { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); }),
    ]).then(function (results) {
      var data = results[1];
      if (!data.points || !data.points.length) {
        mapDiv.hidden = true;
        mapStatus.textContent = "Aucun de ces lieux n'a de position connue : utilisez la liste.";
        return;
      }
      draw(data.points);
      var text = bloc.dataset.tiles ? "" : "Fond de carte non disponible : les lieux sont placés sans fond. ";
      if (data.tronque) text += "La carte montre les " + data.points.length + " premiers lieux ; la liste les donne tous.";
      mapStatus.textContent = text;
    }).catch(function () {
      mapDiv.hidden = true;
      mapStatus.textContent = "La carte n'a pas pu être chargée : la liste donne les mêmes lieux.";
    });
  };

  if (window.matchMedia && window.matchMedia("(min-width: 48em)").matches) {
    showMap();
  } else if (mapButton) {
    mapButton.addEventListener("click", showMap);
  }
})();
