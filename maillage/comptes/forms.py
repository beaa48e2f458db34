from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from dsfr.forms import DsfrBaseForm

from maillage.comptes import permissions
from maillage.comptes.enums import ROLES_TERRITORIAUX, Role
from maillage.comptes.models import Structure, Territoire
from maillage.core.forms import CommuneField


class LoginForm(DsfrBaseForm, AuthenticationForm):
    username = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie, "
        "ou utilisez « Mot de passe oublié ».",
        "inactive": "Ce compte est désactivé. Contactez le ou la gestionnaire de votre structure.",
        "demo": "Les comptes de démonstration ne fonctionnent pas sur ce site.",
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_demo and not settings.MAILLAGE_DEMO:
            raise forms.ValidationError(self.error_messages["demo"], code="demo")


class DsfrPasswordResetForm(DsfrBaseForm, PasswordResetForm):
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class DsfrSetPasswordForm(DsfrBaseForm, SetPasswordForm):
    pass


class InvitationForm(DsfrBaseForm):
    """Ne propose que les rôles et territoires que la personne qui invite peut donner (`can_grant_role`).

    Le service refait la vérification : le formulaire sert le confort, pas la sécurité.
    """

    email = forms.EmailField(label="Adresse électronique de la personne", help_text="Format attendu : nom@domaine.fr")
    role = forms.ChoiceField(label="Rôle", choices=Role.choices)
    territoire = forms.ModelChoiceField(
        label="Territoire (coordination et financeurs seulement)",
        queryset=Territoire.objects.all(),
        required=False,
    )

    def __init__(self, *args, user, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.structure = user, structure
        roles = set(permissions.grantable_roles(user, structure))
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]
        territoire_ids = set()
        for role in ROLES_TERRITORIAUX & roles:
            ids = permissions.grantable_territoire_ids(user, structure, role)
            if ids is None:  # équipe d'administration : tous les territoires
                territoire_ids = None
                break
            territoire_ids |= ids
        if territoire_ids is None:
            self.fields["territoire"].queryset = Territoire.objects.all()
        elif territoire_ids:
            self.fields["territoire"].queryset = Territoire.objects.filter(pk__in=territoire_ids)
        else:  # aucun rôle territorial à donner : le champ n'a rien à proposer
            del self.fields["territoire"]

    def clean(self):
        data = super().clean()
        role, territoire = data.get("role"), data.get("territoire")
        if role in ROLES_TERRITORIAUX and not territoire:
            self.add_error("territoire", "Choisissez le territoire sur lequel cette personne agira.")
        elif role and not permissions.can_grant_role(
            self.user,
            structure=self.structure,
            role=role,
            territoire=territoire if role in ROLES_TERRITORIAUX else None,
        ):
            self.add_error("territoire", "Vous ne pouvez pas donner ce rôle sur ce territoire.")
        return data


class AcceptInvitationForm(DsfrBaseForm):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 10 caractères, pas uniquement des chiffres, pas un mot de passe courant.",
    )
    password2 = forms.CharField(
        label="Confirmez le mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class StructureForm(DsfrBaseForm, forms.ModelForm):
    commune = CommuneField()

    class Meta:
        model = Structure
        fields = ["nom", "siret", "typologie", "adresse", "code_postal", "commune", "telephone", "email"]
        help_texts = {
            "siret": "14 chiffres, sans espace. Facultatif. Vous le trouvez sur annuaire-entreprises.data.gouv.fr.",
            "typologie": "Le type de structure, selon la liste nationale (data·inclusion).",
        }
