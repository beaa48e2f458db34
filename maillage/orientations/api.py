"""API des orientations : boîte de réception et réponses. Mêmes QuerySets, prédicats et services que les pages."""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth

from maillage.api.erreurs import erreur, erreur_metier, erreurs
from maillage.orientations import permissions, services
from maillage.orientations.enums import StatutOrientation
from maillage.orientations.models import Orientation

router = Router(tags=["orientations"])


class OrientationOut(Schema):
    public_id: UUID
    statut: str
    besoins: list[str]
    lieu: str
    structure_prescriptrice: str
    personne_prenom: str
    echeance: date | None
    created_at: datetime
    answered_at: datetime | None
    rendez_vous_at: datetime | None


class BoiteFilters(Schema):
    statut: str | None = None
    limit: int = 50
    offset: int = 0


class BoiteOut(Schema):
    total: int
    items: list[OrientationOut]


class AcceptIn(Schema):
    rendez_vous_at: datetime | None = None


class DeclineIn(Schema):
    motif: str
    precision: str = ""


def _out(o: Orientation) -> dict:
    return {
        "public_id": o.public_id, "statut": o.statut, "besoins": o.besoins, "lieu": o.lieu.nom,
        "structure_prescriptrice": o.structure_prescriptrice.nom, "personne_prenom": o.personne_prenom,
        "echeance": o.echeance, "created_at": o.created_at, "answered_at": o.answered_at,
        "rendez_vous_at": o.rendez_vous_at,
    }  # fmt: skip


@router.get(
    "/recues",
    auth=django_auth,
    response={200: BoiteOut, **erreurs(401, 422)},
    summary="Orientations reçues par mes structures",
)
def boite(request, filters: Query[BoiteFilters]):
    """`statut` : ENVOYEE, ACCEPTEE, REFUSEE, REDIRIGEE, CLOSE ; `limit` ≤ 200."""
    qs = Orientation.objects.received_by(request.user).select_related("lieu", "structure_prescriptrice")
    if filters.statut in StatutOrientation.values:
        qs = qs.filter(statut=filters.statut)
    limit = max(1, min(filters.limit, 200))
    total = qs.count()
    offset = max(0, min(filters.offset, total))  # au-delà du total : page vide (et pas d'OFFSET hors des entiers SQL)
    return {"total": total, "items": [_out(o) for o in qs[offset : offset + limit]]}


# 400 : corps illisible ; 401 : sans session ; 404 : orientation d'une autre structure ; 422 : refus du service.
REFUS = erreurs(400, 401, 403, 404, 422)


def _answer(request, public_id, action, **kwargs):
    orientation = get_object_or_404(Orientation.objects.visible_by(request.user), public_id=public_id)
    if not permissions.is_receiver(request.user, orientation):
        return Status(403, erreur("Seule la structure qui reçoit l'orientation y répond.", "INTERDIT"))
    try:
        orientation = action(orientation=orientation, by=request.user, **kwargs)
    except ValidationError as exc:
        return Status(422, erreur_metier(exc))
    return Status(200, _out(orientation))


@router.post("/{public_id}/accepter", auth=django_auth, response={200: OrientationOut, **REFUS})
def accepter(request, public_id: UUID, payload: AcceptIn):
    """404 si l'orientation n'est ni envoyée ni reçue par une de vos structures."""
    return _answer(request, public_id, services.accept_orientation, rendez_vous_at=payload.rendez_vous_at)


@router.post("/{public_id}/refuser", auth=django_auth, response={200: OrientationOut, **REFUS})
def refuser(request, public_id: UUID, payload: DeclineIn):
    return _answer(request, public_id, services.decline_orientation, motif=payload.motif, precision=payload.precision)
