from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest
from django.core.exceptions import ValidationError

from maillage.lieux import horaires
from maillage.lieux.enums import BESOIN_SERVICES, SERVICE_DESCRIPTIONS, Besoin, Service, besoin_for_service
from maillage.lieux.horaires import PARIS, describe_day, describe_week, is_open, next_opening, validate_horaires

BUREAU = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


class TestValidateHoraires:
    @pytest.mark.parametrize(
        "text", ["", "Mo-Fr 09:00-12:00", BUREAU, "24/7", "Fr 22:00-02:00", "Mo-Sa 09:00-12:00; PH off"]
    )
    def test_valid(self, text):
        validate_horaires(text)

    @pytest.mark.parametrize("text", ["lundi 9h-12h", "Mo-Fr 25:00-26:00", "<script>alert(1)</script>", "Mo 9-12h"])
    def test_invalid_raises_french_message(self, text):
        with pytest.raises(ValidationError) as exc:
            validate_horaires(text)
        assert "format" in exc.value.messages[0]

    def test_huge_text_refused_without_parsing(self):
        with pytest.raises(ValidationError) as exc:
            validate_horaires("Mo 09:00-12:00; " * 100_000)
        assert "trop longs" in exc.value.messages[0]


class TestIsOpen:
    def test_open_and_closed_in_a_weekday(self):
        assert is_open(BUREAU, paris(2026, 11, 23, 10, 0)) is True  # lundi
        assert is_open(BUREAU, paris(2026, 11, 23, 12, 30)) is False  # pause de midi
        assert is_open(BUREAU, paris(2026, 11, 23, 17, 0)) is False  # fin exclue
        assert is_open(BUREAU, paris(2026, 11, 22, 10, 0)) is False  # dimanche

    @pytest.mark.parametrize("day", [date(2026, 7, 14), date(2026, 11, 11), date(2026, 5, 14), date(2026, 5, 25)])
    def test_closed_on_public_holidays(self, day):
        assert is_open(BUREAU, datetime.combine(day, time(10), PARIS)) is False
        assert is_open("Mo-Fr 09:00-12:00,14:00-17:00", datetime.combine(day, time(10), PARIS)) is True

    def test_library_calendar_matches_holidays_package(self):
        """Le calendrier PH de opening-hours-py = celui du paquet `holidays`, jour par jour, 2025-2030."""
        expr = "Mo-Su 09:00-18:00; PH off"
        for year in range(2025, 2031):
            feries = holidays.France(years=year)
            day = date(year, 1, 1)
            while day.year == year:
                assert is_open(expr, datetime.combine(day, time(10), PARIS)) is (day not in feries), day
                day += timedelta(days=1)

    def test_overnight_range(self):
        expr = "Fr 22:00-02:00"
        assert is_open(expr, paris(2026, 11, 27, 23, 0)) is True  # vendredi soir
        assert is_open(expr, paris(2026, 11, 28, 1, 30)) is True  # samedi, 1 h 30
        assert is_open(expr, paris(2026, 11, 28, 2, 30)) is False
        assert is_open(expr, paris(2026, 11, 27, 21, 0)) is False

    def test_aware_datetime_is_converted_to_paris(self):
        # 8 h 30 UTC = 9 h 30 à Paris (heure d'hiver)
        assert is_open(BUREAU, datetime(2026, 11, 23, 8, 30, tzinfo=UTC)) is True
        # 8 h 30 UTC = 10 h 30 à Paris (heure d'été)
        assert is_open("Mo 10:00-11:00", datetime(2026, 6, 22, 8, 30, tzinfo=UTC)) is True

    def test_naive_datetime_is_paris_time(self):
        assert is_open(BUREAU, datetime(2026, 11, 23, 9, 30)) is True

    @pytest.mark.parametrize("text", ["", "   ", "n'importe quoi", None])
    def test_unknown_hours_give_none(self, text):
        assert is_open(text, paris(2026, 11, 23, 10)) is None

    def test_unknown_state_gives_none(self):
        assert is_open("Mo 09:00-12:00 unknown", paris(2026, 11, 23, 10)) is None


class TestDescribe:
    def test_day_with_two_ranges(self):
        assert describe_day(BUREAU, date(2026, 11, 23)) == "9 h – 12 h, 14 h – 17 h"

    def test_closed_day_and_holiday(self):
        assert describe_day(BUREAU, date(2026, 11, 22)) == "fermé"
        assert describe_day(BUREAU, date(2026, 11, 11)) == "fermé"

    def test_minutes_and_comment(self):
        assert (
            describe_day('Mo 09:30-12:15 "sur rendez-vous"', date(2026, 11, 23))
            == "9 h 30 – 12 h 15 (sur rendez-vous)"
        )

    def test_overnight_and_full_day(self):
        assert describe_day("Fr 22:00-02:00", date(2026, 11, 27)) == "22 h – 2 h"
        assert describe_day("Fr 22:00-02:00", date(2026, 11, 28)) == "0 h – 2 h"
        assert describe_day("Mo 18:00-24:00", date(2026, 11, 23)) == "18 h – 24 h"
        assert describe_day("24/7", date(2026, 11, 23)) == "24 h sur 24"

    def test_no_hours(self):
        assert describe_day("", date(2026, 11, 23)) == horaires.NON_RENSEIGNE
        assert describe_day("pas des horaires", date(2026, 11, 23)) == horaires.NON_RENSEIGNE

    def test_week_starts_at_given_day_and_flags_holidays(self):
        week = describe_week(BUREAU, date(2026, 11, 9))  # lundi 9, mercredi 11 novembre férié
        assert week[0] == ("Lundi", "9 h – 12 h, 14 h – 17 h")
        assert week[2] == ("Mercredi (jour férié)", "fermé")
        assert week[5] == ("Samedi", "fermé")
        assert len(week) == 7


class TestNextOpening:
    def test_open_now_returns_now(self):
        at = paris(2026, 11, 23, 10, 15)
        assert next_opening(BUREAU, at) == at

    def test_lunch_break(self):
        assert next_opening(BUREAU, paris(2026, 11, 23, 12, 30)) == paris(2026, 11, 23, 14, 0)

    def test_skips_weekend_and_holiday(self):
        # mardi 10 novembre 18 h → mercredi 11 férié → jeudi 12 à 9 h
        assert next_opening(BUREAU, paris(2026, 11, 10, 18, 0)) == paris(2026, 11, 12, 9, 0)
        assert next_opening(BUREAU, paris(2026, 11, 27, 18, 0)) == paris(2026, 11, 30, 9, 0)

    def test_never_or_unknown(self):
        assert next_opening("off", paris(2026, 11, 23, 10)) is None
        assert next_opening("", paris(2026, 11, 23, 10)) is None


class TestBesoins:
    def test_every_service_belongs_to_exactly_one_need(self):
        seen = [s for services in BESOIN_SERVICES.values() for s in services]
        assert sorted(seen) == sorted(Service.values)
        assert besoin_for_service(Service.INSERTION_PRO) == Besoin.DEMARCHES
        assert besoin_for_service(Service.MATERIEL_SOLIDAIRE) == Besoin.MATERIEL

    def test_every_service_has_a_plain_description(self):
        assert set(SERVICE_DESCRIPTIONS) == set(Service.values)
