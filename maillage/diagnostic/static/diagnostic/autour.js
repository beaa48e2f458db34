// « Autour de moi » : facultatif, avec l'accord du navigateur. La position remplit deux champs cachés et n'est
// jamais gardée. Sans géolocalisation (refus, appareil, délai), un message dit de taper la commune.
(function () {
  var bouton = document.getElementById("autour-de-moi");
  if (!bouton || !("geolocation" in navigator)) { return; }
  var message = document.getElementById("position-message");
  var form = bouton.form;
  bouton.hidden = false;
  bouton.addEventListener("click", function () {
    message.textContent = "Recherche de votre position…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.elements.lat.value = pos.coords.latitude.toFixed(4);
      form.elements.lon.value = pos.coords.longitude.toFixed(4);
      form.elements.ou.value = "";
      form.submit();
    }, function () {
      message.textContent = "Nous n'avons pas pu trouver votre position. Tapez le nom de votre commune, puis « Voir les lieux ».";
      form.elements.ou.focus();
    }, { timeout: 10000, maximumAge: 600000 });
  });
})();
