import datetime

import pytest
from django.core.exceptions import ValidationError

from maillage.lieux.models import Lieu, LieuEvent, LieuHistorique


@pytest.fixture
def entry():
    lieu = Lieu.objects.create(
        nom="Lieu", commune="Angers", code_postal="49000", adresse="1 rue X", date_maj=datetime.date(2026, 1, 1)
    )
    return LieuHistorique.objects.create(lieu=lieu, event=LieuEvent.CREATED, details={"a": 1})


class TestAppendOnlyJournal:
    def test_saved_row_cannot_be_modified(self, entry):
        entry.details = {"a": 2}
        with pytest.raises(ValidationError):
            entry.save()
        entry.refresh_from_db()
        assert entry.details == {"a": 1}

    def test_row_cannot_be_deleted(self, entry):
        with pytest.raises(ValidationError):
            entry.delete()
        assert LieuHistorique.objects.filter(pk=entry.pk).exists()

    def test_queryset_update_and_delete_are_refused(self, entry):
        with pytest.raises(ValidationError):
            LieuHistorique.objects.filter(pk=entry.pk).update(details={})
        with pytest.raises(ValidationError):
            LieuHistorique.objects.all().delete()
        assert LieuHistorique.objects.count() == 1
