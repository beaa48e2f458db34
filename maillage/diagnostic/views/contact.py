"""« Qu'un lieu me contacte » (public, avec accord) et la liste des demandes pour la structure du lieu."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.formulaires import traiter_bouton
from maillage.core.refus import form_errors
from maillage.diagnostic import services
from maillage.diagnostic.etat import EtatInvalide, lire
from maillage.diagnostic.forms import ContactForm
from maillage.diagnostic.models import DemandeContact
from maillage.diagnostic.permissions import can_list_demandes_contact
from maillage.diagnostic.questions import resultat
from maillage.diagnostic.views.commun import page_legere, sans_referent
from maillage.lieux.enums import Service
from maillage.lieux.models import Lieu


@login_not_required
@require_http_methods(["GET", "POST"])
@sans_referent
@page_legere
def contact(request, public_id):
    lieu = get_object_or_404(Lieu.objects.published(), public_id=public_id)
    try:
        etat = lire(request.POST.get("etat") if request.method == "POST" else request.GET.get("etat"))
    except EtatInvalide as exc:
        return render(request, "diagnostic/etat_perdu.html", {"message": str(exc)}, status=400)
    res = resultat(etat.questionnaire, etat.reponses)
    form = ContactForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.create_demande_contact(lieu=lieu, services=res.services, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return render(request, "diagnostic/contact_envoye.html", {"lieu": lieu, "jeton": etat.jeton()})
    context = {"lieu": lieu, "form": form, "jeton": etat.jeton(), "res": res,
               "texte": services.TEXTES_CONTACT[services.TEXTE_CONTACT_ACTUEL]}  # fmt: skip
    return render(request, "diagnostic/contact.html", context)


@require_http_methods(["GET"])
def demandes(request):
    if not can_list_demandes_contact(request.user):
        raise PermissionDenied
    items = DemandeContact.objects.visible_by(request.user).select_related("lieu")[:200]
    labels = dict(Service.choices)
    rows = [{"demande": d, "besoins": [labels.get(s, s) for s in d.services]} for d in items]
    return render(request, "diagnostic/demandes.html", {"rows": rows})


@require_POST
def traiter(request, public_id):
    demande = get_object_or_404(DemandeContact.objects.visible_by(request.user), public_id=public_id)
    return traiter_bouton(request, lambda: services.mark_demande_traitee(demande=demande, by=request.user),
                          succes="Demande marquée comme traitée.", redirection="diagnostic:demandes")  # fmt: skip


@require_http_methods(["GET", "POST"])
def effacer(request, public_id):
    """Effacer une demande : une page de confirmation (GET), puis l'effacement (POST)."""
    demande = get_object_or_404(DemandeContact.objects.visible_by(request.user).select_related("lieu"),
                                public_id=public_id)  # fmt: skip
    if request.method == "GET":
        return render(request, "diagnostic/demande_effacer.html", {"d": demande})
    return traiter_bouton(request, lambda: services.effacer_demande_contact(demande=demande, by=request.user),
                          succes="Demande effacée : le prénom et le moyen de joindre la personne ne sont plus gardés.",
                          redirection="diagnostic:demandes")  # fmt: skip
