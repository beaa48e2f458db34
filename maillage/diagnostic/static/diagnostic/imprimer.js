// Bouton « Imprimer » (montré seulement avec JavaScript) et impression automatique après « Imprimer ma fiche ».
(function () {
  document.querySelectorAll("[data-imprimer]").forEach(function (bouton) {
    bouton.hidden = false;
    bouton.addEventListener("click", function () { window.print(); });
  });
  if (document.getElementById("imprimer-auto")) {
    window.setTimeout(function () { window.print(); }, 300);
  }
})();
