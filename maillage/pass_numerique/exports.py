"""Contenu des fichiers téléchargés du Pass (registre, relevé), et les empreintes des journaux qui les ancrent.

Les réponses CSV/XLSX elles-mêmes viennent de `maillage.core.exports` (une seule façon, sans formule) : ici, seulement
les en-têtes et les lignes.

Empreinte d'un journal : l'empreinte SHA-256 de sa dernière ligne (`core.journal.head_hash`), qui dépend de toutes les
lignes d'avant. Imprimée sur un relevé remis au lieu et au comptable public, elle sort de la base : si une ligne
antérieure était un jour modifiée ou supprimée, la chaîne recalculée (`verifier_journaux`) ne redonnerait plus cette
empreinte, et le papier le prouverait.
"""

from collections.abc import Iterator
from datetime import datetime

from django.utils import timezone

from maillage.core.journal import head_hash
from maillage.pass_numerique import codes
from maillage.pass_numerique.models import Campagne, Mouvement, QualificationJournal, Releve, TentativeRefusee

# (journal, nom imprimé) : le registre des mouvements d'abord, c'est lui qui porte l'argent.
JOURNAUX_ANCRES = (
    (Mouvement, "du registre"),
    (QualificationJournal, "de l'historique des qualifications"),
    (TentativeRefusee, "du journal des tentatives refusées"),
)

REGISTRE_ENTETE = [
    "N°", "Date", "Mouvement", "Chèques", "Montant (€)", "Carnet", "Lieu", "Structure", "Par", "Corrige le n°", "Motif",
]  # fmt: skip
RELEVE_ENTETE = ["Code du chèque", "Encaissé le", "Service", "Montant (€)"]


def empreintes(at: datetime | None = None) -> list[str]:
    """« Empreinte du registre au 02/04/2026 à 09:00 : <64 caractères hexadécimaux> », une ligne par journal."""
    at = timezone.localtime(at)
    return [f"Empreinte {nom} au {at:%d/%m/%Y à %H:%M} : {head_hash(model)}" for model, nom in JOURNAUX_ANCRES]


def registre_rows(campagne: Campagne) -> Iterator[list]:
    """Une ligne par mouvement de la campagne, dans l'ordre d'écriture (générateur : la réponse part en flux)."""
    mouvements = (
        Mouvement.objects.filter(campagne=campagne)
        .select_related("carnet", "lieu", "structure", "actor")
        .order_by("created_at", "pk")
    )
    for m in mouvements.iterator(chunk_size=2000):
        yield [
            m.pk, timezone.localtime(m.created_at).isoformat(timespec="seconds"), m.get_type_display(), m.quantite,
            m.montant, m.carnet.numero if m.carnet else "", m.lieu.nom if m.lieu else "",
            m.structure.nom if m.structure else "", m.actor.email if m.actor else "", m.corrige_id or "", m.motif,
        ]  # fmt: skip


def releve_rows(releve: Releve, cheques, lignes_empreintes: list[str]) -> list[list]:
    """Les chèques du relevé, le total, puis les empreintes des journaux en lignes de commentaire (« # … »)."""
    valeur = releve.campagne.valeur_cheque
    rows = [[codes.format_code(c.code), c.redeemed_at.isoformat(), c.service.libelle, valeur] for c in cheques]
    rows.append(["Total", "", f"{releve.nombre_cheques} chèques", releve.montant])
    rows += [[f"# {ligne}"] for ligne in lignes_empreintes]
    return rows
