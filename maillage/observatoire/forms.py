"""Le dépôt d'un indicateur par une coordination : la saisie seulement (le fichier est vérifié par le service)."""

from django import forms

#: Un indicateur communal tient en moins de 2 Mo (35 000 lignes courtes).
TAILLE_MAX = 5 * 1024 * 1024


class DepotForm(forms.Form):
    libelle = forms.CharField(label="Nom de l'indicateur", max_length=200,
                              help_text="En mots simples, par exemple « Part des allocataires sans accès internet ».")  # fmt: skip
    unite = forms.CharField(
        label="Unité", max_length=80, initial="%", help_text="Par exemple « % » ou « pour 1 000 habitants »."
    )
    methode = forms.CharField(label="Méthode", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Comment le chiffre est calculé, ce qu'il compte.")  # fmt: skip
    sens = forms.ChoiceField(
        label="Comment se lit-il ?", widget=forms.RadioSelect, initial="haut",
        choices=[("haut", "Plus la valeur est haute, plus la fragilité est grande"),
                 ("bas", "Plus la valeur est haute, moins la fragilité est grande")],
    )  # fmt: skip
    fichier = forms.FileField(
        label="Fichier CSV",
        help_text="Quatre colonnes nommées sur la première ligne : code_insee ; valeur ; annee ; source. "
        "Séparateur « ; » ou « , », virgule décimale acceptée. 5 Mo au plus.",
    )

    def clean_fichier(self):
        f = self.cleaned_data["fichier"]
        if f.size > TAILLE_MAX:
            raise forms.ValidationError("Le fichier dépasse 5 Mo : un indicateur par commune est bien plus petit.")
        return f
