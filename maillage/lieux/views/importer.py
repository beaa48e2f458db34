"""Import d'un fichier de lieux par la coordination, en tâches de fond : déposer → la vérification (simulation,
rien n'est écrit) tourne en fond, avec sa barre d'avancement sur la page de la tâche → lire le rapport →
confirmer → l'écriture tourne en fond → résultat. Aucune requête n'attend le travail (voir
docs/decisions/0008-taches-de-fond.md) ; le code d'import est celui de la commande `import_lieux`.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from maillage.lieux.forms import ImportForm
from maillage.lieux.permissions import can_import_lieux, import_territoires_for
from maillage.lieux.taches import confirmer_import, demander_verification
from maillage.taches.enums import GenreTache
from maillage.taches.models import Tache

GENRES_IMPORT = (GenreTache.IMPORT_LIEUX_VERIFIER, GenreTache.IMPORT_LIEUX_ECRIRE)


def importer(request):
    """Déposer un fichier (POST « verifier ») ou confirmer une vérification terminée (POST « confirmer »)."""
    if not can_import_lieux(request.user):
        raise PermissionDenied("L'import de fichiers de lieux est réservé à la coordination.")
    if request.method == "POST" and request.POST.get("etape") == "confirmer":
        return _confirmer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        tache = demander_verification(
            demandeur=request.user, fichier=form.cleaned_data["fichier"],
            correspondance=form.cleaned_data.get("correspondance") or None, source=form.cleaned_data["source"],
            strict=form.cleaned_data["tout_ou_rien"], publier=form.cleaned_data["publier"],
        )  # fmt: skip
        return redirect("taches:detail", public_id=tache.public_id)
    territoires = import_territoires_for(request.user)
    context = {
        "form": form,
        "perimetre_nom": None if territoires is None else ", ".join(sorted(t.nom for t in territoires)),
        "recents": Tache.objects.filter(demandeur=request.user, genre__in=GENRES_IMPORT)[:5],
    }
    return render(request, "lieux/gestion/importer.html", context, status=400 if form.is_bound else 200)


def _confirmer(request):
    # Seule la personne qui a déposé le fichier confirme (l'écriture se fait en son nom, sur son territoire).
    verification = get_object_or_404(
        Tache.objects.filter(demandeur=request.user, genre=GenreTache.IMPORT_LIEUX_VERIFIER),
        public_id=_uuid_or_404(request.POST.get("tache", "")),
    )
    try:
        ecriture = confirmer_import(verification=verification, demandeur=request.user)
    except ValidationError as e:
        messages.error(request, e.messages[0])
        return redirect("taches:detail", public_id=verification.public_id)
    return redirect("taches:detail", public_id=ecriture.public_id)


def _uuid_or_404(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError, AttributeError) as e:
        raise Http404("Cette vérification n'existe pas.") from e
