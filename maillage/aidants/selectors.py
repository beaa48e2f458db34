"""Lectures des aidants : état de signature, tableau du réseau, chiffres par EPCI, vérification publique.

Chaque lecture fait un nombre de requêtes constant (sous-requêtes `Exists`, agrégats groupés), quel que soit le
nombre d'aidants : le tableau d'un département de mille aidants coûte autant que celui de dix.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from maillage.aidants.enums import EtatCharte, EtatSignature, Niveau, StatutAidant
from maillage.aidants.models import (
    DELAI_RESIGNATURE_JOURS,
    CharteAidants,
    ProfilAidant,
    RattachementAidant,
    SignatureCharte,
    delai_resignature,
)
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire, User
from maillage.comptes.permissions import structure_ids_for, territoire_ids_for
from maillage.core.masquage import masque
from maillage.core.models import Commune
from maillage.core.utils import normalize_text


def profils_visibles(user: User) -> QuerySet[ProfilAidant]:
    """Profils qu'une personne peut ouvrir : le sien, ceux de ses structures (gestion), ceux de ses territoires
    (coordination). Tout autre profil : 404."""
    if not (user and user.is_authenticated):
        return ProfilAidant.objects.none()
    if user.is_staff:
        return ProfilAidant.objects.all()
    q = Q(user=user)
    if managed := structure_ids_for(user, Role.GESTIONNAIRE):
        q |= Q(Exists(RattachementAidant.objects.filter(profil=OuterRef("pk"), structure_id__in=managed)))
    if coordonnes := territoire_ids_for(user, Role.COORDINATEUR):
        q |= Q(
            Exists(
                RattachementAidant.objects.filter(
                    profil=OuterRef("pk"), structure__commune__territoires__in=coordonnes
                )
            )
        )
    return ProfilAidant.objects.filter(q)


def charte_publiee(territoire: Territoire) -> CharteAidants | None:
    return CharteAidants.objects.filter(territoire=territoire, etat=EtatCharte.PUBLIEE).first()


def signatures_valides(territoire: Territoire, now: datetime | None = None) -> QuerySet[SignatureCharte]:
    """Signatures qui valent aujourd'hui dans ce territoire : celles de la version publiée, et celles de la
    version précédente pendant le délai de re-signature qui suit sa remplacement."""
    now = now or timezone.now()
    limite = now - delai_resignature(territoire)
    return SignatureCharte.objects.filter(
        Q(charte__etat=EtatCharte.PUBLIEE) | Q(charte__etat=EtatCharte.REMPLACEE, charte__superseded_at__gt=limite),
        charte__territoire=territoire,
        withdrawn_at__isnull=True,
    )


def annotate_etat_signature(
    qs: QuerySet[ProfilAidant], territoire: Territoire, now: datetime | None = None
) -> QuerySet[ProfilAidant]:
    """Ajoute `etat_signature` (EtatSignature) à chaque profil, en trois sous-requêtes."""
    valides = signatures_valides(territoire, now).filter(profil=OuterRef("pk"))
    courante = valides.filter(charte__etat=EtatCharte.PUBLIEE)
    passees = SignatureCharte.objects.filter(
        profil=OuterRef("pk"), charte__territoire=territoire, withdrawn_at__isnull=True
    )
    return qs.annotate(
        etat_signature=Case(
            When(Exists(courante), then=Value(EtatSignature.SIGNEE.value)),
            When(Exists(valides), then=Value(EtatSignature.EN_DELAI.value)),
            When(Exists(passees), then=Value(EtatSignature.A_RESIGNER.value)),
            default=Value(EtatSignature.NON_SIGNEE.value),
        )
    )


def etat_signature(profil: ProfilAidant, territoire: Territoire, now: datetime | None = None) -> str:
    return annotate_etat_signature(ProfilAidant.objects.filter(pk=profil.pk), territoire, now).values_list(
        "etat_signature", flat=True
    )[0]


def territoires_du_profil(profil: ProfilAidant) -> QuerySet[Territoire]:
    """Territoires des structures auxquelles le profil est rattaché aujourd'hui."""
    return Territoire.objects.filter(
        communes__structures__rattachements_aidants__profil=profil,
        communes__structures__rattachements_aidants__detached_at__isnull=True,
    ).distinct()


@dataclass(frozen=True)
class Filtres:
    niveau: str = ""
    statut: str = ""
    habilitation: str = ""  # "oui", "non" ou ""
    etat: str = ""


def reseau(territoire: Territoire, filtres: Filtres | None = None, now: datetime | None = None) -> QuerySet:
    """Les aidants (non archivés) rattachés à une structure du territoire, avec leur état de signature."""
    filtres = filtres or Filtres()
    qs = ProfilAidant.objects.actifs().in_territoire(territoire)
    if filtres.niveau in Niveau.values:
        qs = qs.filter(niveaux_text__contains=f"|{filtres.niveau}|")
    if filtres.statut in StatutAidant.values:
        qs = qs.filter(
            Exists(
                RattachementAidant.objects.filter(
                    profil=OuterRef("pk"), detached_at__isnull=True, statut=filtres.statut,
                    structure__commune__territoires=territoire,
                )
            )
        )  # fmt: skip
    if filtres.habilitation in ("oui", "non"):
        qs = qs.filter(aidants_connect=filtres.habilitation == "oui")
    qs = annotate_etat_signature(qs, territoire, now)
    if filtres.etat in EtatSignature.values:
        qs = qs.filter(etat_signature=filtres.etat)
    return qs.order_by("nom", "prenom", "pk")


def rattachements_par_profil(profils: list[ProfilAidant], territoire: Territoire) -> dict[int, list]:
    """Les rattachements en cours (dans le territoire) des profils d'une page, en une requête."""
    result: dict[int, list] = {p.pk: [] for p in profils}
    rows = RattachementAidant.objects.filter(
        profil_id__in=result, detached_at__isnull=True, structure__commune__territoires=territoire
    ).select_related("structure", "structure__commune")
    for r in rows:
        result[r.profil_id].append(r)
    return result


def rattachements_par_epci(territoire: Territoire) -> QuerySet:
    """Les rattachements en cours des aidants non archivés d'un territoire, groupés par EPCI de leur structure
    (`code`, `epci`) : la base des comptes par EPCI, ici et dans la carte des compétences du label."""
    return RattachementAidant.objects.filter(
        detached_at__isnull=True, profil__archived_at__isnull=True, structure__commune__territoires=territoire
    ).values(
        code=Coalesce("structure__commune__epci_code", Value("")),
        epci=Coalesce("structure__commune__epci_nom", Value("")),
    )


def comptes_par_epci(territoire: Territoire, *, masquer: bool) -> list[dict]:
    """Aidants (non archivés) par EPCI de leur structure : total, par niveau, habilités Aidants Connect.

    `masquer` : hors de la coordination, 1 à 4 s'affiche « < 5 » (core/masquage.py)."""
    par_niveau = {
        n: Count("profil", distinct=True, filter=Q(profil__niveaux_text__contains=f"|{n}|")) for n in Niveau.values
    }
    rows = (
        rattachements_par_epci(territoire)
        .annotate(
            total=Count("profil", distinct=True),
            habilites=Count("profil", distinct=True, filter=Q(profil__aidants_connect=True)),
            **par_niveau,
        )
        .order_by("epci")
    )
    out = []
    for row in rows:
        chiffres = {k: masque(row[k]) if masquer else row[k] for k in ("total", "habilites", *Niveau.values)}
        out.append({"code": row["code"], "epci": row["epci"] or "Sans EPCI", **chiffres})
    return out


def carte_par_epci(lignes: list[dict]) -> list[dict]:
    """Un cercle par EPCI des lignes de `comptes_par_epci`, au centre (moyenne des coordonnées) de ses communes.

    Les chiffres arrivent déjà masqués ou non : la carte ne montre jamais plus que le tableau, son jumeau
    accessible. Une ligne sans EPCI ou sans commune placée n'a pas de cercle (le tableau la donne). Une requête."""
    codes = [row["code"] for row in lignes if row["code"]]
    centres = {
        c["epci_code"]: c
        for c in Commune.objects.filter(epci_code__in=codes, latitude__isnull=False, longitude__isnull=False)
        .values("epci_code")
        .annotate(lat=Avg("latitude"), lon=Avg("longitude"))
        .order_by()
    }
    return [
        {"code": row["code"], "epci": row["epci"], "total": row["total"], "habilites": row["habilites"],
         "lat": round(centres[row["code"]]["lat"], 5), "lon": round(centres[row["code"]]["lon"], 5)}
        for row in lignes
        if row["code"] in centres
    ]  # fmt: skip


@dataclass(frozen=True)
class Verification:
    prenom: str
    nom: str
    structure: str
    version: int
    territoire: str
    depuis: date
    niveaux: list[str]
    label: str = ""  # « Labellisé ou labellisée Tous aidants — niveau … » (maillage.label), relu à chaque fois

    @property
    def phrase(self) -> str:
        return (
            f"{self.prenom} {self.nom} ({self.structure}) est signataire de la version {self.version} de la charte "
            f"des aidants de {self.territoire} depuis le {self.depuis:%d/%m/%Y}."
            + (f" {self.label}" if self.label else "")
        )


def _signature_publique(profil_qs: QuerySet, structure: Structure, now: datetime) -> Verification | None:
    """La signature valable la plus ancienne d'un profil publiable rattaché à la structure, ou rien."""
    today = timezone.localdate(now)
    for territoire in Territoire.objects.filter(communes=structure.commune_id).order_by("pk"):
        signature = (
            signatures_valides(territoire, now)
            .filter(profil__in=profil_qs)
            .select_related("profil", "charte", "charte__territoire")
            .order_by("signed_on", "pk")
            .first()
        )
        if signature and not signature.profil.est_mineur(today):
            from maillage.label.selectors import mention_publique  # import tardif : le label lit les aidants

            p, c = signature.profil, signature.charte
            return Verification(
                p.prenom, p.nom, structure.nom, c.version, c.territoire.nom, signature.signed_on, p.niveaux_labels,
                label=mention_publique(p.pk, now),
            )  # fmt: skip
    return None


def profils_publiables(structure: Structure, now: datetime | None = None) -> QuerySet[ProfilAidant]:
    """Ceux qui ont accepté d'être vérifiés, non archivés, non mineurs, rattachés aujourd'hui à la structure."""
    annee_limite = timezone.localdate(now).year - 18  # même prudence que `ProfilAidant.est_mineur`
    return ProfilAidant.objects.filter(
        Q(annee_naissance__isnull=True) | Q(annee_naissance__lt=annee_limite),
        verification_publique=True,
        archived_at__isnull=True,
        mineur=False,
        rattachements__structure=structure,
        rattachements__detached_at__isnull=True,
    )


def verifier_aidant(*, prenom: str, nom: str, structure: str, now: datetime | None = None) -> Verification | None:
    """Égalité exacte (sans accents ni casse) sur prénom + nom + nom de la structure. Pas de liste, pas de début
    de nom : sans les trois, rien."""
    now = now or timezone.now()
    texte = normalize_text(f"{prenom} {nom}")
    structure_text = normalize_text(structure)
    if not normalize_text(prenom) or not normalize_text(nom) or not structure_text:
        return None
    for s in Structure.objects.filter(search_text=structure_text).order_by("pk")[:5]:
        if found := _signature_publique(profils_publiables(s, now).filter(search_text=texte), s, now):
            return found
    return None


def verifier_badge(
    *, profil_public_id: str, structure_public_id: str, now: datetime | None = None
) -> Verification | None:
    """Le QR code d'un badge : mêmes règles que la recherche, l'état est relu aujourd'hui (un retrait compte)."""
    now = now or timezone.now()
    structure = Structure.objects.filter(public_id=structure_public_id).first()
    if structure is None:
        return None
    return _signature_publique(profils_publiables(structure, now).filter(public_id=profil_public_id), structure, now)


# — Aidants Connect là où cela aide à orienter (page d'un lieu, filtre des lieux proposés) —


def _signature_valable_dans_un_territoire_de_la_structure(now: datetime) -> QuerySet[SignatureCharte]:
    """Sous-requête (rattachement extérieur) : une signature non retirée de la charte d'un territoire qui contient
    la commune de la structure, publiée ou remplacée depuis moins que le délai de re-signature de CE territoire.

    Même règle que `signatures_valides`, mais pour tous les territoires d'un coup : le délai de chaque territoire
    est lu dans la requête (`ReglagesAidants`, 90 jours sans réglage), pas une requête par territoire."""
    delai = Coalesce(
        "charte__territoire__reglages_aidants__delai_resignature_jours",
        Value(DELAI_RESIGNATURE_JOURS),
        output_field=IntegerField(),  # SQLite ne multiplie une durée que par un IntegerField
    )
    return (
        SignatureCharte.objects.filter(
            profil=OuterRef("profil_id"),
            withdrawn_at__isnull=True,
            charte__territoire__communes=OuterRef("structure__commune_id"),
        )
        .annotate(
            fin_delai=F("charte__superseded_at")
            + ExpressionWrapper(delai * Value(timedelta(days=1)), output_field=DurationField())
        )
        .filter(Q(charte__etat=EtatCharte.PUBLIEE) | Q(charte__etat=EtatCharte.REMPLACEE, fin_delai__gt=now))
    )


def rattachements_aidants_connect_publics(now: datetime | None = None) -> QuerySet[RattachementAidant]:
    """Les rattachements qui comptent en public pour « aidants habilités Aidants Connect ici ».

    Règle publique (la même prudence que la vérification publique, décision 0011) : un aidant compte pour une
    structure seulement s'il y est rattaché aujourd'hui, habilité Aidants Connect, non archivé, majeur (ni case
    16–17 ans, ni année qui peut encore donner 17 ans), s'il a accepté la vérification publique (sans cet accord,
    il n'apparaît nulle part en public, même dans un nombre : la bénévole de la démonstration reste visible de la
    seule coordination) et si sa signature de la charte vaut aujourd'hui dans un territoire de la structure (ses
    niveaux ne sont publics qu'une fois signés). Aucun nom ne sort : on ne lit que des nombres et des structures."""
    now = now or timezone.now()
    annee_limite = timezone.localdate(now).year - 18  # même prudence que `ProfilAidant.est_mineur`
    return RattachementAidant.objects.filter(
        Q(profil__annee_naissance__isnull=True) | Q(profil__annee_naissance__lt=annee_limite),
        Exists(_signature_valable_dans_un_territoire_de_la_structure(now)),
        detached_at__isnull=True,
        profil__aidants_connect=True,
        profil__verification_publique=True,
        profil__archived_at__isnull=True,
        profil__mineur=False,
    )


def nombre_aidants_connect_publics(structure_id: int | None, now: datetime | None = None) -> int:
    """Aidants habilités Aidants Connect qu'on peut annoncer en public pour une structure (une requête ; aucune
    sans structure)."""
    if structure_id is None:
        return 0
    return (
        rattachements_aidants_connect_publics(now)
        .filter(structure_id=structure_id)
        .aggregate(n=Count("profil", distinct=True))["n"]
    )


def structures_avec_aidants_connect(now: datetime | None = None) -> QuerySet:
    """Identifiants des structures qui ont au moins un aidant habilité Aidants Connect annonçable en public :
    une sous-requête (`structure_id__in=…`), qui n'ajoute aucune requête à la recherche qui l'utilise."""
    return rattachements_aidants_connect_publics(now).values("structure_id")
