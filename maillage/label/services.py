"""Écritures du label. Vues, commande et démonstration appellent ces fonctions : chacune revérifie la règle qui
protège, écrit dans une transaction et ajoute sa ligne au journal du label (codes et drapeaux, jamais un motif)."""

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maillage.aidants.enums import Niveau
from maillage.aidants.models import ProfilAidant, RattachementAidant
from maillage.comptes.models import Territoire, User
from maillage.label import permissions, selectors
from maillage.label.echange import MAX_IMPORT_OCTETS, _grille_propre, lire_referentiel_json  # noqa: F401 — réexportés
from maillage.label.enums import (
    CHAMPS,
    NIVEAU_MAX,
    STATUTS_OUVERTS,
    TRANSITIONS_DEMANDE,
    Avis,
    LabelEvent,
    ResultatCritere,
    SourceNiveau,
    StatutDemande,
    check_transition,
)
from maillage.label.models import (
    CompetencesAidant,
    DemandeLabel,
    EntretienPairs,
    JournalLabel,
    PairFondateur,
    ProfilReference,
    ReferentielLabel,
    pairs_eligibles,
)

MAX_PREUVE = 200
SEUIL_PREMIER_TOUR = 2


def journal(event: str, *, by: User | None, **sujets_et_details: Any) -> JournalLabel:
    sujets = {k: sujets_et_details.pop(k) for k in ("profil", "demande", "entretien", "referentiel")
              if k in sujets_et_details}  # fmt: skip
    return JournalLabel.objects.create(
        actor=by if by and by.is_authenticated else None, event=event, details=sujets_et_details, **sujets
    )


# — Compétences —


def check_niveau(code: str, niveau: Any) -> int | None:
    """Un niveau de 0 à 8, ou None (non évalué). Tout le reste : refus en français qui nomme la compétence."""
    if niveau is None or niveau == "":
        return None
    try:
        n = int(niveau)
    except (TypeError, ValueError):
        raise ValidationError(f"Compétence {code} : le niveau est un nombre de 0 à {NIVEAU_MAX}.") from None
    if not 0 <= n <= NIVEAU_MAX:
        raise ValidationError(f"Compétence {code} : le niveau va de 0 à {NIVEAU_MAX} (reçu : {n}).")
    return n


def _check_source(source: str, evalue_le: date | None, preuve: str, today: date) -> date:
    if source not in SourceNiveau.values:
        raise ValidationError({"source": "Choisissez d'où viennent ces niveaux."})
    if evalue_le and evalue_le > today:
        raise ValidationError({"evalue_le": "La date de l'évaluation ne peut pas être dans le futur."})
    if source == SourceNiveau.PIX_CERTIFICATION:
        if not evalue_le:
            raise ValidationError({"evalue_le": "Indiquez la date de la certification Pix."})
        if not preuve.strip():
            raise ValidationError({"preuve": "Indiquez la référence de la certification (le code de vérification)."})
    if len(preuve) > MAX_PREUVE:
        raise ValidationError({"preuve": f"La référence tient en {MAX_PREUVE} caractères au plus."})
    return evalue_le or today


@transaction.atomic
def save_competences(
    *, profil: ProfilAidant, by: User, niveaux: dict[str, Any], source: str, evalue_le: date | None = None,
    preuve: str = "", today: date | None = None,
) -> CompetencesAidant:  # fmt: skip
    """Les 16 niveaux en une fois. Chaque niveau donné prend la source, la date et la preuve de cette saisie
    (re-saisir, c'est actualiser) ; un niveau vidé redevient « non évalué »."""
    if not permissions.can_edit_competences(by, profil):
        raise PermissionDenied
    today = today or timezone.localdate()
    if unknown := set(niveaux) - set(CHAMPS):
        raise ValidationError(f"Compétence inconnue : {', '.join(sorted(unknown))}.")
    propres = {code: check_niveau(code, niveaux.get(code)) for code in CHAMPS}
    preuve = (preuve or "").strip()
    le = _check_source(source, evalue_le, preuve, today)
    competences, _ = CompetencesAidant.objects.select_for_update().get_or_create(profil=profil)
    details = dict(competences.details)
    for code, niveau in propres.items():
        setattr(competences, CHAMPS[code], niveau)
        if niveau is None:
            details.pop(code, None)
        else:
            details[code] = {"source": source, "le": le.isoformat(), "preuve": preuve}
    competences.details = details
    competences.full_clean()
    competences.save()
    evalues = sum(1 for n in propres.values() if n is not None)
    journal(LabelEvent.NIVEAUX_SAISIS, by=by, profil=profil, source=source, evalues=evalues, preuve=bool(preuve))
    return competences


# — Référentiel —


def _profils_propres(profils: dict[str, dict[str, Any]]) -> dict[str, dict[str, int | None]]:
    out = {}
    for niveau, exigences in profils.items():
        if niveau not in Niveau.values:
            raise ValidationError(f"Niveau d'intervention inconnu : {niveau}.")
        out[niveau] = {code: check_niveau(code, exigences.get(code)) for code in CHAMPS}
    return out


@transaction.atomic
def publish_referentiel(
    *, territoire: Territoire, by: User | None, grille: list[str] | None = None,
    pairs_autre_structure: bool | None = None, validite_mois: int | None = None,
    sources_acceptees: list[str] | None = None, profils: dict[str, dict[str, Any]] | None = None,
    est_exemple: bool | None = None, now: datetime | None = None, remplacer_profils: bool = False,
    importe: bool = False,
) -> ReferentielLabel:  # fmt: skip
    """Publie une nouvelle version : ce qui n'est pas donné est repris de la version en vigueur, qui est remplacée
    (et gardée). Les écarts des aidants se recalculent à la lecture sur la nouvelle version."""
    if by is not None and not permissions.can_manage_referentiel(by, territoire):
        raise PermissionDenied
    now = now or timezone.now()
    actuel = (
        ReferentielLabel.objects.select_for_update().filter(territoire=territoire, superseded_at__isnull=True).first()
    )
    anciens_profils = {p.niveau: p.niveaux() for p in actuel.profils.all()} if actuel else {}
    sources = sources_acceptees if sources_acceptees is not None else (
        actuel.sources_acceptees if actuel else list(SourceNiveau.values))  # fmt: skip
    if not sources or set(sources) - set(SourceNiveau.values):
        raise ValidationError({"sources_acceptees": "Cochez au moins une source de niveau acceptée."})
    validite = validite_mois if validite_mois is not None else (actuel.validite_mois if actuel else 24)
    if not 1 <= validite <= 60:
        raise ValidationError({"validite_mois": "La validité du label va de 1 à 60 mois."})
    # Un import donne le référentiel entier : ses profils remplacent ceux de la version en vigueur.
    nouveaux_profils = {**({} if remplacer_profils else anciens_profils), **_profils_propres(profils or {})}
    if actuel:
        actuel.superseded_at = now
        actuel.save(update_fields=["superseded_at", "updated_at"])
    version = (ReferentielLabel.objects.filter(territoire=territoire).aggregate(m=Max("version"))["m"] or 0) + 1
    referentiel = ReferentielLabel.objects.create(
        territoire=territoire, version=version, published_by=by if by and by.is_authenticated else None,
        grille_posture=_grille_propre(grille if grille is not None else (actuel.grille_posture if actuel else [])),
        pairs_autre_structure=(pairs_autre_structure if pairs_autre_structure is not None
                               else (actuel.pairs_autre_structure if actuel else True)),
        validite_mois=validite, sources_acceptees=sorted(sources),
        est_exemple=est_exemple if est_exemple is not None else bool(actuel and actuel.est_exemple),
    )  # fmt: skip
    ProfilReference.objects.bulk_create(
        ProfilReference(referentiel=referentiel, niveau=n, **{CHAMPS[c]: v for c, v in ex.items()})
        for n, ex in nouveaux_profils.items()
    )
    journal(LabelEvent.REFERENTIEL_PUBLIE, by=by, referentiel=referentiel, version=version,
            criteres=len(referentiel.grille_posture), profils=sorted(nouveaux_profils), validite_mois=validite,
            **({"importe": True} if importe else {}))  # fmt: skip
    return referentiel


# — Import d'un référentiel (le JSON de l'export) —


#: Clés que l'export écrit ; « licence », « territoire » et « version » disent d'où vient le fichier (lues, jamais
#: reprises : l'import publie une nouvelle version du territoire qui importe).
@transaction.atomic
def import_referentiel(*, territoire: Territoire, by: User, contenu: bytes | str) -> ReferentielLabel:
    """Publie, pour ce territoire, une nouvelle version faite du fichier (le JSON de l'export, d'ici ou d'ailleurs) :
    tout ou rien — un fichier fautif n'écrit rien et dit, clé par clé, ce qui ne va pas. Les profils du fichier
    remplacent ceux de la version en vigueur ; ce que le fichier ne dit pas (validité, sources, pairs) est repris."""
    if not permissions.can_manage_referentiel(by, territoire):
        raise PermissionDenied
    valeurs = lire_referentiel_json(contenu)
    return publish_referentiel(territoire=territoire, by=by, remplacer_profils=True, importe=True, **valeurs)


def _rattache_dans(profil: ProfilAidant, territoire: Territoire) -> bool:
    return RattachementAidant.objects.filter(
        profil=profil, detached_at__isnull=True, structure__commune__territoires=territoire
    ).exists()


@transaction.atomic
def designate_pair_fondateur(*, territoire: Territoire, profil: ProfilAidant, by: User) -> PairFondateur:
    """Premier tour seulement : tant que le territoire a moins de deux aidants labellisés, la coordination désigne
    des pairs fondateurs (il faut deux pairs pour le premier entretien)."""
    if not permissions.can_manage_referentiel(by, territoire):
        raise PermissionDenied
    if DemandeLabel.objects.valides(timezone.localdate()).filter(territoire=territoire).count() >= SEUIL_PREMIER_TOUR:
        raise ValidationError(
            "Le premier tour est passé : le territoire a des aidants labellisés, ce sont eux qui mènent les entretiens."
        )
    if profil.archived_at is not None or not _rattache_dans(profil, territoire):
        raise ValidationError({"profil": "Cette personne n'aide pas dans une structure de ce territoire."})
    if PairFondateur.objects.filter(territoire=territoire, profil=profil).exists():
        raise ValidationError({"profil": "Cette personne est déjà pair fondateur de ce territoire."})
    pair = PairFondateur.objects.create(territoire=territoire, profil=profil, designe_par=by)
    journal(LabelEvent.PAIR_FONDATEUR, by=by, profil=profil, territoire=territoire.pk)
    return pair


# — Demandes —


@transaction.atomic
def apply_for_label(*, profil: ProfilAidant, territoire: Territoire, niveau: str, by: User) -> DemandeLabel:
    if not permissions.can_apply(by, profil):
        raise PermissionDenied
    if niveau not in Niveau.values:
        raise ValidationError({"niveau": "Choisissez un niveau d'intervention."})
    if niveau not in profil.niveaux:
        raise ValidationError({"niveau": "Ce niveau n'est pas dans votre profil, ou ses engagements de la charte "
                                         "ne sont pas encore signés."})  # fmt: skip
    if not _rattache_dans(profil, territoire):
        raise ValidationError("Vous n'aidez dans aucune structure de ce territoire.")
    if DemandeLabel.objects.filter(profil=profil, territoire=territoire, niveau=niveau,
                                   statut__in=("EN_COURS", "ACCORDE", "A_RENOUVELER")).exists():  # fmt: skip
        raise ValidationError({"niveau": "Une demande pour ce niveau est déjà ouverte."})
    demande = DemandeLabel.objects.create(profil=profil, territoire=territoire, niveau=niveau)
    journal(LabelEvent.DEMANDE_DEPOSEE, by=by, profil=profil, demande=demande, niveau=niveau)
    return demande


def _check_pairs(demande: DemandeLabel, referentiel: ReferentielLabel, pairs: list[ProfilAidant], today: date) -> None:
    if pairs[0].pk == pairs[1].pk:
        raise ValidationError({"pair_2": "L'entretien se mène à deux pairs différents."})
    if any(p.pk == demande.profil_id for p in pairs):
        raise ValidationError("Un pair ne peut pas mener son propre entretien.")
    eligibles = set(pairs_eligibles(demande.territoire, today).filter(pk__in=[p.pk for p in pairs])
                    .values_list("pk", flat=True))  # fmt: skip
    for champ, p in zip(("pair_1", "pair_2"), pairs, strict=True):
        if p.pk not in eligibles:
            raise ValidationError({champ: f"{p} n'est ni labellisé ni pair fondateur dans ce territoire."})
    if referentiel.pairs_autre_structure:
        structures = set(RattachementAidant.objects.filter(profil=demande.profil, detached_at__isnull=True)
                         .values_list("structure_id", flat=True))  # fmt: skip
        for champ, p in zip(("pair_1", "pair_2"), pairs, strict=True):
            if RattachementAidant.objects.filter(profil=p, detached_at__isnull=True,
                                                 structure_id__in=structures).exists():  # fmt: skip
                raise ValidationError({champ: f"{p} travaille dans la même structure que la personne : le "
                                              "référentiel demande des pairs d'une autre structure."})  # fmt: skip


@transaction.atomic
def record_entretien(
    *, demande: DemandeLabel, by: User, pair_1: ProfilAidant, pair_2: ProfilAidant, mene_le: date,
    resultats: list[str], avis: str, commentaire: str = "", today: date | None = None,
) -> EntretienPairs:  # fmt: skip
    """L'entretien de posture : deux pairs (labellisés, ou fondateurs au premier tour), jamais la personne
    elle-même, d'une autre structure si le référentiel le demande ; un résultat par critère de la grille."""
    if not permissions.can_record_entretien(by, demande):
        raise PermissionDenied
    today = today or timezone.localdate()
    referentiel = selectors.referentiel_en_vigueur(demande.territoire)
    if referentiel is None:
        raise ValidationError("Le territoire n'a pas encore publié son référentiel du label.")
    own = getattr(by, "profil_aidant", None)
    if not permissions.can_decide(by, demande) and own not in (pair_1, pair_2):
        raise ValidationError("Vous ne pouvez enregistrer que les entretiens que vous menez.")
    _check_pairs(demande, referentiel, [pair_1, pair_2], today)
    if mene_le > today:
        raise ValidationError({"mene_le": "La date de l'entretien ne peut pas être dans le futur."})
    grille = referentiel.grille_posture
    if len(resultats) != len(grille) or set(resultats) - set(ResultatCritere.values):
        raise ValidationError("Donnez un résultat pour chaque critère de la grille.")
    if avis not in Avis.values:
        raise ValidationError({"avis": "Donnez l'avis d'ensemble : favorable ou défavorable."})
    entretien = EntretienPairs.objects.create(
        demande=demande, referentiel=referentiel, pair_1=pair_1, pair_2=pair_2, mene_le=mene_le, avis=avis,
        resultats=[{"critere": c, "resultat": r} for c, r in zip(grille, resultats, strict=True)],
        commentaire=(commentaire or "").strip(), enregistre_par=by,
    )  # fmt: skip
    journal(LabelEvent.ENTRETIEN, by=by, profil=demande.profil, demande=demande, entretien=entretien, avis=avis,
            acquis=resultats.count(ResultatCritere.ACQUIS), criteres=len(grille), version=referentiel.version)  # fmt: skip
    return entretien


def _motif(motif: str, quoi: str) -> str:
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": f"Écrivez les motifs {quoi}."})
    return motif


@transaction.atomic
def decide_demande(
    *, demande: DemandeLabel, by: User, accorder: bool, motif: str, now: datetime | None = None
) -> DemandeLabel:
    """La commission accorde (seulement si les trois piliers sont verts maintenant) ou refuse, avec ses motifs."""
    if not permissions.can_decide(by, demande):
        raise PermissionDenied
    now = now or timezone.now()
    today = timezone.localdate(now)
    demande = DemandeLabel.objects.select_for_update().select_related("profil", "territoire").get(pk=demande.pk)
    nouveau = StatutDemande.ACCORDE if accorder else StatutDemande.REFUSE
    check_transition(TRANSITIONS_DEMANDE, demande.statut, nouveau, sujet="Cette demande")
    motif = _motif(motif, "de la décision")
    referentiel = selectors.referentiel_en_vigueur(demande.territoire)
    if accorder:
        manquants = [p for p in selectors.piliers(demande, now) if not p.vert]
        if manquants:
            noms = " ; ".join(f"{p.pilier.label} ({p.explication.rstrip('.')})" for p in manquants)
            raise ValidationError(f"Le label ne peut pas être accordé : pilier manquant — {noms}.")
        demande.accorde_le = today
        demande.expire_le = selectors.add_months(today, referentiel.validite_mois)
        demande.relance_60_le = demande.relance_30_le = None
    demande.statut, demande.motif, demande.referentiel = nouveau, motif, referentiel
    demande.decided_by, demande.decided_at = by, now
    demande.save()
    journal(LabelEvent.ACCORDE if accorder else LabelEvent.REFUSE, by=by, profil=demande.profil, demande=demande,
            referentiel=referentiel, niveau=demande.niveau, motif_longueur=len(motif),
            expire_le=demande.expire_le if accorder else None)  # fmt: skip
    return demande


@transaction.atomic
def withdraw_label(*, demande: DemandeLabel, by: User, motif: str, now: datetime | None = None) -> DemandeLabel:
    """Retrait (après une réclamation, par exemple) : la commission, avec un motif ; effet immédiat en public."""
    if not permissions.can_decide(by, demande):
        raise PermissionDenied
    demande = DemandeLabel.objects.select_for_update().get(pk=demande.pk)
    check_transition(TRANSITIONS_DEMANDE, demande.statut, StatutDemande.RETIRE, sujet="Ce label")
    demande.motif_retrait = _motif(motif, "du retrait")
    demande.statut, demande.withdrawn_at = StatutDemande.RETIRE, now or timezone.now()
    demande.save(update_fields=["statut", "withdrawn_at", "motif_retrait", "updated_at"])
    journal(
        LabelEvent.RETIRE, by=by, profil=demande.profil, demande=demande, motif_longueur=len(demande.motif_retrait)
    )
    return demande


# — Échéances (cron quotidien) —

RAPPEL = (
    "Bonjour,\n\nVotre label « Tous aidants » (niveau {niveau}) est valable jusqu'au {fin:%d/%m/%Y}. Pour le "
    "renouveler, mettez à jour vos niveaux de compétences et demandez un entretien entre pairs à votre "
    "coordination.\n\nMaillage"
)


def _rappels(demandes: list[DemandeLabel]) -> None:
    messages = [
        EmailMessage("Votre label « Tous aidants » arrive à échéance",
                     RAPPEL.format(niveau=Niveau(d.niveau).label.lower(), fin=d.expire_le), to=[d.profil.user.email])
        for d in demandes
        if d.profil.user_id and d.profil.user.email
    ]  # fmt: skip
    if messages:
        get_connection().send_messages(messages)


@transaction.atomic
def update_label_states(*, today: date | None = None) -> dict[str, int]:
    """Rappels à 60 et 30 jours de l'échéance, puis « à renouveler » le lendemain de la date de fin. Idempotent :
    chaque rappel part une fois (date gardée sur la demande), un label échu ne bascule qu'une fois."""
    today = today or timezone.localdate()
    accordes = DemandeLabel.objects.filter(statut=StatutDemande.ACCORDE)
    echus = list(accordes.filter(expire_le__lt=today).values_list("pk", "profil_id"))
    accordes.filter(pk__in=[pk for pk, _ in echus]).update(
        statut=StatutDemande.A_RENOUVELER, updated_at=timezone.now()
    )
    lignes = [JournalLabel(event=LabelEvent.A_RENOUVELER, demande_id=pk, profil_id=p) for pk, p in echus]
    compte = {"a_renouveler": len(echus)}
    a_rappeler = []
    for jours, champ, event in ((30, "relance_30_le", LabelEvent.RELANCE_30),
                                (60, "relance_60_le", LabelEvent.RELANCE_60)):  # fmt: skip
        dues = list(
            accordes.filter(expire_le__gte=today, expire_le__lte=today + timedelta(days=jours),
                            **{f"{champ}__isnull": True}).select_related("profil__user")
        )  # fmt: skip
        ids = [d.pk for d in dues]
        accordes.filter(pk__in=ids).update(**{champ: today})
        if jours == 30:  # le rappel à 30 jours dispense de celui à 60 (jamais deux courriels le même jour)
            accordes.filter(pk__in=ids, relance_60_le__isnull=True).update(relance_60_le=today)
        lignes += [JournalLabel(event=event, demande_id=d.pk, profil_id=d.profil_id) for d in dues]
        a_rappeler += dues
        compte[event.lower()] = len(dues)
    JournalLabel.objects.bulk_create(lignes)
    transaction.on_commit(lambda: _rappels(a_rappeler))
    return compte


# — Effacement (appelé par l'effacement des aidants) —


def effacer_donnees_label(*, profil: ProfilAidant, now: datetime | None = None) -> dict[str, int]:
    """Efface ce que le label garde de la personne, dans la transaction de l'effacement de son profil (à sa demande
    ou 12 mois après son départ, `aidants.services.effacement`) : ses niveaux et leurs preuves (la référence d'une
    certification Pix mène à son nom), les motifs écrits des décisions et des retraits, les commentaires de ses
    entretiens, ses désignations de pair fondateur. Ses demandes encore ouvertes sont closes « retiré » (hors de la
    table des transitions : une personne effacée n'a plus de label ni de demande en cours).

    Restent, sans nom ni texte libre : demandes (niveau, statut, dates), entretiens (critères de la grille, avis)
    et journal (codes et drapeaux) — des preuves des décisions. Rend des nombres pour le journal de l'effacement."""
    now = now or timezone.now()
    competences, _ = CompetencesAidant.objects.filter(profil=profil).delete()
    fondateurs, _ = PairFondateur.objects.filter(profil=profil).delete()
    demandes = DemandeLabel.objects.filter(profil=profil)
    ouvertes = demandes.filter(statut__in=STATUTS_OUVERTS).update(
        statut=StatutDemande.RETIRE, withdrawn_at=now, updated_at=now
    )
    motifs = demandes.exclude(motif="", motif_retrait="").update(motif="", motif_retrait="", updated_at=now)
    commentaires = (
        EntretienPairs.objects.filter(demande__profil=profil)
        .exclude(commentaire="")
        .update(commentaire="", updated_at=now)
    )
    return {"competences": competences, "pairs_fondateurs": fondateurs, "demandes_closes": ouvertes,
            "motifs": motifs, "commentaires": commentaires}  # fmt: skip
