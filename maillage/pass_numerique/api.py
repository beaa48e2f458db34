"""API du Pass numérique : encaissement (même service et mêmes contrôles que la page)."""

from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from maillage.api.erreurs import erreur, erreurs
from maillage.core.utils import client_ip
from maillage.lieux.models import Lieu
from maillage.pass_numerique import codes, selectors, services
from maillage.pass_numerique.enums import MotifRefus
from maillage.pass_numerique.models import ServicePass
from maillage.pass_numerique.permissions import can_redeem_at

router = Router(tags=["pass_numerique"])


class EncaissementIn(Schema):
    code: str
    lieu: UUID
    service: str
    reste_annonce: bool = Field(
        False,
        description="« J'ai dit à la personne ce qui lui reste à payer pour ce service dans ce lieu. » Exigé (true) "
        "quand le lieu laisse un reste à payer pour ce service et que la campagne le permet (tarifs : page "
        "d'encaissement) ; sinon sans effet. Absent ou false alors : refus 422, motif RESTE_NON_ANNONCE, champ "
        "`reste_annonce` nommé dans `erreurs`.",
    )


class EncaissementOut(Schema):
    ok: bool
    message: str
    code: str = ""
    valeur: str = ""


@router.post(
    "/encaissements",
    auth=django_auth,
    response={200: EncaissementOut, **erreurs(400, 401, 403, 404, 409, 422, 429, 503)},
    summary="Encaisser un chèque dans un lieu qualifié",
)
def encaisser(request, payload: EncaissementIn):
    """Refus : 422 (code inconnu, caractère de contrôle faux, campagne inactive, lieu ou service non éligible,
    reste à payer du lieu non confirmé par `reste_annonce` : motif RESTE_NON_ANNONCE),
    409 (chèque annulé ou déjà encaissé), 429 (trop de codes erronés), 403 (pas de l'équipe du lieu),
    503 (SQLite seulement : base momentanément occupée, rien n'est écrit, réessayer). Le `motif` de la réponse
    (`ErreurAPI`) dit lequel : CODE_INCONNU, DEJA_ENCAISSE, TROP_D_ESSAIS, INTERDIT…"""
    lieu = get_object_or_404(Lieu, public_id=payload.lieu)
    if not can_redeem_at(request.user, lieu):
        return Status(403, erreur("Vous n'encaissez pas pour ce lieu.", "INTERDIT"))
    service = ServicePass.objects.filter(code=payload.service, is_active=True).first()
    try:
        cheque = services.redeem_cheque(
            raw_code=payload.code, lieu=lieu, service=service, by=request.user, ip=client_ip(request),
            reste_annonce=payload.reste_annonce,
        )  # fmt: skip
    except services.EncaissementRefuse as refus:
        status = {"ANNULE": 409, "DEJA_ENCAISSE": 409, "TROP_D_ESSAIS": 429, "OCCUPE": 503}.get(refus.motif, 422)
        if refus.motif == MotifRefus.RESTE_NON_ANNONCE:
            confirmer = "Confirmez-le avec le champ reste_annonce à true."
            champ = {"champ": "reste_annonce", "message": confirmer, "regle": "reste_non_annonce"}
            return Status(422, erreur(f"Champ reste_annonce : {refus.message} {confirmer}", str(refus.motif), [champ]))
        return Status(status, erreur(refus.message, str(refus.motif)))
    selectors.invalidate(cheque.campagne_id)
    return Status(
        200,
        {
            "ok": True,
            "message": "Chèque encaissé.",
            "code": codes.format_code(cheque.code),
            "valeur": str(cheque.campagne.valeur_cheque),
        },
    )
