"""Contacts partenaires tenus par la coordination : ajouter, modifier, archiver (la liste se lit dans `public`)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from maillage.annuaire import permissions, services
from maillage.annuaire.forms import ContactForm
from maillage.annuaire.models import ContactPartenaire
from maillage.comptes.enums import Role
from maillage.comptes.models import Territoire
from maillage.comptes.territoires import territoire_choisi
from maillage.core.formulaires import traiter_bouton, traiter_formulaire


def contact_nouveau(request):
    territoire, territoires = territoire_choisi(request, roles=(Role.COORDINATEUR,),
                                                peut=permissions.can_manage_annuaire)  # fmt: skip
    return _saisie(request, None, territoire=territoire, territoires=territoires)


def _contact_gerable(request, pk) -> ContactPartenaire:
    contact = get_object_or_404(ContactPartenaire.objects.select_related("territoire"), pk=pk, archived_at=None)
    if not permissions.can_manage_annuaire(request.user, contact.territoire):
        raise PermissionDenied
    return contact


def contact_modifier(request, pk):
    contact = _contact_gerable(request, pk)
    return _saisie(request, contact, territoire=contact.territoire, territoires=[])


def _saisie(request, contact: ContactPartenaire | None, *, territoire: Territoire, territoires: list[Territoire]):
    """Un contact nouveau ou à modifier : le même formulaire, les mêmes champs (`services.CHAMPS_CONTACT`)."""
    initial = {champ: getattr(contact, champ) for champ in services.CHAMPS_CONTACT} if contact else None
    form = ContactForm(request.POST or None, initial=initial)

    def enregistrer(d) -> ContactPartenaire:
        if contact is None:
            return services.create_contact(territoire=territoire, by=request.user, **d)
        return services.update_contact(contact=contact, by=request.user, **d)

    reponse = traiter_formulaire(request, form, enregistrer, redirection="annuaire:contacts", succes=(
        "Le contact est modifié." if contact else
        "Le contact est ajouté : les aidants et médiateurs du territoire le voient."
    ))  # fmt: skip
    return reponse or render(request, "annuaire/contact_form.html", {
        "form": form, "contact": contact, "territoire": territoire, "territoires": territoires,
    })  # fmt: skip


@require_POST
def contact_archiver(request, pk):
    contact = _contact_gerable(request, pk)
    return traiter_bouton(request, lambda: services.archive_contact(contact=contact, by=request.user),
                          succes=f"Le contact « {contact} » est archivé : il ne paraît plus dans la liste.",
                          redirection="annuaire:contacts")  # fmt: skip
