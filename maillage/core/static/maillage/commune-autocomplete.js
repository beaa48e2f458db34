/* Suggestions de communes pour les champs [data-commune-autocomplete] : amélioration seulement,
   le formulaire marche sans JavaScript (le serveur retrouve la commune saisie). */
(function () {
  if (window.maillageCommuneAutocomplete) return;
  window.maillageCommuneAutocomplete = true;
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null, last = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q.length < 2 || q === last) return;
      last = q;
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = "/api/v1/communes?limit=8&q=" + encodeURIComponent(q.split("(")[0].trim() || q);
        var dep = input.getAttribute("data-departement");
        if (dep) url += "&departement=" + encodeURIComponent(dep);
        fetch(url, {headers: {Accept: "application/json"}})
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) {
            list.innerHTML = "";
            items.forEach(function (c) {
              var opt = document.createElement("option");
              opt.value = c.label;
              list.appendChild(opt);
            });
          })
          .catch(function () {});
      }, 200);
    });
  }
  function init() { document.querySelectorAll("input[data-commune-autocomplete]").forEach(attach); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
