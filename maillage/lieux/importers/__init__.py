"""Import des lieux (standard v1.0.2, v0, export brut + correspondance). Point d'entrée : `run_import`."""

from maillage.lieux.importers.readers import FileFormatError
from maillage.lieux.importers.runner import DuplicateReport, ImportReport, run_import
from maillage.lieux.importers.standard import Issue

__all__ = ["DuplicateReport", "FileFormatError", "ImportReport", "Issue", "run_import"]
