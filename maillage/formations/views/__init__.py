"""Vues des formations (`formations.py`), de la coordination (`besoins.py`) et du service civique
(`service_civique.py`)."""
