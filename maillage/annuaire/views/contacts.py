"""Contacts partenaires tenus par la coordination : ajouter, modifier, archiver (la liste se lit dans `public`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.annuaire import permissions, services
from maillage.annuaire.forms import ContactForm
from maillage.annuaire.models import ContactPartenaire
from maillage.comptes.enums import Role
from maillage.comptes.territoires import territoire_choisi
from maillage.core.formulaires import traiter_formulaire
from maillage.core.refus import flash_error


def contact_nouveau(request):
    territoire, territoires = territoire_choisi(request, roles=(Role.COORDINATEUR,),
                                                peut=permissions.can_manage_annuaire)  # fmt: skip
    form = ContactForm(request.POST or None)
    reponse = traiter_formulaire(
        request, form, lambda d: services.create_contact(territoire=territoire, by=request.user, **d),
        succes="Le contact est ajouté : les aidants et médiateurs du territoire le voient.",
        redirection="annuaire:contacts",
    )  # fmt: skip
    return reponse or render(request, "annuaire/contact_form.html", {
        "form": form, "contact": None, "territoire": territoire, "territoires": territoires,
    })  # fmt: skip


def _contact_gerable(request, pk) -> ContactPartenaire:
    contact = get_object_or_404(ContactPartenaire.objects.select_related("territoire"), pk=pk, archived_at=None)
    if not permissions.can_manage_annuaire(request.user, contact.territoire):
        raise PermissionDenied
    return contact


def contact_modifier(request, pk):
    contact = _contact_gerable(request, pk)
    initial = {champ: getattr(contact, champ) for champ in services.CHAMPS_CONTACT}
    form = ContactForm(request.POST or None, initial=initial)
    reponse = traiter_formulaire(
        request, form, lambda d: services.update_contact(contact=contact, by=request.user, **d),
        succes="Le contact est modifié.", redirection="annuaire:contacts",
    )  # fmt: skip
    return reponse or render(request, "annuaire/contact_form.html", {
        "form": form, "contact": contact, "territoire": contact.territoire, "territoires": [],
    })  # fmt: skip


@require_POST
def contact_archiver(request, pk):
    contact = _contact_gerable(request, pk)
    try:
        services.archive_contact(contact=contact, by=request.user)
        messages.success(request, f"Le contact « {contact} » est archivé : il ne paraît plus dans la liste.")
    except ValidationError as e:
        flash_error(request, e)
    return redirect("annuaire:contacts")
