"""Écritures sur la charte des engagements : brouillon, engagements, publication, import, signature, retrait."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maillage.aidants import permissions, selectors
from maillage.aidants.enums import TRANSITIONS_CHARTE, AidantEvent, EtatCharte, MoyenSignature
from maillage.aidants.models import CharteAidants, Engagement, ProfilAidant, ReglagesAidants, SignatureCharte
from maillage.aidants.services.journal import journal
from maillage.aidants.services.profils import check_niveaux
from maillage.comptes.models import Territoire, User
from maillage.core.transitions import check_transition

CHARTE_FIGEE = (
    "Cette version de la charte est publiée : elle ne change plus. Créez une nouvelle version pour la modifier."
)


def _check_brouillon(charte: CharteAidants) -> None:
    if charte.etat != EtatCharte.BROUILLON:
        raise ValidationError(CHARTE_FIGEE)


def _check_coordination(by: User, territoire: Territoire) -> None:
    if not permissions.can_manage_charte(by, territoire):
        raise PermissionDenied


@transaction.atomic
def create_brouillon(
    *, territoire: Territoire, by: User, titre: str = "", preambule: str = "", depuis: CharteAidants | None = None,
    est_exemple: bool = False,
) -> CharteAidants:  # fmt: skip
    """Nouvelle version en brouillon, vide ou copiée d'une version existante (ses engagements aussi)."""
    _check_coordination(by, territoire)
    if CharteAidants.objects.filter(territoire=territoire, etat=EtatCharte.BROUILLON).exists():
        raise ValidationError("Un brouillon existe déjà : terminez-le ou publiez-le avant d'en commencer un autre.")
    version = (CharteAidants.objects.filter(territoire=territoire).aggregate(m=Max("version"))["m"] or 0) + 1
    charte = CharteAidants.objects.create(
        territoire=territoire, version=version, titre=(titre or (depuis.titre if depuis else "")).strip()
        or "Charte des aidants et des aidantes", preambule=preambule or (depuis.preambule if depuis else ""),
        est_exemple=est_exemple or bool(depuis and depuis.est_exemple),
    )  # fmt: skip
    if depuis is not None:
        Engagement.objects.bulk_create(
            Engagement(charte=charte, numero=e.numero, texte=e.texte, niveaux=e.niveaux)
            for e in depuis.engagements.all()
        )
    return charte


@transaction.atomic
def update_brouillon(*, charte: CharteAidants, by: User, titre: str, preambule: str) -> CharteAidants:
    _check_coordination(by, charte.territoire)
    _check_brouillon(charte)
    charte.titre, charte.preambule = titre.strip() or charte.titre, preambule
    charte.save(update_fields=["titre", "preambule", "updated_at"])
    return charte


@transaction.atomic
def add_engagement(*, charte: CharteAidants, by: User, texte: str, niveaux: list[str]) -> Engagement:
    """`niveaux` vide : l'engagement lie tout le monde."""
    _check_coordination(by, charte.territoire)
    _check_brouillon(charte)
    texte = (texte or "").strip()
    if not texte:
        raise ValidationError({"texte": "Écrivez l'engagement."})
    niveaux = check_niveaux(niveaux) if niveaux else []
    numero = (charte.engagements.aggregate(m=Max("numero"))["m"] or 0) + 1
    return Engagement.objects.create(charte=charte, numero=numero, texte=texte, niveaux=niveaux)


@transaction.atomic
def remove_engagement(*, engagement: Engagement, by: User) -> None:
    """Retire un engagement d'un brouillon ; les suivants sont renumérotés (pas de trou dans la liste)."""
    charte = engagement.charte
    _check_coordination(by, charte.territoire)
    _check_brouillon(charte)
    engagement.delete()
    for i, e in enumerate(charte.engagements.order_by("numero"), start=1):
        if e.numero != i:
            Engagement.objects.filter(pk=e.pk).update(numero=i)


@transaction.atomic
def import_charte(*, territoire: Territoire, by: User, data: dict, est_exemple: bool = False) -> CharteAidants:
    """Un export (JSON ou Markdown, déjà lu par `echange.parse`) devient un brouillon du territoire."""
    charte = create_brouillon(
        territoire=territoire, by=by, titre=data["titre"], preambule=data["preambule"], est_exemple=est_exemple
    )
    Engagement.objects.bulk_create(
        Engagement(charte=charte, numero=i, texte=e["texte"], niveaux=e["niveaux"])
        for i, e in enumerate(data["engagements"], start=1)
    )
    return charte


@transaction.atomic
def publish_charte(*, charte: CharteAidants, by: User) -> CharteAidants:
    """Publie un brouillon ; la version publiée jusque-là est remplacée (ses signatures valent encore pendant le
    délai de re-signature du territoire)."""
    _check_coordination(by, charte.territoire)
    charte = CharteAidants.objects.select_for_update().get(pk=charte.pk)
    check_transition(
        TRANSITIONS_CHARTE, charte.etat, EtatCharte.PUBLIEE, sujet="Cette charte",
        precision="Une version déjà publiée ne peut pas devenir publiée une seconde fois : créez une nouvelle version.",
    )  # fmt: skip
    if not charte.engagements.exists():
        raise ValidationError("Une charte sans engagement ne peut pas être publiée.")
    now = timezone.now()
    precedente = selectors.charte_publiee(charte.territoire)
    if precedente is not None:
        check_transition(TRANSITIONS_CHARTE, precedente.etat, EtatCharte.REMPLACEE, sujet="La version publiée")
        precedente.etat, precedente.superseded_at = EtatCharte.REMPLACEE, now
        precedente.save(update_fields=["etat", "superseded_at", "updated_at"])
    charte.etat, charte.published_at = EtatCharte.PUBLIEE, now
    charte.save(update_fields=["etat", "published_at", "updated_at"])
    journal(
        AidantEvent.CHARTE_PUBLIEE, by=by, charte=charte, version=charte.version,
        engagements=charte.engagements.count(), remplace=precedente.version if precedente else None,
    )  # fmt: skip
    return charte


@transaction.atomic
def set_delai_resignature(*, territoire: Territoire, by: User, jours: int) -> ReglagesAidants:
    _check_coordination(by, territoire)
    if not 0 <= jours <= 730:
        raise ValidationError({"jours": "Le délai va de 0 à 730 jours."})
    reglages, _ = ReglagesAidants.objects.update_or_create(
        territoire=territoire, defaults={"delai_resignature_jours": jours}
    )
    return reglages


def _check_signataire(profil: ProfilAidant, charte: CharteAidants, by: User, moyen: str) -> None:
    if moyen == MoyenSignature.EN_LIGNE:
        if not permissions.can_sign_charte(by, profil):
            raise PermissionDenied
        return
    structures = profil.rattachements.filter(
        detached_at__isnull=True, structure__commune__territoires=charte.territoire
    ).select_related("structure")
    if not any(permissions.can_manage_aidants_of(by, r.structure) for r in structures):
        raise PermissionDenied


def _check_date(charte: CharteAidants, signed_on: date) -> None:
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "La date de signature ne peut pas être dans le futur."})
    if signed_on < timezone.localdate(charte.published_at):
        raise ValidationError(
            {"signed_on": f"La version {charte.version} a été publiée le {timezone.localdate(charte.published_at):%d/%m/%Y} : "
             "une signature ne peut pas être plus ancienne."}
        )  # fmt: skip


@transaction.atomic
def sign_charte(
    *, profil: ProfilAidant, charte: CharteAidants, by: User, moyen: str = MoyenSignature.EN_LIGNE,
    signed_on: date | None = None,
) -> SignatureCharte:  # fmt: skip
    """L'aidant signe en ligne, ou sa ou son gestionnaire note une signature sur papier (date, qui l'a recueillie).

    La signature couvre tous les niveaux du profil : les niveaux en attente deviennent visibles."""
    if charte.etat != EtatCharte.PUBLIEE:
        raise ValidationError(
            "On ne signe que la version publiée de la charte (celle-ci est un brouillon ou a été remplacée)."
        )
    if profil.archived_at is not None:
        raise ValidationError("Ce profil est archivé.")
    if moyen not in MoyenSignature.values:
        raise ValidationError("Moyen de signature inconnu.")
    _check_signataire(profil, charte, by, moyen)
    signed_on = signed_on or timezone.localdate()
    _check_date(charte, signed_on)
    niveaux = profil.tous_niveaux
    deja = profil.signatures.filter(charte=charte, withdrawn_at__isnull=True)
    if any(set(niveaux) <= set(s.niveaux_signes) for s in deja):
        raise ValidationError("Cette version de la charte est déjà signée pour tous ces niveaux.")
    signature = SignatureCharte.objects.create(
        profil=profil, charte=charte, niveaux_signes=niveaux, moyen=moyen, signed_on=signed_on,
        recueillie_par=by if moyen == MoyenSignature.PAPIER else None,
    )  # fmt: skip
    if profil.niveaux_en_attente:
        profil.niveaux, profil.niveaux_en_attente = niveaux, []
        profil.save(update_fields=["niveaux", "niveaux_en_attente", "niveaux_text", "search_text", "updated_at"])
    journal(
        AidantEvent.SIGNE, by=by, profil=profil, charte=charte, version=charte.version, moyen=moyen, niveaux=niveaux
    )
    return signature


@transaction.atomic
def withdraw_signature(*, profil: ProfilAidant, territoire: Territoire, by: User) -> int:
    """L'aidant retire sa signature : il disparaît aussitôt de la vérification publique ; le journal reste."""
    if not (profil.user_id == by.pk or permissions.can_edit_profil(by, profil)):
        raise PermissionDenied
    signatures = list(profil.signatures.filter(charte__territoire=territoire, withdrawn_at__isnull=True))
    if not signatures:
        raise ValidationError("Il n'y a aucune signature à retirer.")
    now = timezone.now()
    for s in signatures:
        s.withdrawn_at = now
        s.save(update_fields=["withdrawn_at", "updated_at"])
        journal(AidantEvent.RETIRE, by=by, profil=profil, charte=s.charte, version=s.charte.version)
    return len(signatures)
