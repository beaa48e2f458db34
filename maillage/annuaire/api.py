"""API de l'annuaire : la partie publique des fiches (sans compte) et la feuille de route (session)."""

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from maillage.annuaire import permissions, selectors
from maillage.annuaire.models import Acteur
from maillage.api.erreurs import erreur, erreurs
from maillage.comptes.models import Territoire

router = Router(tags=["annuaire"])


class ActeurOut(Schema):
    public_id: str
    nom: str
    roles: list[str] = Field(description="Rôles dans le réseau (valeurs de RoleReseau)")
    dispositifs: list[str]
    commune_adresse: str = Field(description="Code INSEE de la commune de l'adresse")
    communes_servies: list[str] = Field(description="Codes INSEE du périmètre d'intervention (communes et EPCI)")
    epcis: list[str] = Field(description="SIREN des EPCI déclarés")
    verifiee_le: date
    peut_etre_ancienne: bool = Field(description="Vrai si la fiche n'a pas été vérifiée depuis 18 mois")

    @staticmethod
    def resolve_public_id(obj: Acteur) -> str:
        return str(obj.public_id)

    @staticmethod
    def resolve_nom(obj: Acteur) -> str:
        return obj.structure.nom

    @staticmethod
    def resolve_commune_adresse(obj: Acteur) -> str:
        return obj.structure.commune_id

    @staticmethod
    def resolve_communes_servies(obj: Acteur) -> list[str]:
        return sorted(c.pk for c in obj.communes_servies.all())

    @staticmethod
    def resolve_verifiee_le(obj: Acteur) -> date:
        return timezone.localdate(obj.verified_at)

    @staticmethod
    def resolve_peut_etre_ancienne(obj: Acteur) -> bool:
        return obj.perimee


class FiltreActeurs(Schema):
    q: str = Field("", max_length=100, description="Nom de la structure (sans accents ni casse)")
    role: str = Field("", max_length=30)
    dispositif: str = Field("", max_length=30)
    commune: str = Field("", pattern=r"^$|^[0-9AB]{5}$", description="Code INSEE d'une commune servie")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


class ActeursOut(Schema):
    count: int
    limit: int
    offset: int
    results: list[ActeurOut]


@router.get("/acteurs", response={200: ActeursOut, **erreurs(422)}, auth=None,
            summary="Acteurs du réseau et leur périmètre (public, sans compte)")  # fmt: skip
def acteurs(request, filtres: Query[FiltreActeurs]):
    qs = selectors.recherche_acteurs(q=filtres.q, role=filtres.role, dispositif=filtres.dispositif,
                                     commune=filtres.commune)  # fmt: skip
    page = list(qs.prefetch_related("communes_servies")[filtres.offset : filtres.offset + filtres.limit])
    return {"count": qs.count(), "limit": filtres.limit, "offset": filtres.offset, "results": page}


class IndicateurOut(Schema):
    libelle: str
    chiffre: str
    valeur: int | None = Field(description="Chiffre vivant ; null : « indicateur indisponible »")
    cible: int | None


class ActionOut(Schema):
    titre: str
    statut: str
    pilote: str | None
    partenaires: list[str]
    debut: date | None
    fin: date | None
    indicateurs: list[IndicateurOut]


class AxeOut(Schema):
    titre: str
    actions: list[ActionOut]


class FeuilleOut(Schema):
    territoire: str
    titre: str
    version: int
    statut: str
    axes: list[AxeOut]


@router.get(
    "/feuilles-de-route/{slug}",
    response={200: FeuilleOut, **erreurs(401, 404, 422)},
    auth=django_auth,
    summary="Feuille de route d'un territoire (dernière version publiée ; brouillon pour la coordination)",
)
def feuille_de_route(request, slug: str):
    territoire = get_object_or_404(Territoire, slug=slug)
    fdr = selectors.feuille_affichee(territoire, brouillon=permissions.can_manage_annuaire(request.user, territoire))
    if fdr is None or not permissions.can_view_feuille(request.user, fdr):
        return Status(404, erreur("Aucune feuille de route publiée pour ce territoire.", "INTROUVABLE"))
    axes = selectors.feuille_complete(fdr, timezone.localdate())
    return {
        "territoire": territoire.slug, "titre": fdr.titre, "version": fdr.version, "statut": fdr.statut,
        "axes": [{"titre": axe.titre, "actions": [{
            "titre": a.titre, "statut": a.statut, "pilote": a.pilote.nom if a.pilote else None,
            "partenaires": [p.nom for p in a.partenaires.all()], "debut": a.debut, "fin": a.fin,
            "indicateurs": [{"libelle": i.libelle, "chiffre": i.chiffre, "valeur": i.valeur, "cible": i.cible}
                            for i in a.indicateurs.all()],
        } for a in axe.actions.all()]} for axe in axes],
    }  # fmt: skip
