"""Grille d'horaires ⇄ syntaxe OpenStreetMap `opening_hours` (celle du standard national).

La grille (jours × deux plages) est convertie côté serveur ; un champ « expert » permet d'écrire la syntaxe
directement. Le validateur des données reste `lieux/horaires.py` : ici, seulement la saisie.
"""

import re
from datetime import time

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from maillage.lieux.horaires import validate_horaires

JOURS = [
    ("Mo", "lundi"),
    ("Tu", "mardi"),
    ("We", "mercredi"),
    ("Th", "jeudi"),
    ("Fr", "vendredi"),
    ("Sa", "samedi"),
    ("Su", "dimanche"),
]
JOUR_CODES = [code for code, _ in JOURS]
PLAGES = (1, 2)  # matin / après-midi : couvre la très grande majorité des lieux ; le reste passe par le mode expert
PLAGE_LIBELLES = {1: "première plage", 2: "deuxième plage"}

_RANGE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_DAY_SPEC = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$")

Grille = dict[str, list[tuple[time, time]]]


def grid_to_osm(grille: Grille, *, feries_fermes: bool = False) -> str:
    """{"Mo": [(9h, 12h), (14h, 17h)], …} → « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off ».

    Les jours qui ont exactement les mêmes plages sont regroupés (« Mo-We,Fr ») ; un jour sans plage est fermé
    (c'est la valeur par défaut d'OpenStreetMap). Grille vide → "" (horaires inconnus, jamais « toujours fermé »).
    """
    par_plages: dict[str, list[int]] = {}
    for index, code in enumerate(JOUR_CODES):
        plages = sorted(grille.get(code) or [])
        if not plages:
            continue
        texte = ",".join(f"{debut:%H:%M}-{fin:%H:%M}" for debut, fin in plages)
        par_plages.setdefault(texte, []).append(index)
    if not par_plages:
        return ""
    regles = []
    for texte, jours in sorted(par_plages.items(), key=lambda item: item[1][0]):
        regles.append(f"{_days_selector(jours)} {texte}")
    if feries_fermes:
        regles.append("PH off")
    return "; ".join(regles)


def _days_selector(indexes: list[int]) -> str:
    """[0, 1, 2, 4] → « Mo-We,Fr » ; deux jours consécutifs restent listés (« Sa,Su »)."""
    runs: list[list[int]] = []
    for index in indexes:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{JOUR_CODES[run[0]]}-{JOUR_CODES[run[-1]]}")
        else:
            parts.extend(JOUR_CODES[i] for i in run)
    return ",".join(parts)


def osm_to_grid(value: str) -> tuple[Grille, bool] | None:
    """Relit une valeur simple (« Mo-Fr 09:00-12:00,14:00-17:00; We off; PH off ») en grille.

    Renvoie None si la valeur sort de ce que la grille sait montrer (24/7, semaines, dates, plus de deux plages,
    heures après minuit…) : le formulaire garde alors la valeur telle quelle et invite au mode expert.
    """
    grille: Grille = {code: [] for code in JOUR_CODES}
    feries_fermes = False
    value = (value or "").strip()
    if not value:
        return grille, False
    for regle in (r.strip() for r in value.split(";")):
        if not regle:
            continue
        if regle in ("PH off", "PH closed"):
            feries_fermes = True
            continue
        parts = regle.split(None, 1)
        if len(parts) != 2:
            return None
        days, plages = _parse_days(parts[0]), _parse_plages(parts[1])
        if days is None or plages is None:
            return None
        for day in days:  # sémantique OSM : une règle ultérieure remplace les plages du jour
            grille[day] = sorted(plages)
    return grille, feries_fermes


def _parse_plages(spec: str) -> list[tuple[time, time]] | None:
    """« 09:00-12:00,14:00-17:00 » → deux plages ; « off » → aucune ; None si la grille ne sait pas le montrer."""
    if spec in ("off", "closed"):
        return []
    plages = []
    for plage in spec.split(","):
        match = _RANGE.match(plage.strip())
        if not match:
            return None
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h2, m2) <= (h1, m1):
            return None
        plages.append((time(h1, m1), time(h2, m2)))
    return plages if len(plages) <= len(PLAGES) else None


def _parse_days(spec: str) -> list[str] | None:
    days: list[str] = []
    for part in spec.split(","):
        match = _DAY_SPEC.match(part)
        if not match:
            return None
        start = JOUR_CODES.index(match.group(1))
        end = JOUR_CODES.index(match.group(2)) if match.group(2) else start
        if end < start:  # « Sa-Mo » : valide en OSM, mais rare ; mode expert
            return None
        days.extend(JOUR_CODES[start : end + 1])
    return days


class HorairesForm(DsfrBaseForm):
    """Grille de la semaine (deux plages par jour) + jours fériés + champ expert.

    Règle : si le champ expert a été modifié, c'est lui qui compte ; sinon la grille est convertie. Modifier les
    deux à la fois est refusé (on ne devine pas lequel garder). `cleaned_data["horaires"]` est la valeur finale.
    """

    feries_fermes = forms.BooleanField(label="Fermé les jours fériés", required=False)
    horaires_expert = forms.CharField(
        label="Horaires au format OpenStreetMap (mode expert)",
        help_text="Par exemple : Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off. "
        "Laissez tel quel pour utiliser la grille ci-dessus.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false", "autocomplete": "off"}),
    )

    def __init__(self, *args, horaires: str = "", **kwargs):
        self.horaires_initiaux = horaires or ""
        lue = osm_to_grid(self.horaires_initiaux)
        self.grille_possible = lue is not None
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("horaires_expert", self.horaires_initiaux)
        if lue is not None:
            grille, feries = lue
            initial.setdefault("feries_fermes", feries)
            for code, _nom in JOURS:
                for n, (debut, fin) in zip(PLAGES, grille[code], strict=False):
                    initial.setdefault(f"{code}_debut_{n}", debut)
                    initial.setdefault(f"{code}_fin_{n}", fin)
        super().__init__(*args, **kwargs)
        for code, nom in JOURS:
            for n in PLAGES:
                for bout, libelle in (("debut", "ouverture"), ("fin", "fermeture")):
                    self.fields[f"{code}_{bout}_{n}"] = forms.TimeField(
                        label=f"{nom.capitalize()}, {PLAGE_LIBELLES[n]} : {libelle}",
                        required=False,
                        input_formats=["%H:%M", "%Hh%M", "%Hh", "%H"],
                        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "class": "fr-input"}),
                        error_messages={"invalid": "Heure invalide : écrivez-la comme 09:30."},
                    )
        # DsfrBaseForm a posé ses classes avant la création des champs de la grille.
        for name in ("feries_fermes", "horaires_expert"):
            self.fields[name] = self.fields.pop(name)

    @property
    def lignes(self):
        """Pour le gabarit : une ligne par jour, avec ses champs (tableau accessible)."""
        rows = []
        for code, nom in JOURS:
            rows.append(
                {
                    "nom": nom.capitalize(),
                    "champs": [(self[f"{code}_debut_{n}"], self[f"{code}_fin_{n}"]) for n in PLAGES],
                }
            )
        return rows

    def _grille(self) -> Grille:
        grille: Grille = {}
        for code, nom in JOURS:
            plages = []
            for n in PLAGES:
                debut = self.cleaned_data.get(f"{code}_debut_{n}")
                fin = self.cleaned_data.get(f"{code}_fin_{n}")
                if debut is None and fin is None:
                    continue
                if debut is None or fin is None:
                    raise ValidationError(
                        f"{nom.capitalize()}, {PLAGE_LIBELLES[n]} : indiquez l'heure d'ouverture ET l'heure de "
                        "fermeture (ou aucune des deux)."
                    )
                if fin <= debut:
                    raise ValidationError(
                        f"{nom.capitalize()}, {PLAGE_LIBELLES[n]} : l'heure de fermeture doit suivre l'heure "
                        "d'ouverture. Pour une ouverture après minuit, utilisez le mode expert."
                    )
                plages.append((debut, fin))
            plages.sort()
            if len(plages) == 2 and plages[1][0] < plages[0][1]:
                raise ValidationError(f"{nom.capitalize()} : les deux plages se chevauchent.")
            grille[code] = plages
        return grille

    def grid_changed(self) -> bool:
        names = [name for name in self.changed_data if name != "horaires_expert"]
        return bool(names)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        expert = " ".join((cleaned.get("horaires_expert") or "").split())
        expert_modifie = expert != " ".join(self.horaires_initiaux.split())
        if expert_modifie and self.grid_changed():
            raise ValidationError(
                "Vous avez modifié à la fois la grille et le champ expert : gardez une seule des deux modifications."
            )
        if expert_modifie:
            horaires = expert
        elif self.grille_possible:
            horaires = grid_to_osm(self._grille(), feries_fermes=bool(cleaned.get("feries_fermes")))
        else:
            horaires = self.horaires_initiaux  # trop complexe pour la grille : rien n'a changé
        if horaires:
            message = horaires_error(horaires)
            if message:
                self.add_error("horaires_expert", message)
        cleaned["horaires"] = horaires
        return cleaned


def horaires_error(value: str) -> str | None:
    """Message d'erreur en français si la valeur ne se lit pas, None sinon (validateur des données : horaires.py)."""
    try:
        validate_horaires(value)
    except ValidationError as error:
        return " ".join(error.messages)
    return None
