"""Pages : « Formations pour mes besoins » → inscription → présence → attestation ; iCalendar ; besoins et chiffres
(masqués sous 5 pour les financeurs) ; menu ; 404 hors de portée."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.navigation import entrees
from maillage.formations import documents, selectors, services
from maillage.formations.enums import EtatInscription
from maillage.formations.models import Inscription, Session
from tests.formations.conftest import aidant_de

pytestmark = pytest.mark.django_db


def test_parcours_aidante(client, sans_42, aidante_user, session, formatrice):
    client.force_login(aidante_user)
    page = client.get(reverse("formations:mes_besoins")).content.decode()
    assert "4.2" in page and "Protéger les données des personnes" in page
    r = client.post(reverse("formations:inscrire", args=[session.public_id]))
    assert r.status_code == 302
    i = Inscription.objects.get(profil=sans_42)
    assert i.etat == EtatInscription.INSCRITE
    # La session a lieu : la formatrice pointe.
    Session.objects.filter(pk=session.pk).update(debut=timezone.now() - timedelta(minutes=10))
    client.force_login(formatrice)
    page = client.get(reverse("formations:session", args=[session.public_id])).content.decode()
    assert "Inscrits et présences" in page
    client.post(reverse("formations:pointer", args=[session.public_id]), {"profil": sans_42.public_id, "present": "1"})
    i.refresh_from_db()
    assert i.etat == EtatInscription.PRESENTE
    client.force_login(aidante_user)
    r = client.get(reverse("formations:attestation", args=[i.public_id]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


def test_pointer_une_personne_non_inscrite_donne_un_message(client, sans_42, session, formatrice):
    Session.objects.filter(pk=session.pk).update(debut=timezone.now() - timedelta(minutes=10))
    client.force_login(formatrice)
    r = client.post(reverse("formations:pointer", args=[session.public_id]), {"profil": sans_42.public_id,
                                                                              "present": "1"}, follow=True)  # fmt: skip
    assert "on ne pointe que les personnes inscrites" in r.content.decode()


def test_attestation_hors_de_portee_404(client, sans_42, aidante_user, session, gestionnaire_autre, formatrice):
    services.register(session=session, profil=sans_42, by=aidante_user)
    i = services.mark_attendance(session=session, profil=sans_42, by=formatrice, present=True, now=session.debut)
    client.force_login(gestionnaire_autre)
    assert client.get(reverse("formations:attestation", args=[i.public_id])).status_code == 404


def test_attestation_pdf_nomme_la_personne_et_la_formation(sans_42, aidante_user, session, formatrice):
    services.register(session=session, profil=sans_42, by=aidante_user)
    i = services.mark_attendance(session=session, profil=sans_42, by=formatrice, present=True, now=session.debut)
    assert documents.attestation_pdf(i).startswith(b"%PDF")


def test_icalendar(client, session):
    r = client.get(reverse("formations:calendrier"))
    texte = r.content.decode()
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    assert texte.startswith("BEGIN:VCALENDAR\r\n") and f"UID:{session.public_id}@" in texte
    assert "SUMMARY:Protéger les données des personnes" in texte and texte.endswith("END:VCALENDAR\r\n")
    assert all(len(ligne.encode()) <= 75 for ligne in texte.split("\r\n"))


def test_pliage_icalendar():
    lignes = documents._plie("DESCRIPTION:" + "é" * 100)
    assert all(len(x.encode()) <= 75 for x in lignes) and lignes[1].startswith(" ")
    assert "".join(x.lstrip(" ") if i else x for i, x in enumerate(lignes)) == "DESCRIPTION:" + "é" * 100


def test_besoins_masques_pour_le_financeur(
    client, sans_42, aidante_user, session, coordinateur, financeur, formatrice
):
    services.register(session=session, profil=sans_42, by=aidante_user)
    services.mark_attendance(session=session, profil=sans_42, by=formatrice, present=True, now=session.debut)
    Session.objects.filter(pk=session.pk).update(debut=timezone.now() - timedelta(hours=1))
    exact = selectors.chiffres(session.formation.territoire, masquer=False)
    assert sum(c["presences"] for c in exact) == 1 and sum(c["ecarts_couverts"] for c in exact) == 1
    client.force_login(financeur)
    page = client.get(reverse("formations:besoins")).content.decode()
    assert "&lt; 5" in page
    client.force_login(coordinateur)
    assert client.get(reverse("formations:besoins")).status_code == 200


def test_un_aidant_n_ouvre_pas_les_besoins(client, aidante_user, territoire):
    client.force_login(aidante_user)
    assert client.get(reverse("formations:besoins")).status_code == 403


def test_menu(aidante_user, coordinateur, gestionnaire):
    def urls(u):
        return {e.url_name for e in entrees(u)}

    assert "formations:mes_besoins" in urls(aidante_user)
    assert {"formations:besoins", "formations:service_civique"} <= urls(coordinateur)
    assert "formations:service_civique" in urls(gestionnaire) and "formations:besoins" not in urls(gestionnaire)


def test_gestionnaire_inscrit_un_aidant_de_sa_structure(client, structure, gestionnaire, session):
    _, profil = aidant_de(structure)
    client.force_login(gestionnaire)
    assert profil.prenom in client.get(reverse("formations:session", args=[session.public_id])).content.decode()
    client.post(reverse("formations:inscrire", args=[session.public_id]), {"profil": profil.public_id, "attente": "1"})
    assert Inscription.objects.get(profil=profil).inscrit_par == gestionnaire
