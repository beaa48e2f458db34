"""Entretien des lieux (issue 14, point 5) : relance mensuelle des gestionnaires après 12 mois sans vérification,
avertissement public après 18 mois, fermeture sans effacement."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from maillage.annuaire.models import JournalAnnuaire
from maillage.comptes.enums import Role
from maillage.lieux import services as lieux_services
from tests.comptes.factories import MembershipFactory, StructureFactory
from tests.lieux.factories import LieuFactory

pytestmark = pytest.mark.django_db

DEBUT = datetime.datetime(2026, 1, 15, 9, tzinfo=datetime.UTC)


@pytest.fixture
def structure():
    return StructureFactory(nom="Centre social Les Hauts")


@pytest.fixture
def gestionnaire(structure):
    return MembershipFactory(role=Role.GESTIONNAIRE, structure=structure).user


def _lieux(structure):
    return [LieuFactory(structure=structure, published=True, nom=nom, date_maj=DEBUT.date()) for nom in ("EPN", "Bus")]


def test_one_mail_per_structure_after_12_months_once_a_month(structure, gestionnaire):
    epn, bus = _lieux(structure)
    MembershipFactory(role=Role.MEDIATEUR, structure=structure)  # ne tient pas les lieux : pas de courriel
    with time_machine.travel(DEBUT + datetime.timedelta(days=300), tick=False):
        call_command("relancer_annuaire")
    assert not mail.outbox
    with time_machine.travel(DEBUT + datetime.timedelta(days=380), tick=False):
        call_command("relancer_annuaire")
        call_command("relancer_annuaire")  # une fois par mois au plus
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [gestionnaire.email] and "2 lieux" in message.subject
    assert reverse("lieux:modifier", args=[epn.public_id]) in message.body
    assert reverse("lieux:modifier", args=[bus.public_id]) in message.body
    assert JournalAnnuaire.objects.filter(event="REMINDED", lieu__isnull=False).count() == 2
    with time_machine.travel(DEBUT + datetime.timedelta(days=410), tick=False):
        call_command("relancer_annuaire")
    assert len(mail.outbox) == 2


def test_a_verified_place_is_not_reminded(structure, gestionnaire):
    epn, bus = _lieux(structure)
    with time_machine.travel(DEBUT + datetime.timedelta(days=370), tick=False):
        lieux_services.verify_lieu(lieu=epn, by=gestionnaire)
        call_command("relancer_annuaire")
    assert len(mail.outbox) == 1 and "un lieu" in mail.outbox[0].subject
    assert reverse("lieux:modifier", args=[bus.public_id]) in mail.outbox[0].body
    assert reverse("lieux:modifier", args=[epn.public_id]) not in mail.outbox[0].body


def test_closed_place_and_structure_without_manager_are_skipped(structure):
    LieuFactory(structure=structure, ferme=True, date_maj=DEBUT.date())
    LieuFactory(structure=StructureFactory(), published=True, date_maj=DEBUT.date())  # sans gestionnaire
    with time_machine.travel(DEBUT + datetime.timedelta(days=380), tick=False):
        call_command("relancer_annuaire")
    assert not mail.outbox
    assert not JournalAnnuaire.objects.filter(event="REMINDED").exists()


def test_public_page_warns_after_18_months(client, structure):
    lieu = LieuFactory(structure=structure, published=True, date_maj=DEBUT.date())
    avertissement = "Ces informations datent de plus de 18 mois"
    with time_machine.travel(DEBUT + datetime.timedelta(days=500), tick=False):
        assert avertissement not in client.get(reverse("lieux:detail", args=[lieu.public_id])).content.decode()
    with time_machine.travel(DEBUT + datetime.timedelta(days=560), tick=False):
        assert avertissement in client.get(reverse("lieux:detail", args=[lieu.public_id])).content.decode()
        lieu.verified_at = DEBUT + datetime.timedelta(days=559)
        lieu.save(update_fields=["verified_at"])
        assert avertissement not in client.get(reverse("lieux:detail", args=[lieu.public_id])).content.decode()
