"""Distribution des carnets : attribution au stock d'une structure, remise à une personne, annulation.

Aussi les lieux proches d'une structure, imprimés sur la lettre qui accompagne chaque carnet.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.comptes.models import Structure, User
from maillage.core.models import Commune
from maillage.core.utils import pluriel
from maillage.lieux.models import Lieu
from maillage.orientations.models import Orientation
from maillage.pass_numerique.enums import (
    TRANSITIONS_CARNET,
    EtatCarnet,
    StatutCampagne,
    StatutQualification,
    TypeMouvement,
    check_transition,
)
from maillage.pass_numerique.models import (
    Campagne,
    Carnet,
    Cheque,
    Mouvement,
    PointDistribution,
)


@transaction.atomic
def allocate_carnets(*, campagne: Campagne, structure: Structure, nombre: int, by: User) -> tuple[int, int]:
    """Attribuer `nombre` carnets (les premiers numéros libres) au stock d'une structure prescriptrice."""
    campagne = Campagne.objects.select_for_update().get(pk=campagne.pk)
    if campagne.statut != StatutCampagne.GENEREE:
        raise ValidationError("Les carnets s'attribuent une fois générés, et avant la clôture de la campagne.")
    if not structure.commune.territoires.filter(pk=campagne.territoire_id).exists():
        raise ValidationError("Cette structure n'est pas sur le territoire de la campagne.")
    if nombre < 1:
        raise ValidationError("Indiquez un nombre de carnets d'au moins 1.")
    # Attribution en masse : la requête ne prend que des carnets « émis » (sans structure, non annulés), seul état
    # d'où l'on passe « en stock » (TRANSITIONS_CARNET) ; les tests vérifient qu'aucun autre état n'est pris.
    libres = Carnet.objects.filter(campagne=campagne, structure__isnull=True, cancelled_at__isnull=True)
    # Borné au nombre de carnets de la campagne : un nombre démesuré ne part pas en LIMIT SQL (hors des entiers).
    numeros = list(libres.order_by("numero").values_list("numero", flat=True)[: min(nombre, campagne.nombre_carnets)])
    if len(numeros) < nombre:
        raise ValidationError(
            f"Il ne reste que {len(numeros)} carnet{pluriel(len(numeros))} à attribuer pour cette campagne."
        )
    lo, hi = numeros[0], numeros[-1]
    updated = libres.filter(numero__gte=lo, numero__lte=hi).update(structure=structure, allocated_at=timezone.now())
    if updated != nombre:  # carnets libres non contigus (cas rare) : on recommence proprement
        raise ValidationError("Les carnets libres ne se suivent pas : attribuez-les en plusieurs fois.")
    Mouvement.objects.create(
        type=TypeMouvement.ALLOCATION, campagne=campagne, structure=structure, actor=by,
        quantite=nombre * campagne.cheques_par_carnet, montant=nombre * campagne.valeur_carnet,
        details={"nombre_carnets": nombre, "du_numero": lo, "au_numero": hi},
    )  # fmt: skip
    return lo, hi


@transaction.atomic
def hand_out_carnet(
    *,
    carnet: Carnet,
    by: User,
    tranche_age: str,
    commune: Commune | None,
    situation: str,
    besoin: str,
    orientation: Orientation | None = None,
) -> Carnet:
    """Remettre un carnet à une personne : on n'enregistre ni son nom ni ses coordonnées."""
    carnet = Carnet.objects.select_related("campagne").select_for_update().get(pk=carnet.pk)
    campagne = carnet.campagne
    if carnet.cancelled_at:
        precision = "Ce carnet est annulé : il ne peut pas être remis."
    elif carnet.handed_out_at:
        precision = f"Ce carnet a déjà été remis le {timezone.localtime(carnet.handed_out_at):%d/%m/%Y}."
    else:
        precision = "Ce carnet n'est attribué à aucune structure."
    check_transition(
        TRANSITIONS_CARNET, carnet.etat_code, EtatCarnet.REMIS, sujet=f"Carnet n° {carnet.numero}", precision=precision
    )
    if campagne.statut != StatutCampagne.GENEREE or timezone.localdate() > campagne.ends_on:
        raise ValidationError("La campagne est terminée : les carnets ne se distribuent plus.")
    carnet.handed_out_at = timezone.now()
    carnet.handed_out_by = by
    carnet.tranche_age, carnet.commune, carnet.situation, carnet.besoin = tranche_age, commune, situation, besoin
    carnet.orientation = orientation
    carnet.full_clean()
    carnet.save()
    Mouvement.objects.create(
        type=TypeMouvement.DISTRIBUTION, campagne=campagne, carnet=carnet, structure_id=carnet.structure_id,
        actor=by, quantite=campagne.cheques_par_carnet, montant=campagne.valeur_carnet,
        details={"tranche_age": tranche_age, "commune": commune.pk if commune else "", "situation": situation,
                 "besoin": besoin},
    )  # fmt: skip
    return carnet


@transaction.atomic
def cancel_carnet(*, carnet: Carnet, by: User, motif: str) -> int:
    """Annuler un carnet perdu ou volé : ses chèques non encaissés seront refusés. Renvoie leur nombre."""
    if not (motif or "").strip():
        raise ValidationError("Indiquez le motif de l'annulation (perte, vol…).")
    carnet = Carnet.objects.select_related("campagne").select_for_update().get(pk=carnet.pk)
    check_transition(
        TRANSITIONS_CARNET, carnet.etat_code, EtatCarnet.ANNULE, sujet=f"Carnet n° {carnet.numero}",
        precision="Ce carnet est déjà annulé.",
    )  # fmt: skip
    now = timezone.now()
    carnet.cancelled_at, carnet.cancel_reason = now, motif.strip()[:200]
    carnet.save(update_fields=["cancelled_at", "cancel_reason"])
    n = Cheque.objects.filter(carnet=carnet, redeemed_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=now
    )
    Mouvement.objects.create(
        type=TypeMouvement.ANNULATION, campagne=carnet.campagne, carnet=carnet, structure_id=carnet.structure_id,
        actor=by, quantite=n, montant=n * carnet.campagne.valeur_cheque, motif=motif.strip(),
    )  # fmt: skip
    return n


def lieux_proches(structure: Structure, territoire_id: int, limit: int = 8) -> list[tuple[Lieu, float | None]]:
    """Lieux qualifiés et ouverts du territoire, du plus proche au plus loin de la structure (lettre d'accompagnement)."""
    from maillage.core.utils import distance_km

    lieux = list(
        Lieu.objects.published()
        .filter(
            qualifications_pass__territoire_id=territoire_id,
            qualifications_pass__statut=StatutQualification.APPROUVEE,
        )
        .distinct()
    )
    c = structure.commune

    def dist(lieu: Lieu) -> float | None:
        if None in (lieu.latitude, lieu.longitude, c.latitude, c.longitude):
            return None
        return distance_km(c.latitude, c.longitude, lieu.latitude, lieu.longitude)

    ranked = sorted(((lieu, dist(lieu)) for lieu in lieux), key=lambda t: (t[1] is None, t[1] or 0, t[0].nom))
    return ranked[:limit]


@transaction.atomic
def set_point_distribution(*, structure: Structure, visible: bool, precisions: str, by: User) -> PointDistribution:
    """Nommer la structure sur la page publique du Pass numérique de ses territoires (ou l'en ôter).

    La règle (gestionnaire d'une structure qui a reçu des carnets) est revérifiée ici. La ligne garde l'auteur et la
    date du dernier choix ; aucun texte sur une personne.
    """
    from maillage.pass_numerique.permissions import can_publish_point_distribution

    if not can_publish_point_distribution(by, structure):
        raise ValidationError(
            "Seule la ou le gestionnaire d'une structure qui distribue des carnets choisit de la nommer en public."
        )
    point, _ = PointDistribution.objects.select_for_update().get_or_create(
        structure=structure, defaults={"updated_by": by}
    )
    point.visible, point.precisions, point.updated_by = visible, (precisions or "").strip(), by
    point.full_clean()
    point.save()
    return point
