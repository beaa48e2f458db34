"""Les noms des modèles au pluriel (administration, messages) : Django ajoute un « s » au nom entier, ce qui donne
« périmètre d'un lieus » ou « feuille de routes ». Tout modèle dont le nom n'est pas un seul mot régulier écrit donc
son pluriel."""

from django.apps import apps

# Terminaisons dont le pluriel n'est pas « + s » (lieu → lieux, journal → journaux, prix → prix).
IRREGULIERES = ("s", "x", "z", "au", "eu", "al", "ail")


def _pluriel_a_ecrire(nom: str) -> bool:
    return " " in nom or "'" in nom or nom.endswith(IRREGULIERES)


def test_every_model_name_has_a_french_plural():
    oublis = [
        f"{m._meta.label} : « {m._meta.verbose_name_plural} »"
        for m in apps.get_models()
        if m.__module__.startswith("maillage.")
        and "verbose_name_plural" not in m._meta.original_attrs
        and _pluriel_a_ecrire(str(m._meta.verbose_name))
    ]
    assert oublis == []


def test_the_rule_catches_a_compound_name():
    assert _pluriel_a_ecrire("feuille de route") and _pluriel_a_ecrire("lieu") and not _pluriel_a_ecrire("commune")
