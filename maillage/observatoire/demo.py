"""Démonstration de l'observatoire."""


def load(ctx):
    return None
