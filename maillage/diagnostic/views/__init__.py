"""Vues du diagnostic : le parcours public (`public.py`), le kit de premier accueil (`accueil.py`)."""
