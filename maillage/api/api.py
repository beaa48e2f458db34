"""API JSON v1 (django-ninja). Chaque domaine apporte son routeur ; OpenAPI sur /api/v1/openapi.json.

Erreurs : une seule forme, `ErreurAPI` (maillage.api.erreurs). Documentation : Swagger UI servi par nos propres
fichiers statiques (ceux du paquet django-ninja, app `ninja` installée), jamais depuis un CDN.
"""

from ninja import Swagger

from maillage.accompagnements.api import router as accompagnements_router
from maillage.aidants.api import router as aidants_router
from maillage.api.erreurs import APIMaillage, ParserMaillage
from maillage.core.api import router as core_router
from maillage.label.api import router as label_router
from maillage.lieux.api import router as lieux_router
from maillage.orientations.api import router as orientations_router
from maillage.pass_numerique.api import router as pass_router

api = APIMaillage(
    title="API Maillage",
    version="1.0.0",
    description=(
        "API de la plateforme territoriale de médiation numérique. Les lieux et les communes sont publics, "
        "sans compte. Tout ce qui touche une personne demande une session (ou un jeton) et applique les mêmes "
        "règles d'accès que les pages.\n\n"
        "Tout refus (400, 401, 403, 404, 409, 422, 429, 503) a la même forme, le schéma `ErreurAPI` : "
        "`message` (une phrase en français, à montrer telle quelle), `motif` (code stable : "
        "`PARAMETRES_INVALIDES`, `INTROUVABLE`, `DEJA_ENCAISSE`…) et `erreurs`, la liste des paramètres ou "
        "champs refusés (`champ`, `message`, `regle`). Un paramètre hors bornes, mal formé ou contenant un "
        "caractère invisible interdit (caractère nul, caractère de contrôle, moitié de caractère `\\ud800`) "
        "donne 422 et le nomme."
    ),
    parser=ParserMaillage(),
    docs=Swagger(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/communes", core_router)
api.add_router("/lieux", lieux_router)
api.add_router("/orientations", orientations_router)
api.add_router("/accompagnements", accompagnements_router)
api.add_router("/pass", pass_router)
api.add_router("/aidants", aidants_router)
api.add_router("/label", label_router)
api.add_router("/annuaire", "maillage.annuaire.api.router")
api.add_router("/formations", "maillage.formations.api.router")
