/* Fiche imprimable : un bouton « Imprimer » (sans JavaScript, la consigne Ctrl + P suffit). */
(function () {
  "use strict";
  var button = document.getElementById("imprimer");
  if (!button || !window.print) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
