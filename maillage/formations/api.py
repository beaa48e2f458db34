"""API publique des formations : les sessions à venir (sans compte, aucune donnée personnelle : ni inscrits, ni
lien de connexion d'une session à distance)."""

from datetime import datetime
from decimal import Decimal

from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field, field_validator

from maillage.api.erreurs import erreurs
from maillage.formations import selectors
from maillage.formations.enums import Financement, Format, Theme
from maillage.formations.models import Session
from maillage.label.enums import Competence

router = Router(tags=["formations"])


class CommuneOut(Schema):
    code_insee: str
    nom: str
    departement: str = Field(description="Code du département")


class SessionOut(Schema):
    id: str = Field(description="Identifiant public de la session (UUID)")
    url: str = Field(description="Page de la session sur la plateforme (inscription avec un compte)")
    formation: str = Field(description="Titre de la formation")
    theme: Theme = Field(description="Code du thème")
    theme_libelle: str
    competences: list[str] = Field(description="Codes des compétences Pix travaillées (« 4.2 »)")
    niveaux: list[str] = Field(description="Niveaux d'intervention visés (codes)")
    format: Format
    duree_heures: Decimal
    financement: Financement
    cout_euros: Decimal = Field(description="Coût par personne, en euros (0 : gratuite)")
    structure_formatrice: str = Field(description="Nom de la structure qui forme")
    debut: datetime
    fin: datetime
    a_distance: bool
    lieu: str | None = Field(description="Adresse de la session ; null à distance (le lien est donné aux inscrits)")
    commune: CommuneOut | None
    capacite: int
    places_restantes: int = Field(description="0 : complète, la liste d'attente reste ouverte")


class FiltreSessions(Schema):
    competence: Competence | None = Field(None, description="Code d'une compétence Pix travaillée (« 4.2 »)")
    theme: Theme | None = Field(None, description="Code du thème (DONNEES_SECURITE…)")
    departement: str = Field(
        "", pattern=r"^$|^([0-9]{2}|2A|2B|97[1-6])$", description="Code du département (« 49 », « 2A », « 974 »)"
    )
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)

    @field_validator("competence", "theme", mode="before")
    @classmethod
    def _vide_est_absent(cls, v):
        return v or None


class SessionsOut(Schema):
    count: int
    limit: int
    offset: int
    results: list[SessionOut]


def _session(request, s: Session) -> dict:
    f = s.formation
    commune = None
    if s.commune is not None:
        commune = {"code_insee": s.commune.pk, "nom": s.commune.nom, "departement": s.commune.departement_id}
    return {
        "id": str(s.public_id), "url": request.build_absolute_uri(reverse("formations:session", args=[s.public_id])),
        "formation": f.titre, "theme": f.theme, "theme_libelle": f.get_theme_display(), "competences": f.competences,
        "niveaux": f.niveaux, "format": f.format, "duree_heures": f.duree_heures, "financement": f.financement,
        "cout_euros": f.cout_euros, "structure_formatrice": f.structure_formatrice.nom, "debut": s.debut,
        "fin": s.fin, "a_distance": s.a_distance, "lieu": None if s.a_distance else s.lieu, "commune": commune,
        "capacite": s.capacite, "places_restantes": s.places_restantes,
    }  # fmt: skip


@router.get("/sessions", response={200: SessionsOut, **erreurs(422)}, auth=None,
            summary="Sessions de formation des aidants à venir (public, sans compte)")  # fmt: skip
def sessions(request, filtres: Query[FiltreSessions]):
    """Les prochaines sessions (ordre de début), avec les places restantes. Filtres cumulables : compétence
    travaillée, thème, département. Pagination : `limit` (100 au plus) et `offset`."""
    qs = selectors.sessions_publiques(
        competence=filtres.competence or "", theme=filtres.theme or "", departement=filtres.departement
    )
    page = selectors.avec_places(list(qs[filtres.offset : filtres.offset + filtres.limit]))
    return {"count": qs.count(), "limit": filtres.limit, "offset": filtres.offset,
            "results": [_session(request, s) for s in page]}  # fmt: skip
