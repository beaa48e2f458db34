"""Import web d'un fichier de lieux en tâches de fond : déposer → vérifier (simulation) → rapport → confirmer →
écrire → résultat.

Le même code que la commande `import_lieux` (`run_import`) ; seule la façon de l'appeler change. Le fichier déposé
est rangé dans le stockage par défaut de Django (pas dans le dossier temporaire d'un serveur) : n'importe quel
processus web ou de tâches le relit. Il est effacé après l'écriture, ou avec la tâche à son expiration.
"""

import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from maillage.lieux.enums import StatutLieu
from maillage.lieux.importers.runner import FIELD_LABELS, ImportReport, Perimetre, run_import
from maillage.lieux.permissions import can_import_lieux, import_territoires_for
from maillage.taches.enums import EtatTache, GenreTache
from maillage.taches.models import Tache
from maillage.taches.services import (
    Progression,
    enqueue_tache,
    executer,
    ranger_fichier,
    supprimer_fichiers,
    task,
    verifier_encore_possible,
)

MAX_ISSUES_SHOWN = 300
EXTENSIONS = (".csv", ".json", ".txt")


# --- Lecture suivie : l'avancement sans crochet dans run_import -------------------------------------------------


class _Brut(io.RawIOBase):
    """N'importe quel fichier du stockage (disque, mémoire, objet distant) vu comme un flux brut."""

    def __init__(self, fichier):
        self._f = fichier

    def readable(self):
        return True

    def seekable(self):
        return True

    def readinto(self, b):
        data = self._f.read(len(b))
        b[: len(data)] = data
        return len(data)

    def seek(self, pos, whence=io.SEEK_SET):
        self._f.seek(pos, whence)
        return self._f.tell()

    def tell(self):
        return self._f.tell()


class _LectureSuivie(io.BufferedReader):
    """Dit à chaque lecture du lecteur de texte (`read1`, qu'utilise `io.TextIOWrapper`) combien d'octets sont lus.

    La détection de l'encodage lit tout le fichier une première fois par `read` : elle ne compte pas, sinon la
    barre irait au bout avant que la première ligne soit vérifiée."""

    def __init__(self, fichier, *, quand_lu):
        super().__init__(_Brut(fichier))
        self._quand_lu = quand_lu

    def read1(self, size=-1):
        data = super().read1(size)
        self._quand_lu(self.tell(), fin=not data)
        return data


def _suivre(progression: Progression, *, taille: int, pendant: str, apres: str):
    def quand_lu(position: int, *, fin: bool) -> None:
        progression.avancer(fait=min(position, taille), total=taille, message=apres if fin else pendant)

    return quand_lu


# --- Rapport en JSON (résultat de la tâche, relu par les gabarits) ----------------------------------------------


def rapport_json(report: ImportReport) -> dict:
    unit = report.file.unit if report.file else "ligne"
    issues = [
        {
            "ligne": f"{unit} {i.line}" if i.line else "",
            "champ": FIELD_LABELS.get(i.field, i.field),
            "valeur": i.short_value,
            "regle": i.rule,
            "erreur": i.severity == "erreur",
        }
        for i in report.issues[:MAX_ISSUES_SHOWN]
    ]
    return {
        "fatal": report.fatal,
        "ok": report.ok,
        "written": report.written,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped_older": report.skipped_older,
        "rejected": report.rejected,
        "warnings_count": report.warnings_count,
        "duplicates_count": report.duplicates_count,
        "duplicates": [{"a": d.a, "b": d.b, "raison": d.raison} for d in report.duplicates],
        "issues": issues,
        "issues_hidden": report.errors_count + report.warnings_count - len(issues),
        "perimetre": report.perimetre.nom if report.perimetre else "",
        "seconds": report.seconds,
        "message": report.summary(),
    }


def _perimetre(user) -> Perimetre | None:
    """Recalculé à chaque étape (jamais lu dans la tâche) : un rôle retiré entre-temps compte."""
    territoires = import_territoires_for(user)
    return None if territoires is None else Perimetre.of_territoires(territoires)


def _sans_droit() -> dict:
    return {
        "fatal": "Vous n'avez plus le droit d'importer des lieux (rôle de coordination retiré) : rien n'est fait.",
        "message": "Import refusé : rôle de coordination retiré.",
    }


def _importer(tache: Tache, progression: Progression, *, wet_run: bool) -> dict:
    p = tache.parametres
    if not can_import_lieux(tache.demandeur):
        return _sans_droit()
    perimetre = _perimetre(tache.demandeur)
    taille = default_storage.size(p["fichier"])
    pendant, apres = (
        ("Écriture des lieux", "Dernières écritures et recherche des doublons probables")
        if wet_run
        else ("Lecture et vérification du fichier", "Recherche des doublons probables")
    )
    progression.avancer(fait=0, total=taille, message=pendant)
    mapping = default_storage.open(p["correspondance"], "rb") if p.get("correspondance") else None
    try:
        with default_storage.open(p["fichier"], "rb") as fichier:
            fh = _LectureSuivie(fichier, quand_lu=_suivre(progression, taille=taille, pendant=pendant, apres=apres))
            report = run_import(
                fh, source=p["source"], mapping=mapping, wet_run=wet_run, strict=p["strict"], statut=p["statut"],
                filename=p["nom_fichier"], perimetre=perimetre, actor=tache.demandeur if wet_run else None,
                via="web" if wet_run else "",
            )  # fmt: skip
    finally:
        if mapping is not None:
            mapping.close()
    rapport = rapport_json(report)
    rapport["peut_confirmer"] = (
        not report.fatal and (report.created + report.updated) > 0 and (report.ok or not p["strict"])
    )
    return rapport


def _verifier(tache: Tache, progression: Progression) -> dict:
    return _importer(tache, progression, wet_run=False)


def _ecrire(tache: Tache, progression: Progression) -> dict:
    rapport = _importer(tache, progression, wet_run=True)
    supprimer_fichiers(tache=tache)  # écrit (ou refusé) : le fichier déposé ne sert plus
    return rapport


@task()
def verifier_import_lieux(tache_id: int) -> None:
    executer(tache_id=tache_id, travail=_verifier)


@task()
def ecrire_import_lieux(tache_id: int) -> None:
    executer(tache_id=tache_id, travail=_ecrire)


# --- Services appelés par la page d'import ----------------------------------------------------------------------


@transaction.atomic
def demander_verification(
    *, demandeur, fichier, correspondance=None, source: str, strict: bool, publier: bool
) -> Tache:
    """Range le fichier déposé dans le stockage et met sa vérification (simulation, rien d'écrit) en file."""
    suffix = Path(fichier.name).suffix.lower()
    noms = [ranger_fichier(fichier=fichier, nom=f"lieux{suffix if suffix in EXTENSIONS else ''}")]
    if correspondance is not None:
        noms.append(ranger_fichier(fichier=correspondance, nom="correspondance.json"))
    parametres = {
        "fichier": noms[0],
        "correspondance": noms[1] if correspondance is not None else None,
        "nom_fichier": Path(fichier.name).name[:200],
        "source": source,
        "strict": strict,
        "statut": StatutLieu.PUBLIE if publier else StatutLieu.BROUILLON,
    }
    return enqueue_tache(
        demandeur=demandeur, genre=GenreTache.IMPORT_LIEUX_VERIFIER, task=verifier_import_lieux,
        parametres=parametres, fichiers=noms, retour_url=reverse("lieux:importer"),
        message="En attente : la vérification du fichier commence dans quelques secondes.",
    )  # fmt: skip


@transaction.atomic
def confirmer_import(*, verification: Tache, demandeur) -> Tache:
    """Met l'écriture en file, une seule fois par vérification (un double clic renvoie la même tâche).

    Le fichier passe à la tâche d'écriture, qui l'efface une fois fini."""
    verification = Tache.objects.select_for_update().get(pk=verification.pk)
    if suite := verification.suites.filter(genre=GenreTache.IMPORT_LIEUX_ECRIRE).first():
        return suite
    verifier_encore_possible(verification)
    if verification.etat != EtatTache.TERMINEE:
        raise ValidationError("La vérification n'est pas terminée : attendez son rapport avant de confirmer.")
    if not (verification.resultat or {}).get("peut_confirmer"):
        raise ValidationError("Ce fichier n'a rien à écrire : corrigez-le puis déposez-le à nouveau.")
    if not verification.fichiers:
        raise ValidationError("Le fichier déposé n'est plus disponible : déposez-le à nouveau.")
    fichiers, verification.fichiers = verification.fichiers, []
    verification.save(update_fields=["fichiers", "updated_at"])
    return enqueue_tache(
        demandeur=demandeur, genre=GenreTache.IMPORT_LIEUX_ECRIRE, task=ecrire_import_lieux,
        parametres=verification.parametres, fichiers=fichiers, retour_url=reverse("lieux:gestion"),
        parent=verification, message="En attente : l'écriture des lieux commence dans quelques secondes.",
    )  # fmt: skip
