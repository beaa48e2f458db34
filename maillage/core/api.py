from ninja import Query, Router, Schema
from pydantic import Field

from maillage.api.erreurs import erreurs
from maillage.core.communes import search_communes

router = Router(tags=["Communes"])


class CommuneOut(Schema):
    code_insee: str
    nom: str
    departement: str = Field(alias="departement_id")
    codes_postaux: list[str]
    population: int
    latitude: float | None
    longitude: float | None
    label: str


class CommuneFilters(Schema):
    q: str = Field(
        ..., min_length=1, max_length=100, description="Début du nom (sans accents), du code postal ou INSEE"
    )
    departement: str | None = Field(None, max_length=3, description="Code du département, pour restreindre")
    limit: int = Field(10, ge=1, le=50)


@router.get(
    "",
    response={200: list[CommuneOut], **erreurs(422)},
    summary="Autocomplétion commune / code postal",
    url_name="search_communes",
)
def communes_autocomplete(request, filters: Query[CommuneFilters]):
    return search_communes(filters.q, departement=filters.departement, limit=filters.limit)
