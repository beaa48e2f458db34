"""Le diagnostic en autonomie, sans compte : une question par page, le résultat en mots, trois lieux, la fiche.

Tout passe par GET avec un jeton signé (`etat.py`) : retour arrière du navigateur, rechargement et abandon ne
posent aucun problème et rien n'est gardé. Seule l'impression avec un code écrit en base (POST).
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from maillage.core.models import Commune
from maillage.core.utils import de
from maillage.diagnostic.enums import Source
from maillage.diagnostic.etat import EtatInvalide, lire
from maillage.diagnostic.forms import CommuneForm, ReponseForm
from maillage.diagnostic.models import FicheDiagnostic
from maillage.diagnostic.questions import ACTUEL, DOMAINES_PIX, QUESTIONNAIRES, resultat
from maillage.diagnostic.selectors import CARTE_NATIONALE, lieux_proches
from maillage.diagnostic.services import create_fiche, normaliser_code
from maillage.diagnostic.views.commun import PICTOS, chercher_lieux, page_legere, sans_referent
from maillage.diagnostic.views.seance import seance_du_parcours


def _url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def _etat_perdu(request, exc: EtatInvalide):
    return render(request, "diagnostic/etat_perdu.html", {"message": str(exc)}, status=400)


@login_not_required
@require_GET
@page_legere
def accueil(request):
    return render(request, "diagnostic/accueil.html", {"total": len(ACTUEL)})


def _etape(valeur: str | None, total: int) -> int:
    try:
        return min(max(int(valeur or 1), 1), total)
    except ValueError:
        return 1


@login_not_required
@require_GET
@sans_referent
@page_legere
def question(request):
    try:
        etat = lire(request.GET.get("etat"))
    except EtatInvalide as exc:
        return _etat_perdu(request, exc)
    total = len(etat.questionnaire)
    seance = seance_du_parcours(request)
    extra = {"seance": seance.public_id} if seance else {}  # mode accompagné : la séance suit le parcours
    n = _etape(request.GET.get("etape"), total)
    q = etat.questionnaire.questions[n - 1]
    envoye = "envoye" in request.GET
    form = ReponseForm(request.GET if envoye else None, question=q, initial={"reponse": etat.reponses.get(q.code)})
    if envoye and form.is_valid():
        etat = etat.repondre(q.code, form.cleaned_data["reponse"])
        if n == total:
            return redirect(_url("diagnostic:resultat", etat=etat.jeton(), **extra))
        return redirect(_url("diagnostic:question", etat=etat.jeton(), etape=n + 1, **extra))
    jeton = etat.jeton()
    context = {
        "question": q, "form": form, "n": n, "total": total, "jeton": jeton, "picto": PICTOS + q.picto, "seance": seance,
        "precedent": _url("diagnostic:question", etat=jeton, etape=n - 1, **extra) if n > 1
        else reverse("diagnostic:accueil"),
    }  # fmt: skip
    return render(request, "diagnostic/question.html", context)


@login_not_required
@require_GET
@sans_referent
@page_legere
def resultat_view(request):
    try:
        etat = lire(request.GET.get("etat"))
    except EtatInvalide as exc:
        return _etat_perdu(request, exc)
    res = resultat(etat.questionnaire, etat.reponses)
    bound = any(k in request.GET for k in ("ou", "lat"))
    form = CommuneForm(request.GET if bound else None)
    recherche = None
    if bound and form.is_valid():
        recherche = chercher_lieux(form, services=res.services, source=Source.AUTONOME, tirage=etat.tirage)
    context = {
        "res": res, "form": form, "recherche": recherche, "jeton": etat.jeton(), "carte_nationale": CARTE_NATIONALE,
        "seance": seance_du_parcours(request),
        "derniere": _url("diagnostic:question", etat=etat.jeton(), etape=len(etat.questionnaire)),
    }  # fmt: skip
    return render(request, "diagnostic/resultat.html", context)


@login_not_required
@require_POST
def imprimer(request):
    """« Imprimer » : la fiche reçoit un code, gardée 30 jours, puis la page de la fiche s'ouvre pour l'impression."""
    try:
        etat = lire(request.POST.get("etat"))
        commune = Commune.objects.filter(pk=request.POST.get("commune") or "").first()
        fiche = create_fiche(etat=etat, commune=commune)
    except EtatInvalide as exc:
        return _etat_perdu(request, exc)
    except ValidationError as exc:
        return _etat_perdu(request, EtatInvalide(" ".join(exc.messages)))
    return redirect(f"{reverse('diagnostic:fiche', args=[fiche.code])}?imprimer=1")


@login_not_required
@require_GET
@page_legere
def fiche(request, code: str):
    fiche = FicheDiagnostic.objects.valides().filter(code=normaliser_code(code)).first()
    questionnaire = QUESTIONNAIRES.get(fiche.version) if fiche else None
    if fiche is None or questionnaire is None:
        return render(request, "diagnostic/fiche_introuvable.html", {"code": code[:20]}, status=404)
    res = resultat(questionnaire, fiche.reponses)
    lieux = lieux_proches(services=res.services, commune=fiche.commune) if fiche.commune else []
    context = {"fiche": fiche, "res": res, "lieux": lieux, "imprimer": "imprimer" in request.GET,
               "pres_de": f"Des lieux autour {de(fiche.commune.label)}" if fiche.commune else ""}  # fmt: skip
    return render(request, "diagnostic/fiche.html", context)


@login_not_required
@require_GET
@page_legere
def retrouver(request):
    """« J'ai un code » : le code tapé mène à la fiche, ou à une page qui dit pourquoi elle n'existe pas."""
    code = normaliser_code(request.GET.get("code", ""))
    if not code:
        return render(request, "diagnostic/fiche_introuvable.html", {"code": ""}, status=404)
    return redirect("diagnostic:fiche", code=code)


@login_not_required
@require_GET
@page_legere
def papier(request):
    """La version papier (une page A4) et le script d'appel : les mêmes questions, lues des mêmes données."""
    gabarit = (
        "diagnostic/script_appel.html" if request.resolver_match.url_name == "script" else "diagnostic/papier.html"
    )
    return render(request, gabarit, {"questionnaire": ACTUEL, "domaines_pix": DOMAINES_PIX})
