// Lecture du QR code par la caméra (bibliothèque html5-qrcode, paquet npm). Sans JavaScript ou sans
// caméra, la saisie du code reste possible : la zone de scan n'apparaît que si tout est disponible.
(function () {
  "use strict";
  if (!window.Html5Qrcode || !navigator.mediaDevices) { return; }
  var zone = document.getElementById("scanner-zone");
  var bouton = document.getElementById("scanner-bouton");
  var champ = document.getElementById("id_code");
  if (!zone || !bouton || !champ) { return; }
  zone.hidden = false;
  var lecteur = null;
  bouton.addEventListener("click", function () {
    if (lecteur) { return; }
    lecteur = new window.Html5Qrcode("scanner");
    lecteur.start({ facingMode: "environment" }, { fps: 10, qrbox: 220 }, function (texte) {
      champ.value = texte;
      lecteur.stop().then(function () { lecteur = null; });
      champ.focus();
    }).catch(function () {
      lecteur = null;
      bouton.textContent = "Caméra indisponible : saisissez le code";
      bouton.disabled = true;
    });
  });
})();
