// Formulaire refusé : le focus va au résumé des erreurs (components/resume_erreurs.html), lu par les lecteurs
// d'écran ; chacun de ses liens met le focus dans son champ (un simple lien vers une ancre ne fait que défiler).
document.addEventListener("DOMContentLoaded", () => {
  const resume = document.querySelector("[data-resume-erreurs]");
  if (!resume) {
    return;
  }
  resume.focus();
  resume.addEventListener("click", (event) => {
    const lien = event.target.closest("a[href^='#']");
    const champ = lien && document.getElementById(lien.getAttribute("href").slice(1));
    if (!champ) {
      return;
    }
    event.preventDefault();
    const details = champ.closest("details");
    if (details) {
      details.open = true;
    }
    (champ.closest("fieldset") || champ).scrollIntoView();
    champ.focus();
  });
});
