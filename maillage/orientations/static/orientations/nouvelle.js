// « Orienter une personne » : après « Chercher des lieux », le focus va aux lieux proposés (le titre de l'étape 2
// dit combien), lu par les lecteurs d'écran ; la personne reprend où elle en était. Après un envoi refusé, c'est
// le résumé des erreurs qui reçoit le focus (maillage/resume-erreurs.js), pas les résultats.
document.addEventListener("DOMContentLoaded", () => {
  "use strict";
  const titre = document.querySelector("[data-focus-resultats]");
  if (!titre || document.querySelector("[data-resume-erreurs]")) {
    return;
  }
  titre.scrollIntoView();
  titre.focus();
});
