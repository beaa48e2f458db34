"""API du label : la carte des compétences d'un territoire et ses figures d'équité (coordination et financeurs,
session). Mêmes prédicats et sélecteurs que la page : financeurs masqués sous 5, autre territoire 404."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from maillage.api.erreurs import erreur, erreurs
from maillage.comptes.models import Territoire
from maillage.label import equite, permissions, selectors

router = Router(tags=["label"])

_MASQUE = "« < 5 » pour 1 à 4 hors de la coordination"


class NiveauZoneOut(Schema):
    atteint: int | str = Field(description=f"Aidants qui atteignent le profil du niveau ; {_MASQUE}")
    part: float | None = Field(description="Part des aidants de la zone qui l'atteignent, en % ; null si masquée")


class ZoneOut(Schema):
    code: str = Field(description="SIREN de l'EPCI (vide : communes sans EPCI), ou code INSEE de la commune")
    nom: str
    total: int | str = Field(description=f"Aidants ; {_MASQUE}")
    evalues: int | str = Field(description="Aidants qui ont saisi leurs niveaux")
    labellises: int | str = Field(description="Aidants labellisés (label valable aujourd'hui)")
    population: int = Field(description="Habitants des communes du territoire dans la zone")
    labellises_pour_10000: float | None = Field(description="Labellisés pour 10 000 habitants ; null si masqué")
    niveaux: dict[str, NiveauZoneOut] = Field(description="Par niveau d'intervention du référentiel")
    sous_le_niveau: dict[str, int | str] = Field(description="Par compétence : aidants sous le niveau exigé")


class EquiteOut(Schema):
    mesure: str
    niveau: str | None = Field(description="Niveau d'intervention ; null pour les labellisés pour 10 000 habitants")
    zones: int = Field(description="Zones comptées (valeurs masquées et communes sans EPCI exclues)")
    minimum: float | None
    mediane: float | None
    maximum: float | None
    rapport: float | None = Field(description="Maximum / minimum ; null si le minimum est nul ou sans valeur")


class CarteOut(Schema):
    territoire: str
    masque: bool = Field(description="Vrai si les effectifs de 1 à 4 sont masqués (« < 5 »)")
    referentiel_version: int | None
    exemple: bool = Field(description="Vrai si les profils du référentiel sont des exemples")
    epci: str | None = Field(description="L'EPCI demandé : les zones sont alors ses communes")
    zones: list[ZoneOut]
    equite: list[EquiteOut]


class CarteQuery(Schema):
    epci: str | None = Field(None, pattern=r"^\d{9}$", description="SIREN d'un EPCI : ses communes")


@router.get(
    "/carte/{slug}",
    auth=django_auth,
    response={200: CarteOut, **erreurs(401, 404, 422)},
    summary="Carte des compétences d'un territoire et équité entre EPCI",
)
def carte(request, slug: str, filtres: Query[CarteQuery]):
    """Coordination du territoire : chiffres exacts. Financeurs du territoire : effectifs de 1 à 4 masqués, et
    parts et taux tirés de ces effectifs masqués (null)."""
    territoire = get_object_or_404(Territoire, slug=slug)
    if not permissions.can_view_carte(request.user, territoire):
        return Status(404, erreur("Territoire introuvable.", "INTROUVABLE"))
    masquer = not permissions.sees_exact_counts(request.user, territoire)
    try:
        data = selectors.carte_competences(territoire, masquer=masquer, epci=filtres.epci)
    except equite.ZoneHorsTerritoire:
        return Status(404, erreur("Cet EPCI n'a aucune commune dans le territoire.", "INTROUVABLE"))
    ref = data["referentiel"]
    return {
        "territoire": territoire.nom, "masque": masquer, "referentiel_version": ref.version if ref else None,
        "exemple": bool(ref and ref.est_exemple), "epci": data["epci"],
        "zones": [_zone(ligne, data["niveaux"]) for ligne in data["lignes"]], "equite": data["equite"],
    }  # fmt: skip


def _zone(ligne: dict, niveaux: list) -> dict:
    return {
        "code": ligne["code"], "nom": ligne["epci"], "total": ligne["total"], "evalues": ligne["evalues"],
        "labellises": ligne["labellises"], "population": ligne["population"],
        "labellises_pour_10000": ligne["pour_10000"]["valeur"],
        "niveaux": {n.value: {"atteint": a["nombre"], "part": a["part"]["valeur"]}
                    for n, a in zip(niveaux, ligne["atteints"], strict=True)},
        "sous_le_niveau": {c["code"]: c["valeur"] for c in ligne["ecarts"]},
    }  # fmt: skip
