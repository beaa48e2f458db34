"""Code personnel : court, lisible, imprévisible, une faute de frappe détectée, seule l'empreinte gardée."""

import math

from hypothesis import given
from hypothesis import strategies as st

from maillage.mes_donnees import codes
from maillage.pass_numerique.codes import ALPHABET, check_character


def test_entropy_and_length():
    assert codes.CODE_LENGTH == 10
    assert codes.RANDOM_LENGTH * math.log2(len(ALPHABET)) > 44


def test_generated_codes_are_well_formed_grouped_and_distinct():
    generated = {codes.generate() for _ in range(2000)}
    assert len(generated) == 2000
    assert all(codes.is_well_formed(c) for c in generated)
    code = next(iter(generated))
    assert len(codes.format_code(code)) == 11 and codes.format_code(code)[5] == "-"


def test_typed_with_spaces_dashes_lowercase_gives_the_same_hash():
    code = codes.generate()
    typed = " " + codes.format_code(code).lower().replace("-", " - ") + " "
    assert codes.hash_code(typed) == codes.hash_code(code)
    assert len(codes.hash_code(code)) == 64 and code not in codes.hash_code(code)


@given(st.text(alphabet=ALPHABET, min_size=9, max_size=9), st.integers(0, 9), st.sampled_from(ALPHABET))
def test_any_single_typo_is_detected(body, position, replacement):
    code = body + check_character(body)
    typo = code[:position] + replacement + code[position + 1 :]
    assert codes.is_well_formed(code)
    assert typo == code or not codes.is_well_formed(typo)
