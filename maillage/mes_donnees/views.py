"""« Mes données » : la page publique (sans compte) où la personne tape son code, et la liste des demandes
d'effacement de sa structure pour la gestion et les médiateurs."""

import json
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accompagnements.models import Accompagnement
from maillage.comptes import throttle
from maillage.core.formulaires import traiter_formulaire
from maillage.core.pagination import paginate
from maillage.core.utils import client_ip
from maillage.mes_donnees import permissions, selectors, services
from maillage.mes_donnees.enums import StatutDemande
from maillage.mes_donnees.forms import CodeForm, EffacementForm, EffectuerForm
from maillage.mes_donnees.models import CodePersonnel, DemandeEffacement
from maillage.mes_donnees.templatetags.mes_donnees import code_context

SESSION = "mes_donnees"
#: Après avoir tapé son code, la personne a 30 minutes pour lire, télécharger et demander l'effacement.
DUREE_SESSION = 30 * 60
ESSAIS_PAR_HEURE = 10
INCONNU = (
    "Ce code ne donne accès à aucune donnée. Vérifiez-le sur votre fiche : 10 lettres et chiffres. "
    "Il a peut-être expiré (un code vaut 24 mois). Le lieu qui vous a aidé ou aidée peut vous en remettre un nouveau."
)
TROP = (
    "Trop d'essais de code depuis cette connexion. Par sécurité, réessayez dans une heure. Vous pouvez aussi "
    "demander directement au lieu qui vous a aidé ou aidée."
)


def _code_en_cours(request) -> CodePersonnel | None:
    data = request.session.get(SESSION) or {}
    if time.time() - data.get("at", 0) > DUREE_SESSION:
        return None
    return CodePersonnel.objects.filter(public_id=data.get("code")).first()


@login_not_required
@require_http_methods(["GET", "POST"])
def accueil(request):
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        limite = getattr(settings, "MAILLAGE_MES_DONNEES_ESSAIS_PAR_HEURE", ESSAIS_PAR_HEURE)
        if not throttle.allowed(kind="mes-donnees", value=client_ip(request), limit=limite, window=3600):
            return render(request, "mes_donnees/trop.html", {"message": TROP}, status=429)
        code = services.find_code(raw=form.cleaned_data["code"])
        if code is not None:
            request.session.cycle_key()
            request.session[SESSION] = {"code": str(code.public_id), "at": time.time()}
            services.log_opened(code=code)
            return redirect("mes_donnees:donnees")
        form.add_error("code", INCONNU)
    if form.errors:  # au clavier et au lecteur d'écran : on revient sur le champ, son erreur est lue
        form.fields["code"].widget.attrs["autofocus"] = True
    return render(request, "mes_donnees/accueil.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def donnees(request):
    code = _code_en_cours(request)
    if code is None:
        messages.info(request, "Pour voir vos données, écrivez de nouveau votre code personnel.")
        return redirect("mes_donnees:accueil")
    form = EffacementForm(request.POST if request.method == "POST" else None)
    reponse = traiter_formulaire(
        request, form, lambda _: services.request_erasure(code=code), redirection="mes_donnees:donnees",
        succes="Votre demande d'effacement est envoyée à la structure qui garde vos données.",
    )  # fmt: skip
    return reponse or render(request, "mes_donnees/donnees.html", {"d": selectors.donnees(code), "form": form})


@login_not_required
def copie_json(request):
    code = _code_en_cours(request)
    if code is None:
        return redirect("mes_donnees:accueil")
    services.log_exported(code=code, fmt="json")
    body = json.dumps(selectors.donnees(code), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-maillage.json"'
    return response


@login_not_required
def imprimer(request):
    code = _code_en_cours(request)
    if code is None:
        return redirect("mes_donnees:accueil")
    services.log_exported(code=code, fmt="imprimer")
    return render(request, "mes_donnees/imprimer.html", {"d": selectors.donnees(code)})


@login_not_required
@require_POST
def quitter(request):
    request.session.pop(SESSION, None)
    messages.info(request, "Vous avez quitté vos données. Fermez cette fenêtre si l'ordinateur est partagé.")
    return redirect("mes_donnees:accueil")


def demandes(request):
    if not permissions.can_list_demandes(request.user):
        raise PermissionDenied
    qs = DemandeEffacement.objects.visible_by(request.user).select_related(
        "code__structure", "code__orientation__lieu"
    )
    page = paginate(request, qs.filter(statut=StatutDemande.EN_ATTENTE).order_by("due_at", "pk"))
    faites = qs.filter(statut=StatutDemande.FAITE).order_by("-done_at")[:10]
    return render(request, "mes_donnees/demandes.html", {"page": page, "faites": faites})


@require_http_methods(["GET", "POST"])
def effectuer(request, public_id):
    demande = get_object_or_404(DemandeEffacement.objects.visible_by(request.user), public_id=public_id)
    if demande.statut == StatutDemande.FAITE:
        messages.info(request, "Cette demande d'effacement est déjà faite.")
        return redirect("mes_donnees:demandes")
    if not permissions.can_carry_out_demande(request.user, demande):
        raise PermissionDenied
    form = EffectuerForm(request.POST if request.method == "POST" else None)
    reponse = traiter_formulaire(
        request, form, lambda _: services.carry_out(demande=demande, by=request.user),
        succes="Les données de la personne sont effacées, avec toutes leurs copies.", redirection="mes_donnees:demandes",
    )  # fmt: skip
    return reponse or render(
        request, "mes_donnees/effectuer.html", {"demande": demande, "d": selectors.donnees(demande.code), "form": form}
    )


@never_cache
@require_POST
def remettre_seance(request, public_id):
    """Tire un code personnel pour la personne d'une séance et l'affiche une fois, sur une feuille à imprimer."""
    seance = get_object_or_404(Accompagnement.objects.visible_by(request.user), public_id=public_id)
    code, plain = services.issue_code(by=request.user, accompagnement=seance)
    return render(request, "mes_donnees/code_remis.html", {"seance": seance, **code_context(code, plain)})
