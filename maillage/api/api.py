"""API JSON v1 (django-ninja). Chaque domaine apporte son routeur ; OpenAPI sur /api/v1/openapi.json."""

from ninja import NinjaAPI

from maillage.accompagnements.api import router as accompagnements_router
from maillage.core.api import router as core_router
from maillage.lieux.api import router as lieux_router
from maillage.orientations.api import router as orientations_router
from maillage.pass_numerique.api import router as pass_router

api = NinjaAPI(
    title="API Maillage",
    version="1.0.0",
    description=(
        "API de la plateforme territoriale de médiation numérique. Les lieux et les communes sont publics, "
        "sans compte. Tout ce qui touche une personne demande une session (ou un jeton) et applique les mêmes "
        "règles d'accès que les pages."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/communes", core_router)
api.add_router("/lieux", lieux_router)
api.add_router("/orientations", orientations_router)
api.add_router("/accompagnements", accompagnements_router)
api.add_router("/pass", pass_router)
