// Boutons « Imprimer » : un attribut data-imprimer plutôt qu'un onclick en ligne, refusé par la politique de
// sécurité du contenu (script-src 'self').
document.addEventListener("click", function (event) {
  "use strict";
  if (event.target.closest && event.target.closest("[data-imprimer]")) {
    window.print();
  }
});
