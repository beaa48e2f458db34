"""Démonstration de l'observatoire : les indicateurs publics du Maine-et-Loire (fichier livré dans data/)."""

from maillage.core.demo import DemoContext
from maillage.observatoire import services


def load(ctx: DemoContext) -> None:
    r = services.charger_indicateurs()
    if ctx.stdout is not None:
        ctx.stdout.write(f"Observatoire : {r.indicateurs} indicateurs publics, {r.valeurs.creees} valeurs chargées.")
