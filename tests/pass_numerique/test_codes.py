"""Codes des chèques : imprévisibles, lisibles, et toute faute de frappe sur un caractère est détectée."""

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.pass_numerique import codes

body_strategy = st.text(alphabet=codes.ALPHABET, min_size=codes.RANDOM_LENGTH, max_size=codes.RANDOM_LENGTH)


class TestFormat:
    def test_entropy_is_at_least_60_bits(self):
        assert codes.RANDOM_LENGTH * math.log2(len(codes.ALPHABET)) >= 60

    def test_alphabet_has_no_ambiguous_character(self):
        assert not set("01ILOU") & set(codes.ALPHABET)
        assert len(set(codes.ALPHABET)) == len(codes.ALPHABET) == 30

    def test_generated_codes_are_valid_grouped_and_distinct(self):
        generated = codes.generate_codes(2000)
        assert len(set(generated)) == 2000
        assert all(codes.is_valid(c) for c in generated)
        assert codes.format_code(generated[0]).count("-") == 2
        assert len(codes.format_code(generated[0])) == 17

    def test_characters_are_uniformly_drawn(self):
        """Tirage sans biais (rejet des octets ≥ 240) : chaque signe apparaît ≈ 1/30 du temps."""
        from collections import Counter

        counts = Counter("".join(c[:-1] for c in codes.generate_codes(20000)))
        expected = 20000 * codes.RANDOM_LENGTH / 30
        assert set(counts) == set(codes.ALPHABET)
        assert all(abs(n - expected) / expected < 0.05 for n in counts.values())

    def test_normalize_accepts_dashes_spaces_lowercase(self):
        code = codes.generate_code()
        typed = " " + codes.format_code(code).lower().replace("-", " - ") + " "
        assert codes.normalize(typed) == code


class TestCheckCharacter:
    @given(body=body_strategy, position=st.integers(0, codes.CODE_LENGTH - 1), data=st.data())
    @settings(max_examples=3000)
    def test_any_single_substitution_is_detected(self, body, position, data):
        code = body + codes.check_character(body)
        wrong = data.draw(st.sampled_from([c for c in codes.ALPHABET if c != code[position]]))
        typo = code[:position] + wrong + code[position + 1 :]
        assert codes.is_valid(code)
        assert not codes.is_valid(typo)

    @given(body=body_strategy)
    @settings(max_examples=200)
    def test_every_substitution_of_every_position_is_detected_exhaustively(self, body):
        code = body + codes.check_character(body)
        for position in range(codes.CODE_LENGTH):
            for wrong in codes.ALPHABET:
                if wrong != code[position]:
                    assert not codes.is_valid(code[:position] + wrong + code[position + 1 :])

    def test_adjacent_transpositions_are_almost_always_detected(self):
        """Bonus (non garanti) du système hybride : > 99 % des inversions de deux voisins différents sont vues."""
        rng = random.Random(1)
        total = detected = 0
        for _ in range(5000):
            body = "".join(rng.choice(codes.ALPHABET) for _ in range(codes.RANDOM_LENGTH))
            code = body + codes.check_character(body)
            p = rng.randrange(codes.CODE_LENGTH - 1)
            if code[p] == code[p + 1]:
                continue
            total += 1
            detected += not codes.is_valid(code[:p] + code[p + 1] + code[p] + code[p + 2 :])
        assert detected / total > 0.99

    @given(body=body_strategy)
    def test_table_matches_reference_computation(self, body):
        assert codes.check_character(body) == codes.check_character_reference(body)

    @given(st.text(max_size=30))
    def test_is_valid_never_crashes(self, raw):
        codes.is_valid(codes.normalize(raw))
