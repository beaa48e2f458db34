from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from maillage.comptes import permissions, services, throttle
from maillage.comptes.forms import (
    AcceptInvitationForm,
    DsfrPasswordResetForm,
    DsfrSetPasswordForm,
    InvitationForm,
    LoginForm,
    StructureForm,
)
from maillage.comptes.models import Invitation, Structure, User
from maillage.core.formulaires import traiter_formulaire
from maillage.core.utils import client_ip


class LoginView(auth_views.LoginView):
    """Connexion ; en plus du verrouillage de django-axes (e-mail + IP), une limite d'échecs par IP (`throttle`)."""

    template_name = "comptes/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if throttle.login_blocked(ip=client_ip(request)):
            # Avant toute vérification du mot de passe : un bon mot de passe trouvé par essais ne passe pas non plus.
            context = self.get_context_data(form=self.form_class(request), throttle_message=throttle.LOGIN_REFUSED)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.data.get("username") and form.data.get("password"):
            throttle.record_login_failure(ip=client_ip(self.request))
        return super().form_invalid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Mot de passe oublié, limité par adresse électronique et par IP (`throttle`) : au-delà, rien n'est envoyé."""

    def form_valid(self, form):
        if not throttle.password_reset_allowed(email=form.cleaned_data["email"], ip=client_ip(self.request)):
            form.add_error(None, throttle.PASSWORD_RESET_REFUSED)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


login_view = login_not_required(LoginView.as_view())
logout_view = auth_views.LogoutView.as_view()

password_reset = login_not_required(
    PasswordResetView.as_view(
        template_name="comptes/password_reset.html",
        form_class=DsfrPasswordResetForm,
        email_template_name="comptes/emails/password_reset.txt",
        subject_template_name="comptes/emails/password_reset_subject.txt",
        success_url=reverse_lazy("comptes:password_reset_done"),
    )
)
password_reset_done = login_not_required(
    auth_views.PasswordResetDoneView.as_view(template_name="comptes/password_reset_done.html")
)
password_reset_confirm = login_not_required(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="comptes/password_reset_confirm.html",
        form_class=DsfrSetPasswordForm,
        success_url=reverse_lazy("comptes:password_reset_complete"),
    )
)
password_reset_complete = login_not_required(
    auth_views.PasswordResetCompleteView.as_view(template_name="comptes/password_reset_complete.html")
)


@login_not_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("structure"), token=token)
    if not invitation.is_usable:
        reason = "a déjà été utilisée" if invitation.accepted_at else "a expiré"
        return render(
            request, "comptes/invitation_invalide.html", {"invitation": invitation, "reason": reason}, status=410
        )
    existing_user = User.objects.filter(email__iexact=invitation.email).first()
    form = None if existing_user else AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and (existing_user or form.is_valid()):
        try:
            if existing_user:
                if not request.user.is_authenticated or request.user.pk != existing_user.pk:
                    messages.info(request, "Vous avez déjà un compte : connectez-vous pour accepter l'invitation.")
                    return redirect(f"{reverse_lazy('comptes:login')}?next={request.path}")
                membership = services.accept_invitation(invitation=invitation, user=request.user)
            else:
                membership = services.accept_invitation(
                    invitation=invitation,
                    password=form.cleaned_data["password1"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"Bienvenue ! Vous êtes {membership.get_role_display().lower()} de {membership.structure}."
            )
            return redirect("core:tableau_de_bord")
    return render(
        request, "comptes/invitation.html", {"invitation": invitation, "form": form, "existing_user": existing_user}
    )


def mes_structures(request):
    memberships = request.user.active_memberships
    return render(request, "comptes/mes_structures.html", {"memberships": memberships})


def structure_detail(request, public_id):
    structure = get_object_or_404(Structure.objects.select_related("commune"), public_id=public_id)
    if not permissions.can_view_structure(request.user, structure):
        # 404 et non 403 : on ne révèle pas l'existence d'une structure à qui n'a pas à la voir.
        raise Http404
    can_manage = permissions.can_manage_structure(request.user, structure)
    can_invite = can_manage or permissions.can_invite_member(request.user, structure)
    members = (
        structure.memberships.filter(is_active=True).select_related("user", "territoire").order_by("user__last_name")
    )
    invitations = structure.invitations.filter(accepted_at__isnull=True).order_by("-created_at") if can_manage else []
    return render(
        request,
        "comptes/structure_detail.html",
        {
            "structure": structure,
            "members": members,
            "invitations": invitations,
            "can_manage": can_manage,
            "can_invite": can_invite,
        },
    )


def _refuse(user, structure: Structure, message: str):
    """Refus d'une action sur une structure : 403 pour ses membres (ils la connaissent), 404 pour les autres,
    à qui l'on ne dit même pas qu'elle existe (ni la coordination ni les financeurs du territoire)."""
    if permissions.is_member(user, structure):
        raise PermissionDenied(message)
    raise Http404


@require_http_methods(["GET", "POST"])
def invite_member(request, public_id):
    structure = get_object_or_404(Structure, public_id=public_id)
    if not permissions.can_invite_member(request.user, structure):
        _refuse(request.user, structure, "Seules les personnes qui gèrent la structure peuvent inviter un membre.")
    form = InvitationForm(request.POST or None, user=request.user, structure=structure)

    def inviter(d) -> Invitation:
        try:
            return services.invite_member(structure=structure, email=d["email"], role=d["role"],
                                          territoire=d.get("territoire"), by=request.user)  # fmt: skip
        except PermissionDenied as error:  # le formulaire l'a déjà vérifié ; ceinture et bretelles
            raise ValidationError(str(error)) from error

    reponse = traiter_formulaire(
        request, form, inviter, succes=lambda invitation: f"Invitation envoyée à {invitation.email}.",
        redirection=reverse("comptes:structure_detail", args=[structure.public_id]),
    )  # fmt: skip
    return reponse or render(request, "comptes/invite.html", {"structure": structure, "form": form})


@require_http_methods(["GET", "POST"])
def structure_edit(request, public_id):
    structure = get_object_or_404(Structure.objects.select_related("commune"), public_id=public_id)
    if not permissions.can_manage_structure(request.user, structure):
        _refuse(request.user, structure, "Seules les personnes qui gèrent la structure peuvent la modifier.")
    form = StructureForm(request.POST or None, instance=structure)
    reponse = traiter_formulaire(
        request, form, lambda _: services.update_structure(structure=form.instance, by=request.user),
        succes="Les informations de la structure sont enregistrées.",
        redirection=reverse("comptes:structure_detail", args=[structure.public_id]),
    )  # fmt: skip
    return reponse or render(request, "comptes/structure_edit.html", {"structure": structure, "form": form})
