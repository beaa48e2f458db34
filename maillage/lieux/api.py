"""API publique des lieux (sans compte) : recherche, fiche, exports au standard national.

Filtres : valeurs ASCII des listes fermées (`AIDE_DEMARCHES`, `JEUNES`, `GRATUIT`…), répétables
(`?services=A&services=B`) ou séparées par des virgules. Un paramètre hors limites donne 422 (validation du
schéma) ; un paramètre cohérent mais impossible (commune inconnue, rayon sans centre…) donne 400, avec la raison
dans `message` (forme commune `ErreurAPI`, voir maillage.api.erreurs). Réponses publiques et cachables
(`Cache-Control`) pour les réutilisateurs.
"""

import json
import uuid
from datetime import date, datetime, time

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja import Query as QueryParam
from pydantic import BaseModel, Field, field_validator

from maillage.api.erreurs import erreur, erreurs
from maillage.lieux import api_sorties as sorties
from maillage.lieux import enums
from maillage.lieux.exporters import CONTENT_TYPES, stream
from maillage.lieux.horaires import annonce, describe_day, describe_week, fenetres_jour, fenetres_soiree
from maillage.lieux.models import Lieu
from maillage.lieux.schema import LIST_ENUMS
from maillage.lieux.selectors import MAX_RAYON_KM, SearchError, lieu_distance_km, open_now_for, search_lieux
from maillage.lieux.selectors.autour import DISTANCE_EQUIVALENTE_KM

router = Router(tags=["Lieux"])

CACHE_LIST = "public, max-age=60"
CACHE_DETAIL = "public, max-age=300"
CACHE_EXPORT = "public, max-age=3600"


# Schémas de sortie : modèles pydantic simples (pas `ninja.Schema`) : on leur passe des dicts déjà prêts, et la
# validation de ninja (un adaptateur par objet imbriqué) coûtait ~15 % d'une requête de recherche. Même JSON, même
# schéma OpenAPI.
class CodeLibelle(BaseModel):
    code: str
    libelle: str


class ArretOut(BaseModel):
    nom: str
    adresse: str
    code_insee: str | None
    latitude: float | None
    longitude: float | None
    horaires: str


class LieuOut(BaseModel):
    id: uuid.UUID
    nom: str
    adresse: str
    complement_adresse: str
    code_postal: str
    commune: str
    code_insee: str
    latitude: float | None
    longitude: float | None
    position_approximative: bool
    telephone: str
    courriels: list[str]
    site_web: list[str]
    prise_rdv: str
    fiche_acces_libre: str
    horaires: str = Field(description="Syntaxe OpenStreetMap opening_hours")
    horaires_aujourdhui: str = Field(description="Les horaires du jour en mots (heure de Paris)")
    presentation_resume: str
    services: list[CodeLibelle]
    publics_specifiquement_adresses: list[CodeLibelle]
    prise_en_charge_specifique: list[CodeLibelle]
    frais_a_charge: list[CodeLibelle]
    modalites_acces: list[CodeLibelle]
    modalites_accompagnement: list[CodeLibelle]
    dispositif_programmes_nationaux: list[CodeLibelle]
    itinerance: list[CodeLibelle]
    typologie: list[str]
    date_maj: date
    distance_km: float | None = Field(description="Distance au centre de la recherche (arrêt le plus proche)")
    ouvert_maintenant: bool | None = Field(description="null : horaires inconnus")
    horaires_statut: str | None = Field(
        None,
        description="L'état du lieu en une phrase (heure de Paris, jours fériés) : « Ouvert jusqu'à 17 h », "
        "« Ouvre à 14 h », « Fermé aujourd'hui — ouvre lundi à 9 h » ; null : horaires inconnus",
    )


class LieuResultatOut(LieuOut):
    intervient_dans_la_commune: bool = Field(
        description="Avec `commune` : le périmètre déclaré du lieu (annuaire du territoire) comprend cette commune ; "
        "ces lieux viennent en premier. Toujours false sans `commune`."
    )
    a_distance: bool = Field(
        description="Retenu parce qu'il accompagne à distance (téléphone, visio) et que sa zone comprend la commune "
        "de la personne, hors du rayon : `distance_km` reste sa vraie distance ; il est rangé comme s'il était à "
        f"{DISTANCE_EQUIVALENTE_KM:.0f} km."
    )


class LieuDetailOut(LieuOut):
    presentation_detail: str
    pivot: str
    structure_parente: str
    formations_labels: list[CodeLibelle]
    autres_formations_labels: list[str]
    source: str
    arrets: list[ArretOut]
    horaires_semaine: list[list[str]] = Field(description="Sept jours à partir d'aujourd'hui : [jour, horaires]")


class LieuPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[LieuResultatOut]


def _split(values: list[str] | None) -> list[str]:
    out = []
    for v in values or []:
        out += [x.strip().upper() for x in v.split(",") if x.strip()]
    return out


def _enum_list(enum):
    def check(cls, values):
        values = _split(values)
        unknown = [v for v in values if v not in enum.values]
        if unknown:
            raise ValueError(
                f"valeur(s) inconnue(s) : {', '.join(unknown)} ; valeurs possibles : {', '.join(enum.values)}"
            )
        return values

    return check


class LieuFilters(Schema):
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude du centre (WGS84)")
    lon: float | None = Field(None, ge=-180, le=180, description="Longitude du centre (WGS84)")
    rayon_km: float | None = Field(None, gt=0, le=MAX_RAYON_KM, description="Rayon autour du centre, en km")
    commune: str | None = Field(
        None,
        pattern=r"^([013-9]\d|2[AB1-9])\d{3}$",
        description="Code INSEE : lieux de la commune (ou centre) ; ceux qui y interviennent d'abord",
    )
    services: list[str] | None = Field(None, description=f"Au moins un de : {', '.join(enums.Service.values)}")
    besoin: str | None = Field(None, description=f"Groupe de besoins : {', '.join(enums.Besoin.values)}")
    publics: list[str] | None = Field(None, description=f"Au moins un de : {', '.join(enums.Public.values)}")
    frais: list[str] | None = Field(None, description=f"Au moins un de : {', '.join(enums.Frais.values)}")
    prise_en_charge: list[str] | None = Field(
        None, description=f"Besoins particuliers, au moins un de : {', '.join(enums.PriseEnCharge.values)}"
    )
    a_distance: bool = Field(
        True,
        description="Avec un rayon ou une commune : ajoute les lieux qui aident à distance et dont la zone comprend la "
        "commune de la personne (`commune`, sinon celle dont le centre est le plus proche de lat/lon) : leur "
        "périmètre déclaré dans l'annuaire, sinon leur département. `false` : seulement les lieux où l'on se rend.",
    )
    accessible: bool = Field(False, description="Fiche Accès libre, ou accueil des handicaps moteurs")
    pass_numerique: bool = Field(False, description="Lieu qualifié Pass numérique")
    ouvert_maintenant: bool = Field(False, description="Seulement les lieux ouverts maintenant (heure de Paris)")
    soiree: bool = Field(False, description="Ouverts après 18 h l'un des 7 prochains jours (jours fériés écartés)")
    samedi: bool = Field(False, description="Ouverts le prochain samedi non férié")
    jour: int | None = Field(
        None, ge=0, le=6, description="Ouverts le prochain [jour] non férié : 0 lundi … 6 dimanche"
    )
    heure: time | None = Field(None, description="Avec `jour` : ouverts ce jour-là à cette heure (HH:MM)")
    q: str | None = Field(None, max_length=100, description="Texte (nom, commune, adresse), sans accents ni casse")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)

    _services = field_validator("services")(classmethod(_enum_list(enums.Service)))
    _publics = field_validator("publics")(classmethod(_enum_list(enums.Public)))
    _frais = field_validator("frais")(classmethod(_enum_list(enums.Frais)))
    _prise_en_charge = field_validator("prise_en_charge")(classmethod(_enum_list(enums.PriseEnCharge)))

    @field_validator("besoin")
    @classmethod
    def _besoin(cls, value):
        if value and value.strip().upper() not in enums.Besoin.values:
            raise ValueError(f"besoin inconnu ; valeurs possibles : {', '.join(enums.Besoin.values)}")
        return value.strip().upper() if value else None


_CHOICES: dict = {}


def _cl(enum, values) -> list[dict]:
    labels = _CHOICES.get(enum) or _CHOICES.setdefault(enum, dict(enum.choices))
    return [{"code": v, "libelle": labels[v]} for v in values or [] if v in labels]


# Listes fermées (schema.py) en `{code, libelle}` ; les formations et labels ne sont que dans la fiche d'un lieu.
_LIST_FIELDS_IN_LIST = [name for name in LIST_ENUMS if name != "formations_labels"]


def _lieu_out(lieu: Lieu, distance, ouvert, today: date, now: datetime | None = None) -> dict:
    return {
        "id": lieu.public_id,
        "nom": lieu.nom,
        "adresse": lieu.adresse,
        "complement_adresse": lieu.complement_adresse,
        "code_postal": lieu.code_postal,
        "commune": lieu.commune,
        "code_insee": lieu.code_insee,
        "latitude": lieu.latitude,
        "longitude": lieu.longitude,
        "position_approximative": lieu.position_approximative,
        "telephone": lieu.telephone,
        "courriels": lieu.courriels,
        "site_web": lieu.site_web,
        "prise_rdv": lieu.prise_rdv,
        "fiche_acces_libre": lieu.fiche_acces_libre,
        "horaires": lieu.horaires,
        "horaires_aujourdhui": describe_day(lieu.horaires, today) if lieu.horaires else "",
        "presentation_resume": lieu.presentation_resume,
        **{name: _cl(LIST_ENUMS[name], getattr(lieu, name)) for name in _LIST_FIELDS_IN_LIST},
        "typologie": lieu.typologie,
        "date_maj": lieu.date_maj,
        "distance_km": distance,
        "ouvert_maintenant": ouvert,
        "horaires_statut": annonce(lieu.horaires, now or timezone.now()) if lieu.horaires else None,
    }


def _fixe_du_lieu(lieu: Lieu) -> dict:
    """La partie fixe d'un lieu (recherche sans centre, qui rend des objets) : comme le cache de `api_sorties`."""
    out = _lieu_out(lieu, None, None, date.today())
    for name in ("horaires_aujourdhui", "distance_km", "ouvert_maintenant", "horaires_statut"):
        out.pop(name)
    return out


def _creneaux(filters: LieuFilters, now: datetime) -> list:
    today = timezone.localdate(now)
    creneaux = [fenetres_soiree(today)] if filters.soiree else []
    if filters.samedi:
        creneaux.append(fenetres_jour(today, 5))
    if filters.jour is not None:
        creneaux.append(fenetres_jour(today, filters.jour, filters.heure, now=now))
    return creneaux


@router.get(
    "",
    response={200: LieuPage, **erreurs(400, 422)},
    summary="Rechercher des lieux publiés",
    description="Triés par distance s'il y a un centre (lat/lon, ou commune), sinon par nom. Avec `commune`, les "
    "lieux qui interviennent dans cette commune (périmètre déclaré dans l'annuaire) viennent d'abord "
    "(`intervient_dans_la_commune`) ; sans rayon, ils s'ajoutent aux lieux situés dans la commune.",
)
def list_lieux(request, filters: Query[LieuFilters]):
    now = timezone.now()
    if filters.heure is not None and filters.jour is None:
        return Status(
            400, erreur("Une heure demande un jour (`jour`, de 0 lundi à 6 dimanche).", "RECHERCHE_IMPOSSIBLE")
        )
    try:
        result = search_lieux(
            lat=filters.lat,
            lon=filters.lon,
            rayon_km=filters.rayon_km,
            commune=filters.commune,
            services=filters.services,
            besoin=filters.besoin,
            publics=filters.publics,
            frais=filters.frais,
            prise_en_charge=filters.prise_en_charge,
            creneaux=_creneaux(filters, now),
            accessible=filters.accessible,
            pass_numerique=filters.pass_numerique,
            ouvert_maintenant=filters.ouvert_maintenant,
            q=filters.q,
            now=now,
            limit=filters.limit,
            offset=filters.offset,
            a_distance=filters.a_distance,
            lecteur=sorties.lire,
        )
    except SearchError as e:
        return Status(400, erreur(str(e), "RECHERCHE_IMPOSSIBLE"))
    today = timezone.localdate(now)
    page = {
        "total": result.total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [sorties.sortie(r, today, now, _fixe_du_lieu) for r in result.items],
    }
    # Sérialisé une fois, sans revalider ce que nous venons de construire (le schéma `LieuPage` documente la
    # réponse ; `tests/lieux/test_api.py` vérifie qu'elle le suit).
    return HttpResponse(
        json.dumps(page, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")),
        content_type="application/json; charset=utf-8",
        headers={"Cache-Control": CACHE_LIST},
    )


def _export(fmt: str, filename: str):
    resp = StreamingHttpResponse(stream(fmt), content_type=CONTENT_TYPES[fmt])
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    resp["Cache-Control"] = CACHE_EXPORT
    return resp


@router.get("/export.csv", summary="Export CSV au standard national v1.0.2 (lieux publiés)", response={200: None})
def export_csv(request):
    return _export("csv", f"{timezone.localdate():%Y-%m-%d}_lieux-de-mediation-numerique.csv")


@router.get("/export.json", summary="Export JSON (clés du standard, lieux publiés)", response={200: None})
def export_json(request):
    return _export("json", f"{timezone.localdate():%Y-%m-%d}_lieux-de-mediation-numerique.json")


@router.get("/export.geojson", summary="Export GeoJSON (lieux publiés positionnés)", response={200: None})
def export_geojson(request):
    return _export("geojson", f"{timezone.localdate():%Y-%m-%d}_lieux-de-mediation-numerique.geojson")


@router.get("/{uuid:public_id}", response={200: LieuDetailOut, **erreurs(404, 422)}, summary="Fiche d'un lieu publié")
def get_lieu(
    request,
    response: HttpResponse,
    public_id: uuid.UUID,
    lat: float | None = QueryParam(None, ge=-90, le=90, description="Pour la distance (facultatif)"),
    lon: float | None = QueryParam(None, ge=-180, le=180),
):
    lieu = Lieu.objects.published().prefetch_related("arrets__commune").filter(public_id=public_id).first()
    if lieu is None:
        raise Http404("Lieu introuvable.")
    now = timezone.now()
    today = timezone.localdate(now)
    distance = lieu_distance_km(lieu, lat, lon) if lat is not None and lon is not None else None
    data = _lieu_out(lieu, distance, open_now_for(lieu, now), today, now)
    data.update(
        {
            "presentation_detail": lieu.presentation_detail,
            "pivot": lieu.pivot,
            "structure_parente": lieu.structure_parente,
            "formations_labels": _cl(LIST_ENUMS["formations_labels"], lieu.formations_labels),
            "autres_formations_labels": lieu.autres_formations_labels,
            "source": lieu.source,
            "arrets": [
                {
                    "nom": a.nom,
                    "adresse": a.adresse,
                    "code_insee": a.commune_id,
                    "latitude": a.latitude,
                    "longitude": a.longitude,
                    "horaires": a.horaires,
                }
                for a in lieu.arrets.all()
            ],
            "horaires_semaine": [list(d) for d in describe_week(lieu.horaires, today)] if lieu.horaires else [],
        }
    )
    response.headers["Cache-Control"] = CACHE_DETAIL
    return Status(200, data)
