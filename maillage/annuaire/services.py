"""Écritures de l'annuaire. Vues, API, commande et démonstration appellent ces fonctions : chacune revérifie la règle
qui protège (`permissions.py`), écrit dans une transaction et ajoute sa ligne au journal (codes, jamais de texte)."""

from datetime import date, datetime, timedelta
from typing import Any, NotRequired, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from maillage.annuaire import permissions
from maillage.annuaire.enums import (
    TRANSITIONS_ACTION,
    AnnuaireEvent,
    Dispositif,
    Public,
    RoleReseau,
    StatutAction,
    StatutFeuille,
    ZoneADistance,
    check_transition,
)
from maillage.annuaire.models import (
    RELANCE_APRES,
    Acteur,
    Action,
    Axe,
    ContactPartenaire,
    FeuilleDeRoute,
    Indicateur,
    JournalAnnuaire,
    PerimetreLieu,
    Poste,
)
from maillage.annuaire.perimetre import communes_du_perimetre
from maillage.comptes.enums import Role
from maillage.comptes.models import Membership, Structure, Territoire, User
from maillage.core.models import Commune
from maillage.core.utils import normalize_text
from maillage.lieux.models import Lieu
from maillage.lieux.selectors import lieux_a_verifier


def _journal(event: str, *, by: User | None, **sujets_et_details: Any) -> JournalAnnuaire:
    sujets = {k: sujets_et_details.pop(k) for k in ("acteur", "poste", "contact", "feuille", "lieu")
              if k in sujets_et_details}  # fmt: skip
    return JournalAnnuaire.objects.create(
        actor=by if by and by.is_authenticated else None, event=event, details=sujets_et_details, **sujets
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _choix(
    valeurs: list[str] | None, choices: type[models.TextChoices], champ: str, *, requis: bool = False
) -> list[str]:
    valeurs = list(dict.fromkeys(valeurs or []))
    inconnues = [v for v in valeurs if v not in choices.values]
    if inconnues:
        raise ValidationError({champ: f"Valeur inconnue : {', '.join(map(str, inconnues))}."})
    if requis and not valeurs:
        raise ValidationError({champ: "Choisissez au moins une valeur."})
    return valeurs


def _texte(valeurs: list[str]) -> str:
    return "|" + "|".join(valeurs) + "|" if valeurs else ""


# — Acteurs —


@transaction.atomic
def save_acteur(
    *,
    by: User | None,
    territoire: Territoire,
    structure: Structure,
    roles: list[str],
    dispositifs: list[str] | None = None,
    communes: list[Commune | str] | None = None,
    epcis: list[str] | None = None,
    description: str = "",
    mainteneur: User | None = None,
    acteur: Acteur | None = None,
    verifier: bool = True,
) -> Acteur:
    """Créer (sans `acteur`) ou modifier une fiche. Enregistrer une fiche vaut vérification (`verifier`)."""
    if acteur is None:
        _require(by is None or permissions.can_manage_annuaire(by, territoire))
        acteur = Acteur(territoire=territoire, structure=structure)
        event = AnnuaireEvent.CREATED
    else:
        _require(by is None or permissions.can_edit_acteur(by, acteur))
        event = AnnuaireEvent.UPDATED
    codes, sirens, servies = communes_du_perimetre(territoire=acteur.territoire, communes=communes or [],
                                                    epcis=epcis or [])  # fmt: skip
    acteur.roles = _choix(roles, RoleReseau, "roles", requis=True)
    acteur.dispositifs = _choix(dispositifs, Dispositif, "dispositifs")
    acteur.roles_text, acteur.dispositifs_text = _texte(acteur.roles), _texte(acteur.dispositifs)
    acteur.epcis, acteur.description = sirens, description.strip()
    acteur.mainteneur = mainteneur if mainteneur is not None else acteur.mainteneur
    acteur.search_text = normalize_text(structure.nom if event == AnnuaireEvent.CREATED else acteur.structure.nom)
    if verifier:
        acteur.verified_at, acteur.reminded_at = timezone.now(), None
    acteur.full_clean()
    acteur.save()
    acteur.communes.set(codes)
    acteur.communes_servies.set(servies)
    _journal(event, by=by, acteur=acteur, communes=len(codes), epcis=sirens, roles=acteur.roles)
    return acteur


@transaction.atomic
def check_acteur(*, acteur: Acteur, by: User) -> Acteur:
    """« Toujours à jour » : la fiche est vérifiée aujourd'hui, sans rien changer d'autre."""
    _require(permissions.can_edit_acteur(by, acteur))
    acteur.verified_at, acteur.reminded_at = timezone.now(), None
    acteur.save(update_fields=["verified_at", "reminded_at", "updated_at"])
    _journal(AnnuaireEvent.CHECKED, by=by, acteur=acteur)
    return acteur


@transaction.atomic
def archive_acteur(*, acteur: Acteur, by: User) -> Acteur:
    """Fermer une fiche l'archive : elle quitte l'annuaire public, son histoire reste (jamais supprimée)."""
    _require(permissions.can_edit_acteur(by, acteur))
    acteur.archived_at = timezone.now()
    acteur.save(update_fields=["archived_at", "updated_at"])
    _journal(AnnuaireEvent.ARCHIVED, by=by, acteur=acteur)
    return acteur


@transaction.atomic
def mark_reminded(*, acteur: Acteur, now: datetime) -> None:
    acteur.reminded_at = now
    acteur.save(update_fields=["reminded_at", "updated_at"])
    _journal(AnnuaireEvent.REMINDED, by=None, acteur=acteur)


@transaction.atomic
def set_perimetre_lieu(*, lieu: Lieu, territoire: Territoire, communes: list[Commune | str], epcis: list[str],
                       by: User | None, zone_a_distance: str = ZoneADistance.PERIMETRE) -> PerimetreLieu:  # fmt: skip
    """Le périmètre d'un lieu : la coordination du territoire le déclare, ou une ou un gestionnaire de la structure
    du lieu (`permissions.can_edit_perimetre_lieu`). `zone_a_distance` dit pour qui il aide à distance : son
    périmètre (sinon son département), tout ce territoire, ou toute la France."""
    _require(by is None or permissions.can_edit_perimetre_lieu(by, lieu, territoire))
    if zone_a_distance not in ZoneADistance.values:
        raise ValidationError({"zone_a_distance": "Choisissez pour qui ce lieu aide à distance dans la liste."})
    codes, sirens, servies = communes_du_perimetre(territoire=territoire, communes=communes, epcis=epcis)
    perimetre, created = PerimetreLieu.objects.update_or_create(lieu=lieu, defaults={
        "epcis": sirens, "zone_a_distance": zone_a_distance,
        "territoire_a_distance": territoire if zone_a_distance == ZoneADistance.TERRITOIRE else None,
    })  # fmt: skip
    perimetre.communes.set(codes)
    perimetre.communes_servies.set(servies)
    event = AnnuaireEvent.CREATED if created else AnnuaireEvent.UPDATED
    _journal(event, by=by, lieu=lieu, communes=len(codes), epcis=sirens, zone_a_distance=zone_a_distance)
    return perimetre


# — Contacts partenaires —


@transaction.atomic
def create_contact(*, territoire: Territoire, by: User | None, **champs: Any) -> ContactPartenaire:
    _require(by is None or permissions.can_manage_annuaire(by, territoire))
    contact = ContactPartenaire(territoire=territoire, **champs)
    contact.full_clean()
    contact.save()
    _journal(AnnuaireEvent.CREATED, by=by, contact=contact, operateur=contact.operateur)
    return contact


#: Ce que la coordination saisit d'un contact (le territoire ne change pas).
CHAMPS_CONTACT = ("operateur", "theme", "canal", "coordonnees", "service", "consignes")


def _contact_actif(contact: ContactPartenaire, by: User | None) -> None:
    _require(by is None or permissions.can_manage_annuaire(by, contact.territoire))
    if contact.archived_at:
        raise ValidationError("Ce contact est archivé : il ne se modifie plus. Ajoutez-en un nouveau au besoin.")


@transaction.atomic
def update_contact(*, contact: ContactPartenaire, by: User | None, **champs: Any) -> ContactPartenaire:
    """Modifier un contact partenaire actif ; le journal garde les noms des champs changés, jamais leur texte."""
    _contact_actif(contact, by)
    inconnus = set(champs) - set(CHAMPS_CONTACT)
    if inconnus:
        raise ValueError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    changes = sorted(k for k, v in champs.items() if getattr(contact, k) != v)
    for k, v in champs.items():
        setattr(contact, k, v.strip() if isinstance(v, str) else v)
    contact.full_clean()
    contact.save()
    _journal(AnnuaireEvent.UPDATED, by=by, contact=contact, champs=changes)
    return contact


@transaction.atomic
def archive_contact(*, contact: ContactPartenaire, by: User | None) -> ContactPartenaire:
    """Un contact qui ne répond plus quitte la liste des aidants ; il reste au journal (jamais supprimé)."""
    _contact_actif(contact, by)
    contact.archived_at = timezone.now()
    contact.save(update_fields=["archived_at", "updated_at"])
    _journal(AnnuaireEvent.ARCHIVED, by=by, contact=contact)
    return contact


# — Postes —


class ChampsPoste(TypedDict):
    """Ce qu'on saisit d'un poste, à la création comme à la modification (mêmes règles) — la seule déclaration de
    ces champs : `create_poste`, `update_poste` et `_remplir_poste` la lisent. Sans valeur : aucune commune ni EPCI
    (refusé), temps plein (100), pas de nom de personne."""

    employeur: Structure
    financeur: str
    dispositif: str
    debut_financement: date
    fin_financement: date
    publics: list[str]
    communes: NotRequired[list[Commune | str] | None]
    epcis: NotRequired[list[str] | None]
    temps_travail: NotRequired[int]
    personne_nom: NotRequired[str]
    personne_accord: NotRequired[bool]


def _remplir_poste(poste: Poste, champs: ChampsPoste) -> list[str]:
    """Remplit le poste (sans l'enregistrer) et renvoie les codes des communes déclarées."""
    inconnus, manquants = (
        champs.keys() - ChampsPoste.__annotations__.keys(),
        ChampsPoste.__required_keys__ - champs.keys(),
    )
    if inconnus or manquants:  # comme des arguments nommés : une erreur de programmation, pas un refus
        raise TypeError(f"Poste : champs inconnus {sorted(inconnus)}, champs manquants {sorted(manquants)}.")
    codes, sirens, servies = communes_du_perimetre(territoire=poste.territoire, communes=champs.get("communes") or [],
                                                    epcis=champs.get("epcis") or [])  # fmt: skip
    if not servies:
        raise ValidationError({"communes": "Indiquez au moins une commune ou un EPCI servi par le poste."})
    poste.employeur, poste.financeur, poste.dispositif = (
        champs["employeur"],
        champs["financeur"].strip(),
        champs["dispositif"],
    )
    poste.debut_financement, poste.fin_financement = champs["debut_financement"], champs["fin_financement"]
    poste.temps_travail, poste.publics, poste.epcis = (
        champs.get("temps_travail", 100),
        _choix(champs["publics"], Public, "publics", requis=True),
        sirens,
    )
    personne_accord = champs.get("personne_accord", False)
    poste.personne_nom = champs.get("personne_nom", "").strip() if personne_accord else ""
    poste.personne_accord = personne_accord
    poste.epcis_servis = sorted(
        set(Commune.objects.filter(pk__in=servies).exclude(epci_code="").values_list("epci_code", flat=True))
    )
    poste.full_clean()
    return codes


@transaction.atomic
def create_poste(*, territoire: Territoire, by: User | None, **champs: Unpack[ChampsPoste]) -> Poste:
    _require(by is None or permissions.can_manage_annuaire(by, territoire))
    poste = Poste(territoire=territoire)
    codes = _remplir_poste(poste, champs)
    poste.save()
    poste.communes.set(codes)
    _journal(AnnuaireEvent.CREATED, by=by, poste=poste, epcis=poste.epcis_servis, nom=bool(poste.personne_nom))
    return poste


def _poste_actif(poste: Poste, by: User | None) -> None:
    _require(by is None or permissions.can_manage_annuaire(by, poste.territoire))
    if poste.archived_at:
        raise ValidationError("Ce poste est archivé : il ne se modifie plus.")


@transaction.atomic
def update_poste(*, poste: Poste, by: User | None, **champs: Unpack[ChampsPoste]) -> Poste:
    """Modifier un poste actif (prolongation du financement, changement de périmètre…) ; même règles qu'à la
    création. Le journal garde les EPCI servis et le fait qu'un nom figure, jamais le nom."""
    _poste_actif(poste, by)
    codes = _remplir_poste(poste, champs)
    poste.save()
    poste.communes.set(codes)
    _journal(AnnuaireEvent.UPDATED, by=by, poste=poste, epcis=poste.epcis_servis, nom=bool(poste.personne_nom))
    return poste


@transaction.atomic
def archive_poste(*, poste: Poste, by: User) -> Poste:
    """Un poste qui s'arrête quitte les listes et la couverture ; il reste au journal (jamais supprimé)."""
    _poste_actif(poste, by)
    poste.archived_at = timezone.now()
    poste.save(update_fields=["archived_at", "updated_at"])
    _journal(AnnuaireEvent.ARCHIVED, by=by, poste=poste)
    return poste


# — Feuille de route —


def _modifiable(feuille: FeuilleDeRoute, by: User | None) -> None:
    _require(by is None or permissions.can_manage_annuaire(by, feuille.territoire))
    if feuille.figee:
        raise ValidationError(
            f"La version {feuille.version} est publiée : elle ne change plus. Préparez la version suivante."
        )


@transaction.atomic
def create_feuille(*, territoire: Territoire, titre: str, by: User | None) -> FeuilleDeRoute:
    _require(by is None or permissions.can_manage_annuaire(by, territoire))
    derniere = territoire.feuilles_de_route.order_by("-version").first()
    if derniere and not derniere.figee:
        raise ValidationError(f"La version {derniere.version} est encore en brouillon : complétez-la d'abord.")
    feuille = FeuilleDeRoute.objects.create(territoire=territoire, titre=titre, version=(derniere.version + 1)
                                            if derniere else 1)  # fmt: skip
    _journal(AnnuaireEvent.CREATED, by=by, feuille=feuille, version=feuille.version)
    if derniere:
        _copier(derniere, feuille)
    return feuille


def _copier(source: FeuilleDeRoute, cible: FeuilleDeRoute) -> None:
    """La version suivante part de la précédente : mêmes axes, actions (état compris) et indicateurs."""
    for axe in source.axes.prefetch_related("actions__partenaires", "actions__indicateurs"):
        copie_axe = Axe.objects.create(feuille=cible, titre=axe.titre, ordre=axe.ordre)
        for action in axe.actions.all():
            copie = Action.objects.create(axe=copie_axe, titre=action.titre, pilote_id=action.pilote_id,
                                          statut=action.statut, debut=action.debut, fin=action.fin)  # fmt: skip
            copie.partenaires.set(action.partenaires.all())
            Indicateur.objects.bulk_create(
                Indicateur(action=copie, libelle=i.libelle, chiffre=i.chiffre, cible=i.cible)
                for i in action.indicateurs.all()
            )


@transaction.atomic
def add_axe(*, feuille: FeuilleDeRoute, titre: str, by: User | None) -> Axe:
    _modifiable(feuille, by)
    axe = Axe(feuille=feuille, titre=titre, ordre=feuille.axes.count() + 1)
    axe.full_clean()
    axe.save()
    _journal(AnnuaireEvent.UPDATED, by=by, feuille=feuille, ajout="axe")
    return axe


@transaction.atomic
def add_action(
    *,
    axe: Axe,
    titre: str,
    by: User | None,
    pilote: Structure | None = None,
    partenaires: list[Structure] | None = None,
    debut: date | None = None,
    fin: date | None = None,
    statut: str = StatutAction.A_LANCER,
) -> Action:
    """Une action d'un axe du brouillon. `statut` : son état de départ (une action déjà en cours s'inscrit en cours)."""
    _modifiable(axe.feuille, by)
    if statut not in StatutAction.values:
        raise ValidationError({"statut": f"État inconnu : {statut}."})
    action = Action(axe=axe, titre=titre.strip(), pilote=pilote, debut=debut, fin=fin, statut=statut)
    action.full_clean()
    action.save()
    action.partenaires.set(partenaires or [])
    _journal(AnnuaireEvent.UPDATED, by=by, feuille=axe.feuille, ajout="action")
    return action


@transaction.atomic
def add_indicateur(
    *, action: Action, libelle: str, chiffre: str, by: User | None, cible: int | None = None
) -> Indicateur:
    from maillage.annuaire.indicateurs import REGISTRE

    _modifiable(action.axe.feuille, by)
    if chiffre not in REGISTRE:
        raise ValidationError({"chiffre": f"Le chiffre « {chiffre} » n'existe pas dans Maillage."})
    indicateur = Indicateur(action=action, libelle=libelle, chiffre=chiffre, cible=cible)
    indicateur.full_clean()
    indicateur.save()
    _journal(AnnuaireEvent.UPDATED, by=by, feuille=action.axe.feuille, ajout="indicateur", chiffre=chiffre)
    return indicateur


@transaction.atomic
def change_action_statut(*, action: Action, statut: str, by: User | None) -> Action:
    feuille = action.axe.feuille
    _modifiable(feuille, by)
    check_transition(TRANSITIONS_ACTION, action.statut, statut, sujet="Cette action")
    avant, action.statut = action.statut, statut
    action.save(update_fields=["statut", "updated_at"])
    _journal(AnnuaireEvent.STATUS, by=by, feuille=feuille, action_id=action.pk, avant=avant, apres=statut)
    return action


@transaction.atomic
def publish_feuille(*, feuille: FeuilleDeRoute, by: User | None) -> FeuilleDeRoute:
    _modifiable(feuille, by)
    feuille.statut, feuille.published_at = StatutFeuille.PUBLIEE, timezone.now()
    feuille.save(update_fields=["statut", "published_at", "updated_at"])
    _journal(AnnuaireEvent.PUBLISHED, by=by, feuille=feuille, version=feuille.version)
    return feuille


# — Entretien de l'annuaire —


def relancer_mainteneurs(*, now: datetime | None = None) -> int:
    """Relance (une fois par mois au plus) chaque personne qui tient une fiche non vérifiée depuis 12 mois : un
    courriel avec le lien direct vers le formulaire. Renvoie le nombre de fiches relancées."""
    now = now or timezone.now()
    fiches = (
        Acteur.objects.actifs()
        .filter(verified_at__lte=now - RELANCE_APRES, mainteneur__isnull=False, mainteneur__is_active=True)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - timedelta(days=28)))
        .select_related("structure", "mainteneur")
    )
    compte = 0
    for acteur in fiches:
        lien = settings.SITE_URL + reverse("annuaire:acteur_modifier", args=[acteur.public_id])
        send_mail(
            f"Annuaire du réseau : la fiche « {acteur.structure.nom} » est-elle toujours à jour ?",
            f"Bonjour,\n\nLa fiche « {acteur.structure.nom} » n'a pas été vérifiée depuis le "
            f"{timezone.localtime(acteur.verified_at):%d/%m/%Y}. Relisez-la et enregistrez-la (ou dites qu'elle est "
            f"toujours à jour) ici :\n{lien}\n\nAprès 18 mois sans vérification, l'annuaire public prévient que "
            "ses informations sont peut-être anciennes.\n",
            None,
            [acteur.mainteneur.email],
        )
        mark_reminded(acteur=acteur, now=now)
        compte += 1
    return compte


#: Un lieu (ou une fiche) n'est relancé qu'une fois par mois, même si la commande mensuelle tourne deux fois.
ECART_RELANCES = timedelta(days=28)


def relancer_lieux(*, now: datetime | None = None) -> int:
    """Relance les gestionnaires des structures dont des lieux ne sont pas vérifiés depuis 12 mois : un courriel par
    structure, avec pour chaque lieu le lien direct vers son formulaire (« toujours à jour » est un bouton de ce
    formulaire). Les lieux tenus par personne (structure inconnue) restent à la coordination (« Mes lieux », filtre
    « Non vérifiés depuis 12 mois »). Renvoie le nombre de lieux relancés."""
    now = now or timezone.now()
    deja = JournalAnnuaire.objects.filter(
        event=AnnuaireEvent.REMINDED, lieu__isnull=False, created_at__gt=now - ECART_RELANCES
    ).values("lieu_id")
    lieux = (
        lieux_a_verifier(Lieu.objects.filter(structure__isnull=False), now=now)
        .exclude(pk__in=deja)
        .select_related("structure")
        .order_by("structure_id", "nom")
    )
    par_structure: dict[int, list[Lieu]] = {}
    for lieu in lieux:
        par_structure.setdefault(lieu.structure_id, []).append(lieu)
    compte = 0
    for structure_id, siens in par_structure.items():
        destinataires = sorted(
            Membership.objects.filter(
                structure_id=structure_id, role=Role.GESTIONNAIRE, is_active=True, user__is_active=True
            ).values_list("user__email", flat=True)
        )
        if not destinataires:
            continue
        liens = "\n".join(
            f"- {lieu.nom} : {settings.SITE_URL}{reverse('lieux:modifier', args=[lieu.public_id])}" for lieu in siens
        )
        nombre = "un lieu" if len(siens) == 1 else f"{len(siens)} lieux"
        send_mail(
            f"Maillage : {nombre} de « {siens[0].structure.nom} » à vérifier",
            f"Bonjour,\n\nCes informations n'ont pas été vérifiées depuis plus de 12 mois. Ouvrez chaque lieu, "
            f"corrigez ce qui a changé ou cliquez sur « Ces informations sont toujours justes » :\n{liens}\n\n"
            "Après 18 mois sans vérification, la page publique du lieu prévient que ses informations sont peut-être "
            "anciennes.\n",
            None,
            destinataires,
        )
        with transaction.atomic():
            for lieu in siens:
                _journal(AnnuaireEvent.REMINDED, by=None, lieu=lieu)
        compte += len(siens)
    return compte
