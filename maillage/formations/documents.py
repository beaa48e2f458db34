"""Documents des formations : l'attestation de présence (PDF A4, fpdf2, même police et même typographie que les
carnets du Pass, `pass_numerique/pdf.py`) et l'export iCalendar des sessions (RFC 5545, écrit à la main : quelques
lignes, aucune dépendance)."""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone

from maillage.formations.enums import EtatInscription
from maillage.formations.models import Inscription, Session
from maillage.pass_numerique.pdf import POLICE, _new_pdf


def _date_longue(d) -> str:
    mois = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"]  # fmt: skip
    return f"{d.day}{'er' if d.day == 1 else ''} {mois[d.month - 1]} {d.year}"


def attestation_pdf(inscription: Inscription) -> bytes:
    """L'attestation de présence d'une personne pointée présente (le service vérifie l'état avant)."""
    if inscription.etat != EtatInscription.PRESENTE:
        raise ValueError("attestation d'une inscription non présente")
    session, profil = inscription.session, inscription.profil
    formation = session.formation
    doc = _new_pdf(f"Attestation de formation — {formation.titre}")
    doc.add_page()
    doc.set_font(POLICE, "B", 18)
    doc.paragraphe(10, "Attestation de présence à une formation")
    doc.ln(6)
    doc.set_font(POLICE, "", 12)
    debut = timezone.localtime(session.debut)
    duree = f"{formation.duree_heures:n}".replace(".", ",")
    doc.paragraphe(
        7, f"{formation.structure_formatrice} atteste que {profil.prenom} {profil.nom} a suivi la formation :"
    )
    doc.ln(2)
    doc.set_font(POLICE, "B", 13)
    doc.paragraphe(7, f"« {formation.titre} »")
    doc.set_font(POLICE, "", 12)
    doc.ln(2)
    lieu = "à distance" if session.a_distance else session.lieu
    doc.paragraphe(7, f"le {_date_longue(debut)}, d'une durée de {duree} heures, {lieu}.", puce="")
    if formation.competences:
        doc.ln(2)
        doc.paragraphe(7, "Compétences travaillées (référentiel Pix) : " + ", ".join(formation.competences) + ".")
    doc.ln(8)
    doc.set_font(POLICE, "", 10)
    doc.paragraphe(6, f"Référence de l'attestation : {inscription.public_id}")
    pointee = timezone.localtime(inscription.pointee_at) if inscription.pointee_at else debut
    doc.paragraphe(6, f"Présence pointée le {_date_longue(pointee)}.")
    return bytes(doc.output())


def _echappe(texte: str) -> str:
    """RFC 5545 § 3.3.11 : barre oblique inverse, point-virgule, virgule et fin de ligne échappés."""
    return texte.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _plie(ligne: str) -> list[str]:
    """RFC 5545 § 3.1 : lignes de 75 octets au plus, suite précédée d'une espace (sans couper un caractère)."""
    morceaux, courant, limite = [], "", 75
    for c in ligne:
        if len((courant + c).encode()) > limite:
            morceaux.append(courant)
            courant, limite = c, 74
        else:
            courant += c
    morceaux.append(courant)
    return [morceaux[0], *(" " + m for m in morceaux[1:])]


def _utc(d: datetime) -> str:
    return d.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def sessions_ics(sessions: Iterable[Session], *, domaine: str, now: datetime | None = None) -> str:
    stamp = _utc(now or timezone.now())
    lignes = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Maillage//Formations des aidants//FR", "CALSCALE:GREGORIAN"]
    for s in sessions:
        f = s.formation
        lignes += [
            "BEGIN:VEVENT", f"UID:{s.public_id}@{domaine}", f"DTSTAMP:{stamp}", f"DTSTART:{_utc(s.debut)}",
            f"DTEND:{_utc(s.fin)}", f"SUMMARY:{_echappe(f.titre)}",
            f"LOCATION:{_echappe('À distance' if s.a_distance else s.lieu)}",
            f"DESCRIPTION:{_echappe(f'{f.get_theme_display()} — {f.structure_formatrice}')}",
            *(["STATUS:CANCELLED"] if s.annulee_at else []), "END:VEVENT",
        ]  # fmt: skip
    lignes.append("END:VCALENDAR")
    return "\r\n".join(p for ligne in lignes for p in _plie(ligne)) + "\r\n"
