"""Écritures sur les profils d'aidants et leurs rattachements. Chaque service revérifie la règle qui protège et
écrit sa ligne de journal en dernier (décision 0010)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.aidants import permissions
from maillage.aidants.enums import AidantEvent, EtatRapprochement, Niveau, StatutAidant
from maillage.aidants.models import AGE_MINIMUM, ProfilAidant, Rapprochement, RattachementAidant
from maillage.aidants.services.journal import journal
from maillage.comptes.models import Structure, Territoire, User
from maillage.comptes.permissions import is_member
from maillage.core.models import Commune
from maillage.core.utils import normalize_text


def check_niveaux(niveaux: Iterable[str]) -> list[str]:
    niveaux = [n for n in Niveau.values if n in set(niveaux or ())]
    if not niveaux:
        raise ValidationError({"niveaux": "Cochez au moins un niveau d'intervention."})
    return niveaux


def check_age(annee_naissance: int | None, today: date | None = None) -> None:
    if annee_naissance is None:
        return
    year = (today or timezone.localdate()).year
    if annee_naissance > year or annee_naissance < year - 120:
        raise ValidationError({"annee_naissance": "Cette année de naissance n'est pas plausible : vérifiez-la."})
    if year - annee_naissance < AGE_MINIMUM:
        raise ValidationError(
            {"annee_naissance": "On peut être aidant ou aidante à partir de 16 ans : cette personne est trop jeune."}
        )


def _check_identite(prenom: str, nom: str) -> tuple[str, str]:
    prenom, nom = (prenom or "").strip(), (nom or "").strip()
    if not normalize_text(prenom) or not normalize_text(nom):
        raise ValidationError("Le prénom et le nom sont obligatoires.")
    return prenom, nom


def _territoires(structure: Structure) -> list[Territoire]:
    return list(Territoire.objects.filter(communes=structure.commune_id))


def _propose_rapprochements(profil: ProfilAidant, structure: Structure, by: User) -> list[Rapprochement]:
    """Même prénom, même nom, même année dans un territoire de la structure : la coordination décidera.

    Jamais de réunion silencieuse : deux personnes peuvent porter le même nom."""
    if profil.annee_naissance is None:
        return []
    created = []
    for territoire in _territoires(structure):
        candidats = (
            ProfilAidant.objects.actifs()
            .in_territoire(territoire)
            .filter(search_text=profil.search_text, annee_naissance=profil.annee_naissance)
            .exclude(pk=profil.pk)
        )
        for existant in candidats[:5]:
            r = Rapprochement.objects.create(profil=profil, profil_existant=existant, territoire=territoire)
            journal(AidantEvent.RAPPROCHEMENT_PROPOSE, by=by, profil=profil, territoire=territoire.pk)
            created.append(r)
    return created


def _attach(profil: ProfilAidant, structure: Structure, statut: str, by: User) -> RattachementAidant:
    if statut not in StatutAidant.values:
        raise ValidationError({"statut": "Choisissez un statut dans la liste."})
    if RattachementAidant.objects.filter(profil=profil, structure=structure, detached_at__isnull=True).exists():
        raise ValidationError("Cette personne est déjà rattachée à cette structure.")
    r = RattachementAidant.objects.create(profil=profil, structure=structure, statut=statut)
    journal(AidantEvent.RATTACHE, by=by, profil=profil, statut=statut)
    return r


@transaction.atomic
def add_aidant(
    *,
    by: User,
    structure: Structure,
    prenom: str,
    nom: str,
    statut: str,
    niveaux: list[str],
    annee_naissance: int | None = None,
    mineur: bool = False,
    email: str = "",
    communes: Iterable[Commune] = (),
    aidants_connect: bool = False,
    aidants_connect_depuis: date | None = None,
) -> ProfilAidant:
    """Un ou une gestionnaire ajoute une personne à sa structure, avec ou sans adresse électronique.

    Adresse d'un compte qui a déjà un profil : on rattache ce profil (une personne, un profil). Même nom et même
    année qu'un aidant du territoire : nouveau profil, et un rapprochement proposé à la coordination."""
    if not permissions.can_manage_aidants_of(by, structure):
        raise PermissionDenied
    prenom, nom = _check_identite(prenom, nom)
    niveaux = check_niveaux(niveaux)
    check_age(annee_naissance)
    email = (email or "").strip().lower()
    # Le compte de cette adresse n'est lié que s'il est membre de la structure (invité, donc d'accord pour y
    # être) : sinon, taper l'adresse de l'aidant d'une autre structure suffirait à se l'approprier (l'archiver,
    # l'effacer, le faire vérifier en public sous son nom). Ailleurs : nouveau profil sans compte, et le
    # rapprochement par nom et année dit à la coordination qu'il s'agit peut-être de la même personne. On ne dit
    # jamais à la structure qu'un profil existe pour cette adresse.
    user = User.objects.filter(email__iexact=email).first() if email else None
    if user is not None and not is_member(user, structure):
        user = None
    if user is not None:
        existant = ProfilAidant.objects.actifs().filter(user=user).first()
        if existant is not None:
            _attach(existant, structure, statut, by)
            return existant
        if ProfilAidant.objects.filter(user=user).exists():
            user = None  # profil archivé : on ne le ressuscite pas en silence
    profil = ProfilAidant(
        user=user, prenom=prenom, nom=nom, email=email, annee_naissance=annee_naissance, mineur=mineur,
        niveaux=niveaux, aidants_connect=aidants_connect,
        aidants_connect_depuis=aidants_connect_depuis if aidants_connect else None,
    )  # fmt: skip
    profil.full_clean()
    profil.save()
    profil.communes.set(communes)
    journal(
        AidantEvent.PROFIL_CREE, by=by, profil=profil, niveaux=niveaux, sans_email=not email,
        mineur=profil.est_mineur(), aidants_connect=aidants_connect,
    )  # fmt: skip
    _attach(profil, structure, statut, by)
    _propose_rapprochements(profil, structure, by)
    return profil


@transaction.atomic
def create_own_profil(
    *, user: User, structure: Structure, statut: str, niveaux: list[str], annee_naissance: int | None = None,
    mineur: bool = False,
) -> ProfilAidant:  # fmt: skip
    """L'aidant ou le médiateur crée son propre profil, rattaché à l'une de ses structures."""
    if ProfilAidant.objects.filter(user=user).exists():
        raise ValidationError("Vous avez déjà un profil d'aidant.")
    if structure.pk not in {m.structure_id for m in user.active_memberships if m.role in permissions.ROLES_AIDANT}:
        raise PermissionDenied
    prenom, nom = _check_identite(user.first_name, user.last_name)
    niveaux = check_niveaux(niveaux)
    check_age(annee_naissance)
    profil = ProfilAidant(
        user=user, prenom=prenom, nom=nom, email=user.email, annee_naissance=annee_naissance, mineur=mineur,
        niveaux=niveaux,
    )  # fmt: skip
    profil.full_clean()
    profil.save()
    journal(
        AidantEvent.PROFIL_CREE, by=user, profil=profil, niveaux=niveaux, sans_email=False, mineur=profil.est_mineur()
    )
    _attach(profil, structure, statut, user)
    _propose_rapprochements(profil, structure, user)
    return profil


@transaction.atomic
def update_niveaux(*, profil: ProfilAidant, by: User, niveaux: list[str]) -> ProfilAidant:
    """Après une première signature, un niveau ajouté attend que ses engagements soient signés
    (`niveaux_en_attente`) : il n'est montré nulle part en public avant."""
    if not permissions.can_edit_profil(by, profil):
        raise PermissionDenied
    voulus = check_niveaux(niveaux)
    avant = set(profil.tous_niveaux)
    a_signe = profil.signatures.filter(withdrawn_at__isnull=True).exists()
    ajoutes = [n for n in voulus if n not in avant]
    retires = [n for n in avant if n not in voulus]
    if not ajoutes and not retires:
        return profil
    confirmes = [n for n in voulus if n in profil.niveaux or (n in ajoutes and not a_signe)]
    attente = [n for n in voulus if n not in confirmes]
    profil.niveaux, profil.niveaux_en_attente = confirmes, attente
    profil.save(update_fields=["niveaux", "niveaux_en_attente", "niveaux_text", "search_text", "updated_at"])
    journal(AidantEvent.NIVEAUX_MODIFIES, by=by, profil=profil, ajoutes=ajoutes, retires=retires, en_attente=attente)
    return profil


@transaction.atomic
def update_profil(
    *, profil: ProfilAidant, by: User, communes: Iterable[Commune], aidants_connect: bool,
    aidants_connect_depuis: date | None = None,
) -> ProfilAidant:  # fmt: skip
    if not permissions.can_edit_profil(by, profil):
        raise PermissionDenied
    if aidants_connect_depuis and aidants_connect_depuis > timezone.localdate():
        raise ValidationError({"aidants_connect_depuis": "La date d'habilitation ne peut pas être dans le futur."})
    profil.aidants_connect = aidants_connect
    profil.aidants_connect_depuis = aidants_connect_depuis if aidants_connect else None
    profil.save(update_fields=["aidants_connect", "aidants_connect_depuis", "updated_at"])
    profil.communes.set(communes)
    return profil


@transaction.atomic
def set_verification_publique(*, profil: ProfilAidant, by: User, ouverte: bool) -> ProfilAidant:
    """Seul l'aidant lui-même accepte ou refuse d'être trouvé par la vérification publique."""
    if profil.user_id != by.pk or profil.archived_at is not None:
        raise PermissionDenied
    if ouverte and profil.est_mineur():
        raise ValidationError("Une personne de moins de 18 ans n'apparaît jamais dans une page publique.")
    if profil.verification_publique == ouverte:
        return profil
    profil.verification_publique = ouverte
    profil.save(update_fields=["verification_publique", "updated_at"])
    event = AidantEvent.VERIFICATION_OUVERTE if ouverte else AidantEvent.VERIFICATION_FERMEE
    journal(event, by=by, profil=profil)
    return profil


@transaction.atomic
def detach_rattachement(*, rattachement: RattachementAidant, by: User) -> RattachementAidant:
    if not permissions.can_manage_rattachement(by, rattachement):
        raise PermissionDenied
    rattachement.detached_at = timezone.now()
    rattachement.save(update_fields=["detached_at", "updated_at"])
    journal(AidantEvent.DETACHE, by=by, profil=rattachement.profil, statut=rattachement.statut)
    return rattachement


@transaction.atomic
def archive_profil(*, profil: ProfilAidant, by: User) -> ProfilAidant:
    """La personne n'aide plus : elle sort des chiffres et de la vérification ; le journal reste."""
    if not permissions.can_archive_profil(by, profil):
        raise PermissionDenied
    profil.archived_at = timezone.now()
    profil.verification_publique = False
    profil.save(update_fields=["archived_at", "verification_publique", "updated_at"])
    journal(AidantEvent.ARCHIVE, by=by, profil=profil)
    return profil


def _merge(source: ProfilAidant, cible: ProfilAidant, by: User) -> None:
    """Les rattachements en cours du profil rapproché passent au profil existant ; le rapproché est archivé."""
    for r in source.rattachements.filter(detached_at__isnull=True).select_related("structure"):
        r.detached_at = timezone.now()
        r.save(update_fields=["detached_at", "updated_at"])
        journal(AidantEvent.DETACHE, by=by, profil=source, statut=r.statut, rapprochement=True)
        if not cible.rattachements.filter(structure=r.structure, detached_at__isnull=True).exists():
            _attach(cible, r.structure, r.statut, by)
    if cible.user_id is None and source.user_id is not None:
        user, source.user = source.user, None
        source.save(update_fields=["user", "updated_at"])
        cible.user = user
        cible.save(update_fields=["user", "updated_at"])
    source.archived_at, source.fusionne_dans, source.verification_publique = timezone.now(), cible, False
    source.save(update_fields=["archived_at", "fusionne_dans", "verification_publique", "updated_at"])
    journal(AidantEvent.ARCHIVE, by=by, profil=source, rapprochement=True)


@transaction.atomic
def decide_rapprochement(*, rapprochement: Rapprochement, by: User, confirme: bool) -> Rapprochement:
    """La coordination dit si les deux profils sont la même personne (réunis) ou non (laissés tels quels)."""
    if not permissions.can_decide_rapprochement(by, rapprochement):
        raise PermissionDenied
    if rapprochement.etat != EtatRapprochement.PROPOSE:
        raise ValidationError("Ce rapprochement a déjà été examiné.")
    source, cible = rapprochement.profil, rapprochement.profil_existant
    if confirme and (source.archived_at or cible.archived_at):
        raise ValidationError("L'un des deux profils est archivé : ils ne peuvent plus être réunis.")
    if confirme:
        _merge(source, cible, by)
    rapprochement.etat = EtatRapprochement.CONFIRME if confirme else EtatRapprochement.REJETE
    rapprochement.decided_by, rapprochement.decided_at = by, timezone.now()
    rapprochement.save(update_fields=["etat", "decided_by", "decided_at", "updated_at"])
    event = AidantEvent.RAPPROCHEMENT_CONFIRME if confirme else AidantEvent.RAPPROCHEMENT_REJETE
    journal(event, by=by, profil=cible)
    return rapprochement
