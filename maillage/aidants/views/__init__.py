"""Pages des aidants, par public : l'aidant (profil), la structure, la coordination (réseau, charte), le public."""
