"""La carte des compétences d'un territoire : par EPCI, aidants qui atteignent le profil de chaque niveau,
labellisés, et le tableau compétence × EPCI des écarts (couleur par classe CSS, nombre écrit dans la case : le
tableau est lui-même son jumeau accessible). Masqué sous 5 hors de la coordination."""

from django.shortcuts import render

from maillage.core.exports import tabular_response
from maillage.label import permissions, selectors
from maillage.label.views.outils import territoire_choisi


def carte(request):
    territoire, territoires = territoire_choisi(request, carte=True)
    masquer = not permissions.sees_exact_counts(request.user, territoire)
    data = selectors.carte_competences(territoire, masquer=masquer)
    if fmt := request.GET.get("format"):
        return _export(territoire, data, fmt)
    return render(request, "label/carte.html", {
        "territoire": territoire, "territoires": territoires, "masquer": masquer, **data,
    })  # fmt: skip


def _export(territoire, data, fmt):
    header = ["EPCI", "SIREN de l'EPCI", "Aidants", "Niveaux saisis", "Labellisés",
              *[f"Atteignent le profil « {n.label} »" for n in data["niveaux"]],
              *[f"Sous le niveau exigé — {c}" for c in data["codes"]]]  # fmt: skip
    rows = [
        [ligne["epci"], ligne["code"], ligne["total"], ligne["evalues"], ligne["labellises"], *ligne["atteint"],
         *[case["valeur"] for case in ligne["ecarts"]]]
        for ligne in data["lignes"]
    ]  # fmt: skip
    return tabular_response(fmt=fmt, filename=f"competences-{territoire.slug}", header=header, rows=rows)
