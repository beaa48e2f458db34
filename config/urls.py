from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.urls import include, path

from maillage.api.api import api
from maillage.core import views as core_views

admin.site.site_header = "Maillage — administration"
admin.site.site_title = "Maillage"


PUBLIC_READ_ONLY_API = ("lieux", "communes")


def _api_urls():
    """L'API gère l'accès elle-même (auth=django_auth sur chaque opération privée) :
    le LoginRequiredMiddleware ne doit pas rediriger ses appels vers la page de connexion."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.login_required = False
        # Lectures publiques (lieux, communes) : pas de transaction par requête, deux allers-retours de moins.
        if str(pattern.pattern).startswith(PUBLIC_READ_ONLY_API):
            transaction.non_atomic_requests(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [
    path("", include("maillage.core.urls")),
    path("comptes/", include("maillage.comptes.urls")),
    path("lieux/", include("maillage.lieux.urls")),
    path("orientations/", include("maillage.orientations.urls")),
    path("accompagnements/", include("maillage.accompagnements.urls")),
    path("pass-numerique/", include("maillage.pass_numerique.urls")),
    path("taches/", include("maillage.taches.urls")),
    path("aidants/", include("maillage.aidants.urls")),
    path("label/", include("maillage.label.urls")),
    path("diagnostic/", include("maillage.diagnostic.urls")),
    path("mes-donnees/", include("maillage.mes_donnees.urls")),
    path("formations/", include("maillage.formations.urls")),
    path("annuaire/", include("maillage.annuaire.urls")),
    path("observatoire/", include("maillage.observatoire.urls")),
    path("api/v1/", _api_urls()),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler404 = "maillage.core.views.page_not_found"
handler500 = "maillage.core.views.server_error"
handler403 = "maillage.core.views.permission_denied"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
