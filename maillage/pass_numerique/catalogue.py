"""Catalogue initial des services et charte v1.0 (la migration 0002 en garde sa propre copie, par convention)."""

from maillage.pass_numerique.models import Charte, ServicePass

SERVICES = [
    ("atelier-collectif", "Atelier collectif d'initiation (2 h)", 1),
    ("accompagnement-individuel", "Accompagnement individuel (1 h)", 1),
    ("demarches-en-ligne", "Aide à une démarche administrative en ligne", 1),
    ("messagerie", "Créer et utiliser une adresse électronique", 1),
    ("smartphone", "Prendre en main son smartphone", 1),
    ("securite", "Se protéger des arnaques en ligne", 1),
    ("parcours-emploi", "Parcours « chercher un emploi en ligne » (4 séances)", 4),
]

CHARTE = """1. Le lieu accueille toute personne munie d'un chèque du Pass numérique, sans rien lui faire payer en plus (reste à charge nul).
2. Le lieu n'encaisse un chèque qu'après avoir rendu le service choisi, et enregistre ce service.
3. Le lieu ne demande ni ne conserve le nom de la personne pour le Pass numérique.
4. Le lieu accepte les contrôles du financeur et de la coordination du territoire.
5. Un manquement peut entraîner la suspension ou le retrait de la qualification."""


def ensure_catalogue() -> None:
    """Idempotent : crée ce qui manque (base vidée par un test transactionnel, démo)."""
    for code, libelle, prix in SERVICES:
        ServicePass.objects.get_or_create(code=code, defaults={"libelle": libelle, "prix_cheques_defaut": prix})
    Charte.objects.get_or_create(version="1.0", defaults={"texte": CHARTE})
