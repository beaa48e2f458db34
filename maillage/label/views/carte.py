"""La carte des compétences d'un territoire : par EPCI (ou, `?epci=<SIREN>`, par commune des structures de cet
EPCI), aidants qui atteignent le profil de chaque niveau (nombre et part), labellisés (nombre et taux pour 10 000
habitants), figures d'équité entre zones, et le tableau compétence × zone des écarts (couleur par classe CSS,
nombre écrit dans la case : le tableau est lui-même son jumeau accessible). Masqué sous 5 hors de la coordination."""

from django.http import Http404
from django.shortcuts import render

from maillage.core.exports import tabular_response
from maillage.label import equite, permissions, selectors
from maillage.label.views.outils import territoire_choisi


def carte(request):
    territoire, territoires = territoire_choisi(request, carte=True)
    masquer = not permissions.sees_exact_counts(request.user, territoire)
    try:
        data = selectors.carte_competences(territoire, masquer=masquer, epci=request.GET.get("epci") or None)
    except equite.ZoneHorsTerritoire:
        raise Http404("Cet EPCI n'a aucune commune dans le territoire.") from None
    if fmt := request.GET.get("format"):
        return _export(territoire, data, fmt)
    return render(request, "label/carte.html", {
        "territoire": territoire, "territoires": territoires, "masquer": masquer, **data,
    })  # fmt: skip


def _export(territoire, data, fmt):
    zone = ["Commune", "Code INSEE"] if data["epci"] else ["EPCI", "SIREN de l'EPCI"]
    header = [*zone, "Aidants", "Niveaux saisis", "Labellisés",
              *[f"Atteignent le profil « {n.label} »" for n in data["niveaux"]],
              *[f"Part qui atteint le profil « {n.label} » (%)" for n in data["niveaux"]],
              "Population", "Labellisés pour 10 000 habitants",
              *[f"Sous le niveau exigé — {c}" for c in data["codes"]]]  # fmt: skip
    rows = [
        [ligne["epci"], ligne["code"], ligne["total"], ligne["evalues"], ligne["labellises"], *ligne["atteint"],
         *[_valeur(p) for p in ligne["parts"]], ligne["population"], _valeur(ligne["pour_10000"]),
         *[case["valeur"] for case in ligne["ecarts"]]]
        for ligne in data["lignes"]
    ]  # fmt: skip
    # Les figures d'équité sous le tableau, dans les colonnes des parts et du taux (minimum, médiane…).
    vides = [""] * (3 + len(data["niveaux"]))
    entre = "entre communes" if data["epci"] else "entre EPCI"
    for cle, nom in (("minimum", "Minimum"), ("mediane", "Médiane"), ("maximum", "Maximum"),
                     ("rapport", "Rapport maximum / minimum")):  # fmt: skip
        valeurs = [f[cle] if f[cle] is not None else f["textes"][cle] for f in data["equite"]]
        rows.append([f"{nom} {entre}", "", *vides, *valeurs[:-1], "", valeurs[-1], *[""] * len(data["codes"])])
    suffixe = f"-epci-{data['epci']}" if data["epci"] else ""
    return tabular_response(fmt=fmt, filename=f"competences-{territoire.slug}{suffixe}", header=header, rows=rows)


def _valeur(p: dict) -> float | str:
    """Un nombre pour les tableurs, ou « — » quand la valeur est masquée."""
    return p["valeur"] if p["valeur"] is not None else p["texte"]
