"""API des aidants : chiffres agrégés du réseau (coordination et financeurs, session) et vérification publique
(sans compte, limitée). Mêmes prédicats et sélecteurs que les pages."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from maillage.aidants import limites, permissions, selectors
from maillage.aidants.enums import Niveau
from maillage.api.erreurs import erreur, erreurs
from maillage.comptes.models import Territoire

router = Router(tags=["aidants"])


class EpciOut(Schema):
    code: str = Field(description="SIREN de l'EPCI (vide : commune sans EPCI)")
    epci: str
    total: int | str = Field(description="Aidants ; « < 5 » pour 1 à 4 hors de la coordination")
    habilites: int | str = Field(description="Habilités Aidants Connect")
    niveaux: dict[str, int | str] = Field(description="Aidants par niveau d'intervention")


class ChiffresOut(Schema):
    territoire: str
    masque: bool = Field(description="Vrai si les effectifs de 1 à 4 sont masqués (« < 5 »)")
    epci: list[EpciOut]


@router.get(
    "/reseau/{slug}/chiffres",
    auth=django_auth,
    response={200: ChiffresOut, **erreurs(401, 404, 422)},
    summary="Chiffres du réseau des aidants par EPCI",
)
def chiffres(request, slug: str):
    """Coordination du territoire : chiffres exacts. Financeurs du territoire : effectifs de 1 à 4 masqués."""
    territoire = get_object_or_404(Territoire, slug=slug)
    if not permissions.can_view_chiffres_reseau(request.user, territoire):
        return Status(404, erreur("Territoire introuvable.", "INTROUVABLE"))
    masquer = not permissions.can_view_reseau(request.user, territoire)
    rows = selectors.comptes_par_epci(territoire, masquer=masquer)
    epci = [
        {"code": r["code"], "epci": r["epci"], "total": r["total"], "habilites": r["habilites"],
         "niveaux": {n: r[n] for n in Niveau.values}}
        for r in rows
    ]  # fmt: skip
    return {"territoire": territoire.nom, "masque": masquer, "epci": epci}


class VerificationIn(Schema):
    prenom: str = Field(max_length=100)
    nom: str = Field(max_length=100)
    structure: str = Field(max_length=200, description="Nom exact de la structure")


class VerificationOut(Schema):
    signataire: bool
    message: str
    version: int | None = None
    depuis: str | None = Field(None, description="Date de la signature (AAAA-MM-JJ)")


@router.post(
    "/verification",
    response={200: VerificationOut, **erreurs(422, 429)},
    summary="Vérifier qu'un aidant ou une aidante a signé la charte (public, limité)",
)
def verification(request, data: VerificationIn):
    """Égalité exacte (sans accents ni casse) sur prénom, nom et structure ; seulement les aidants qui l'ont
    accepté. 20 vérifications par heure et par adresse réseau, puis 429."""
    if not limites.verification_permise(request):
        return Status(429, erreur(limites.MESSAGE, "TROP_DE_REQUETES"))
    found = selectors.verifier_aidant(prenom=data.prenom, nom=data.nom, structure=data.structure)
    if found is None:
        return {"signataire": False, "message": "Aucun aidant signataire ne correspond à ces informations."}
    return {"signataire": True, "message": found.phrase, "version": found.version, "depuis": found.depuis.isoformat()}
