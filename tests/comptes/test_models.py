import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from maillage.comptes.enums import Role
from maillage.comptes.models import Membership, Structure, User, validate_siret
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory, UserFactory


class TestSiret:
    def test_valid_siret_passes(self):
        validate_siret("13002526500013")  # DINUM

    @pytest.mark.parametrize("value", ["13002526500014", "73282932000075"])
    def test_bad_luhn_key_is_refused_in_french(self, value):
        with pytest.raises(ValidationError, match="clé de contrôle"):
            validate_siret(value)

    @pytest.mark.parametrize("value", ["1300252650001", "1300 2526500013", "ABCDEFGHIJKLMN"])
    def test_wrong_shape_is_refused(self, value):
        with pytest.raises(ValidationError, match="14 chiffres"):
            validate_siret(value)

    def test_structure_full_clean_reports_the_field(self, angers):
        structure = Structure(nom="Asso", commune=angers, siret="13002526500014")
        with pytest.raises(ValidationError) as error:
            structure.full_clean()
        assert "siret" in error.value.message_dict
        assert not Structure.objects.exists()


class TestUser:
    def test_email_is_the_login_and_lowercased(self):
        user = User.objects.create_user(email="Claire.Martin@Exemple.FR", password="x-long-password-1")
        assert user.email == "claire.martin@exemple.fr"
        assert User.objects.get_by_natural_key("CLAIRE.MARTIN@exemple.fr") == user

    def test_email_is_unique(self):
        UserFactory(email="a@exemple.fr")
        with pytest.raises(ValidationError):
            User.objects.create_user(email="a@exemple.fr", password="x-long-password-1")


class TestMembership:
    def test_coordinator_needs_a_territoire(self):
        with pytest.raises(IntegrityError):
            Membership.objects.create(user=UserFactory(), structure=StructureFactory(), role=Role.COORDINATEUR)

    def test_mediator_has_no_territoire(self):
        membership = Membership(
            user=UserFactory(), structure=StructureFactory(), role=Role.MEDIATEUR, territoire=TerritoireFactory()
        )
        with pytest.raises(ValidationError, match="territoire"):
            membership.full_clean()

    def test_same_role_twice_is_refused(self):
        m = MembershipFactory(role=Role.MEDIATEUR)
        with pytest.raises(ValidationError, match="déjà ce rôle"):
            Membership(user=m.user, structure=m.structure, role=Role.MEDIATEUR).full_clean()

    def test_several_roles_in_one_structure(self):
        m = MembershipFactory(role=Role.MEDIATEUR)
        MembershipFactory(user=m.user, structure=m.structure, role=Role.GESTIONNAIRE)
        user = User.objects.get(pk=m.user.pk)
        assert user.roles == {Role.MEDIATEUR, Role.GESTIONNAIRE}
