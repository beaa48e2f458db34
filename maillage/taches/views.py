"""Page d'une tâche de fond : avancement, puis résultat. Seule la personne qui l'a demandée (et l'équipe) la voit ;
pour les autres, elle n'existe pas (404)."""

from django.db import transaction
from django.shortcuts import get_object_or_404, render

from maillage.taches.models import Tache


# Lecture seule, interrogée toutes les 2 s : hors transaction, pour ne jamais attendre le verrou d'écriture de
# SQLite pendant qu'une tâche écrit (les requêtes ouvrent sinon une transaction IMMEDIATE).
@transaction.non_atomic_requests
def detail(request, public_id):
    tache = get_object_or_404(Tache.objects.visible_by(request.user), public_id=public_id)
    context = {
        "tache": tache,
        "gabarits_resultat": [tache.gabarit_resultat, "taches/resultats/defaut.html"],
    }
    if request.htmx:
        # `vu` : l'état que la page affichait. S'il a changé, la zone d'annonce (aria-live) le dit.
        context["annoncer"] = request.GET.get("vu", "") != tache.etat
        return render(request, "taches/includes/_suivi.html", context)
    return render(request, "taches/detail.html", context)
