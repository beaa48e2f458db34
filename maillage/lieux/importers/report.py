"""Le rapport d'un import : problèmes ligne par ligne (`Issue`), doublons probables, compteurs, texte en français ;
et le périmètre (`Perimetre`) où la personne qui importe peut écrire."""

from dataclasses import dataclass, field

from maillage.comptes.models import Territoire
from maillage.lieux.importers.readers import FileInfo
from maillage.lieux.models import Lieu

MAX_ISSUES = 2000
FIELD_LABELS = {f.name: str(f.verbose_name) for f in Lieu._meta.get_fields() if hasattr(f, "verbose_name")}

ERREUR = "erreur"
AVERTISSEMENT = "avertissement"


@dataclass
class Issue:
    field: str
    value: str
    rule: str
    severity: str = ERREUR
    line: int = 0

    @property
    def short_value(self) -> str:
        v = str(self.value)
        return v if len(v) <= 80 else f"{v[:77]}… ({len(v)} caractères)"


@dataclass
class DuplicateReport:
    a: str  # « ligne 12 » ou « lieu existant : Nom (Commune) »
    b: str
    raison: str


@dataclass(frozen=True)
class Perimetre:
    """Où un import peut écrire : les communes (codes INSEE) des territoires de la personne qui importe.

    Le même partout (page d'import, commande avec `--territoire`) : la règle vit ici, pas dans les appelants."""

    territoire_ids: tuple[int, ...]
    communes: frozenset[str]
    nom: str  # « Maine-et-Loire, Sarthe » : repris dans les messages du rapport

    @classmethod
    def of_territoires(cls, territoires) -> "Perimetre":
        territoires = sorted(territoires, key=lambda t: t.nom)
        ids = tuple(t.pk for t in territoires)
        return cls(
            territoire_ids=ids,
            communes=frozenset(cls._communes(ids).values_list("commune_id", flat=True)),
            nom=", ".join(t.nom for t in territoires),
        )

    @staticmethod
    def _communes(ids):
        return Territoire.communes.through.objects.filter(territoire_id__in=ids)

    def communes_subquery(self):
        """Les codes INSEE en sous-requête (une liste de 35 000 paramètres dépasserait la limite de SQLite)."""
        return self._communes(self.territoire_ids).values("commune_id")


@dataclass
class ImportReport:
    source: str
    wet_run: bool
    strict: bool
    file: FileInfo = field(default_factory=FileInfo)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_older: int = 0
    rejected: int = 0
    errors_count: int = 0
    warnings_count: int = 0
    issues: list[Issue] = field(default_factory=list)
    duplicates: list[DuplicateReport] = field(default_factory=list)
    duplicates_count: int = 0
    fatal: str = ""
    written: bool = False
    seconds: float = 0.0
    perimetre: Perimetre | None = None

    @property
    def ok(self) -> bool:
        """Vrai si le fichier a pu être lu et qu'aucune ligne n'est en erreur."""
        return not self.fatal and self.errors_count == 0

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERREUR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == AVERTISSEMENT]

    def add_issue(self, issue: Issue):
        if issue.severity == ERREUR:
            self.errors_count += 1
        else:
            self.warnings_count += 1
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(issue)

    def summary(self) -> str:
        if self.fatal:
            return f"Fichier non importé : {self.fatal}"
        verbe = "écrits" if self.written else ("non écrits" if self.wet_run else "à écrire (simulation)")
        return (
            f"{self.rows} lignes lues : {self.created} lieux nouveaux, {self.updated} modifiés, "
            f"{self.unchanged} inchangés, {self.skipped_older} ignorés car plus anciens, {self.rejected} rejetés "
            f"({verbe}). {self.errors_count} erreurs, {self.warnings_count} avertissements, "
            f"{self.duplicates_count} doublons probables."
        )

    def to_text(self) -> str:
        unit = self.file.unit
        lines = [self.summary()]
        if self.file.format:
            enc = f", encodage {self.file.encoding}" if self.file.encoding else ""
            sep = f", séparateur « {self.file.delimiter} »" if self.file.delimiter else ""
            lines.append(f"Format : {self.file.format.upper()}{enc}{sep}.")
        if self.strict and self.wet_run and not self.written and not self.fatal:
            lines.append("Mode strict : au moins une erreur, rien n'a été écrit.")
        for i in self.issues:
            label = FIELD_LABELS.get(i.field, i.field)
            lines.append(
                f"{i.severity.capitalize()} — {unit} {i.line}, champ « {label} », valeur « {i.short_value} » : {i.rule}"
            )
        if len(self.issues) < self.errors_count + self.warnings_count:
            lines.append(f"… et {self.errors_count + self.warnings_count - len(self.issues)} autres problèmes.")
        for d in self.duplicates:
            lines.append(f"Doublon probable — {d.a} et {d.b} : {d.raison}.")
        return "\n".join(lines)
