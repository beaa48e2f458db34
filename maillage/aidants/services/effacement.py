"""Effacement des données personnelles des aidants : à la demande de la personne (gestionnaire, coordination), ou
12 mois après son départ (profil archivé, ou détaché de toute structure) par la commande `anonymiser_aidants`.

Ce qui est effacé, partout où il est recopié : prénom, nom, année de naissance, adresse électronique, lien avec le
compte, communes où elle aide, date d'habilitation ; les rapprochements proposés (ils disent « même nom, même année
qu'un tel ») ; les profils réunis avec le sien (un doublon archivé garde le même nom). Le badge et les exports se
calculent à la lecture sur le profil : ils n'ont plus rien à montrer. Restent, sans nom : les signatures (charte,
niveaux, moyen, date : des preuves) et le journal (des codes et des drapeaux, décision 0011). Le label efface ses
propres copies (`label.services.effacer_donnees_label`).
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from maillage.aidants import permissions
from maillage.aidants.enums import AidantEvent
from maillage.aidants.models import CONSERVATION_APRES_DEPART, ProfilAidant, Rapprochement, RattachementAidant
from maillage.aidants.services.journal import journal
from maillage.comptes.models import User

#: Ce qui reste d'un nom effacé (comme les personnes suivies) : une page qui l'affiche ne montre pas un vide.
ANONYME = "Anonyme"


def _copies(profil: ProfilAidant) -> list[ProfilAidant]:
    """Le profil et ceux qui ont été réunis avec lui (et, de proche en proche, avec eux)."""
    found, todo = [profil], [profil.pk]
    while todo:
        suivants = list(ProfilAidant.objects.filter(fusionne_dans__in=todo, anonymized_at__isnull=True))
        found += suivants
        todo = [p.pk for p in suivants]
    return found


def _erase_one(profil: ProfilAidant, *, by: User | None, raison: str, copie: bool) -> None:
    now = timezone.now()
    detaches = profil.rattachements.filter(detached_at__isnull=True).update(detached_at=now, updated_at=now)
    rapprochements, _ = Rapprochement.objects.filter(Q(profil=profil) | Q(profil_existant=profil)).delete()
    profil.prenom, profil.nom, profil.email = ANONYME, "", ""
    profil.annee_naissance, profil.mineur, profil.user = None, False, None
    profil.aidants_connect_depuis, profil.verification_publique = None, False
    profil.archived_at = profil.archived_at or now
    profil.anonymized_at = now
    profil.save()
    profil.communes.clear()
    # Le label garde aussi des données de la personne (niveaux et preuves, motifs, commentaires d'entretien) : son
    # service les efface dans la même transaction. Import tardif : le label lit les aidants, pas l'inverse.
    from maillage.label.services import effacer_donnees_label

    label = effacer_donnees_label(profil=profil, now=now)
    # Le journal : une raison (code fixe) et des nombres, jamais le nom.
    journal(
        AidantEvent.EFFACE, by=by, profil=profil, raison=raison, rattachements=detaches,
        rapprochements=rapprochements, copie=copie, label=label,
    )  # fmt: skip


def _erase(profil: ProfilAidant, *, by: User | None, raison: str) -> int:
    copies = _copies(profil)
    for p in copies:
        _erase_one(p, by=by, raison=raison, copie=p.pk != profil.pk)
    return len(copies)


@transaction.atomic
def erase_on_request(*, profil: ProfilAidant, by: User) -> int:
    """La personne a demandé l'effacement : tout de suite, toutes les copies. Rend le nombre de profils effacés."""
    profil = ProfilAidant.objects.select_for_update().get(pk=profil.pk)
    if not permissions.can_erase_profil(by, profil):
        raise PermissionDenied
    return _erase(profil, by=by, raison="demande")


def profils_expires(now: datetime | None = None) -> QuerySet[ProfilAidant]:
    """Profils à effacer : archivés depuis plus de 12 mois, ou (non archivés) sans rattachement en cours et partis
    de leur dernière structure depuis plus de 12 mois."""
    limite = (now or timezone.now()) - CONSERVATION_APRES_DEPART
    en_cours = RattachementAidant.objects.filter(profil=OuterRef("pk"), detached_at__isnull=True)
    return (
        ProfilAidant.objects.filter(anonymized_at__isnull=True)
        .annotate(dernier_depart=Max("rattachements__detached_at"))
        .filter(
            Q(archived_at__lt=limite)
            | Q(
                ~Exists(en_cours),
                Q(dernier_depart__lt=limite) | Q(dernier_depart__isnull=True, created_at__lt=limite),
                archived_at__isnull=True,
            )
        )
        .order_by("pk")
    )


def anonymize_expired_profils(*, now: datetime | None = None) -> int:
    """Cron (`anonymiser_aidants`) : idempotent, un profil effacé ne revient jamais dans la liste."""
    done = 0
    for pk in list(profils_expires(now).values_list("pk", flat=True)):
        with transaction.atomic():
            profil = ProfilAidant.objects.select_for_update().filter(pk=pk, anonymized_at__isnull=True).first()
            if profil is not None:
                done += _erase(profil, by=None, raison="conservation_12_mois")
    return done
