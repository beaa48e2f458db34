import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache


@login_not_required
@transaction.non_atomic_requests  # page d'accueil affichée même base injoignable (visiteur non connecté)
def accueil(request):
    return render(request, "core/accueil.html")


def tableau_de_bord(request):
    # Les rôles de la personne viennent de son compte ; ce qu'elle peut faire, du menu (prédicats de chaque app).
    return render(request, "core/tableau_de_bord.html", {"memberships": request.user.active_memberships})


def _static_page(template):
    # Sans transaction par requête : une page de texte s'affiche même base injoignable, pour qui n'est pas connecté.
    @login_not_required
    @transaction.non_atomic_requests
    def view(request):
        return render(request, template)

    return view


accessibilite = _static_page("core/accessibilite.html")
mentions_legales = _static_page("core/mentions_legales.html")
donnees_personnelles = _static_page("core/donnees_personnelles.html")
plan_du_site = _static_page("core/plan_du_site.html")


@login_not_required
@never_cache
@transaction.non_atomic_requests  # sinon la transaction par requête échouerait avant la sonde : 500 au lieu de 503
def healthz(request):
    """Sonde de supervision : 200 si la base répond, 503 sinon (jamais 500, qui signalerait un défaut du code)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"statut": "indisponible", "base_de_donnees": "injoignable"}, status=503)
        response["Retry-After"] = "30"
        return response
    return JsonResponse({"statut": "ok", "base_de_donnees": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


DATABASE_OUTAGES = (OperationalError, InterfaceError)


def server_error(request):
    """Page d'erreur qui ne dépend de rien : ni base, ni session, ni processeurs de contexte (qui liraient la
    personne connectée en base). Base injoignable : 503 « réessayez », pas une erreur du site."""
    error = sys.exc_info()[1]
    outage = isinstance(error, DATABASE_OUTAGES)
    try:
        html = loader.render_to_string(
            "500.html", {"indisponible": outage, "TERRITOIRE_NOM": settings.MAILLAGE_TERRITOIRE_NOM}
        )
    except Exception:  # noqa: BLE001 — dernier recours : une page d'erreur ne doit jamais échouer
        html = '<!DOCTYPE html><html lang="fr"><title>Erreur</title><h1>Une erreur est survenue</h1></html>'
    if outage:
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(html)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)
