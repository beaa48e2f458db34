from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from maillage.comptes.enums import Role


@login_not_required
def accueil(request):
    return render(request, "core/accueil.html")


def tableau_de_bord(request):
    user = request.user
    return render(
        request,
        "core/tableau_de_bord.html",
        {"memberships": user.active_memberships, "roles": user.roles, "Role": Role},
    )


def _static_page(template):
    @login_not_required
    def view(request):
        return render(request, template)

    return view


accessibilite = _static_page("core/accessibilite.html")
mentions_legales = _static_page("core/mentions_legales.html")
donnees_personnelles = _static_page("core/donnees_personnelles.html")
plan_du_site = _static_page("core/plan_du_site.html")


@login_not_required
@never_cache
def healthz(request):
    """Sonde de supervision : 200 si la base répond, 503 sinon."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 — toute panne de base doit rendre 503
        return JsonResponse({"status": "error", "database": str(error.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)
