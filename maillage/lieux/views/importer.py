"""Import d'un fichier de lieux par la coordination, en deux temps : déposer → lire le rapport (simulation,
rien n'est écrit) → confirmer (écriture). Le fichier déposé est gardé dans un dossier temporaire entre les deux
étapes, sous un jeton aléatoire lié à la session de la personne ; il est effacé après l'écriture.
"""

import shutil
import tempfile
import time
import uuid
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from maillage.lieux.enums import StatutLieu
from maillage.lieux.forms import ImportForm
from maillage.lieux.importers.runner import FIELD_LABELS, Perimetre, run_import
from maillage.lieux.permissions import can_import_lieux, import_territoires_for

SESSION_KEY = "lieux_import"
MAX_AGE_S = 6 * 3600
MAX_ISSUES_SHOWN = 300


def import_dir() -> Path:
    path = Path(tempfile.gettempdir()) / "maillage-imports-lieux"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _cleanup_old_files() -> None:
    limit = time.time() - MAX_AGE_S
    for child in import_dir().iterdir():
        try:
            if child.stat().st_mtime < limit:
                shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)
        except OSError:
            pass


def _store(uploaded, folder: Path, name: str) -> Path:
    path = folder / name
    with path.open("wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    return path


def _report_context(report) -> dict:
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
        "report": report,
        "issues": issues,
        "issues_hidden": report.errors_count + report.warnings_count - len(issues),
    }


def _perimetre(user) -> Perimetre | None:
    """Recalculé à chaque étape (jamais lu dans la session) : un rôle retiré entre-temps compte."""
    territoires = import_territoires_for(user)
    return None if territoires is None else Perimetre.of_territoires(territoires)


def importer(request):
    """Étape 1 (GET/POST « verifier ») : déposer un fichier et lire le rapport. Étape 2 (POST « confirmer »)."""
    if not can_import_lieux(request.user):
        raise PermissionDenied("L'import de fichiers de lieux est réservé à la coordination.")
    if request.method == "POST" and request.POST.get("etape") == "confirmer":
        return _confirmer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    perimetre = _perimetre(request.user)
    context = {"form": form, "perimetre": perimetre}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _cleanup_old_files()
            token = uuid.uuid4().hex
            folder = import_dir() / token
            folder.mkdir(mode=0o700)
            fichier = form.cleaned_data["fichier"]
            suffix = (
                Path(fichier.name).suffix.lower()[:6]
                if Path(fichier.name).suffix.lower() in (".csv", ".json", ".txt")
                else ""
            )
            path = _store(fichier, folder, f"lieux{suffix}")
            mapping_path = None
            if form.cleaned_data.get("correspondance"):
                mapping_path = _store(form.cleaned_data["correspondance"], folder, "correspondance.json")
            options = {
                "source": form.cleaned_data["source"],
                "strict": form.cleaned_data["tout_ou_rien"],
                "statut": StatutLieu.PUBLIE if form.cleaned_data["publier"] else StatutLieu.BROUILLON,
            }
            report = run_import(
                str(path), mapping=str(mapping_path) if mapping_path else None, wet_run=False,
                filename=fichier.name, perimetre=perimetre, **options,
            )  # fmt: skip
            request.session[SESSION_KEY] = {
                "token": token,
                "filename": fichier.name,
                "mapping": bool(mapping_path),
                **options,
            }
            context.update(_report_context(report), token=token, options=options, filename=fichier.name)
            context["can_confirm"] = (
                not report.fatal and (report.created + report.updated) > 0 and (report.ok or not options["strict"])
            )
        else:
            status = 400
    return render(request, "lieux/gestion/importer.html", context, status=status)


def _confirmer(request):
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if not token or pending.get("token") != token or not all(c in "0123456789abcdef" for c in token):
        messages.error(request, "Ce dépôt de fichier a expiré ou n'est pas le vôtre : déposez à nouveau le fichier.")
        return redirect("lieux:importer")
    folder = import_dir() / token
    files = [p for p in folder.glob("lieux*")] if folder.exists() else []
    if not files:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, "Le fichier déposé n'est plus disponible : déposez-le à nouveau.")
        return redirect("lieux:importer")
    mapping = str(folder / "correspondance.json") if pending.get("mapping") else None
    perimetre = _perimetre(request.user)
    report = run_import(
        str(files[0]), mapping=mapping, wet_run=True, filename=pending.get("filename", ""), actor=request.user,
        source=pending["source"], strict=pending["strict"], statut=pending["statut"], perimetre=perimetre,
        via="web",
    )  # fmt: skip
    shutil.rmtree(folder, ignore_errors=True)
    request.session.pop(SESSION_KEY, None)
    context = {"form": ImportForm(), "done": True, "perimetre": perimetre, **_report_context(report)}
    context["options"] = {k: pending[k] for k in ("source", "strict", "statut")}
    context["filename"] = pending.get("filename", "")
    if report.written:
        messages.success(request, report.summary())
    else:
        messages.warning(request, report.summary())
    return render(request, "lieux/gestion/importer.html", context)
