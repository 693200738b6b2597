"""Near-duplicate signatures: the estimate, the encoding, and stability across processes."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from record_corpus import excerpt_records

from searchlib.duplicates import (
    EMPTY,
    SHINGLE_WORDS,
    Signature,
    resemblance,
    signature_of_words,
    text_words,
)
from searchlib.duplicates.signature import (
    KEY_COUNT,
    SKETCH_SIZE,
    _tuple_hash,
    shingle_hashes,
)


def words_of(record_number: int) -> list[str]:
    return text_words(excerpt_records()[record_number]["text"].split("\n\n"))


def exact_resemblance(first: list[str], second: list[str]) -> float:
    def shingles(words: list[str]) -> set[tuple[str, ...]]:
        return {tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}

    a, b = shingles(first), shingles(second)
    return len(a & b) / len(a | b)


def test_identical_texts_resemble_fully_and_different_ones_hardly() -> None:
    words = words_of(3)
    assert resemblance(signature_of_words(words), signature_of_words(list(words))) == 1.0
    assert resemblance(signature_of_words(words), signature_of_words(words_of(30))) < 0.05


@pytest.mark.parametrize("kept", [0.9, 0.7, 0.5])
def test_the_estimate_follows_the_exact_resemblance_of_a_trimmed_copy(kept: float) -> None:
    # Article 3 (17 paragraphs) has more shingles than the sketch holds: an estimate.
    words = words_of(3)
    trimmed = words[: int(len(words) * kept)]
    assert signature_of_words(words).shingles > SKETCH_SIZE
    exact = exact_resemblance(words, trimmed)
    estimate = resemblance(signature_of_words(words), signature_of_words(trimmed))
    assert abs(estimate - exact) < 0.1, (exact, estimate)


def test_short_texts_keep_every_shingle_and_compare_exactly() -> None:
    first = text_words(["Ketua MPR Zulkifli Hasan menyesalkan kisruh transportasi online"])
    second = first[:-1] + ["daring"]
    a, b = signature_of_words(first), signature_of_words(second)
    assert a.complete and a.shingles == len(first) - SHINGLE_WORDS + 1
    assert resemblance(a, b) == pytest.approx(exact_resemblance(first, second))


def test_texts_shorter_than_a_shingle_are_one_shingle_and_no_words_none() -> None:
    assert signature_of_words(["gempa"]).shingles == 1
    assert signature_of_words(["gempa", "bumi"]).shingles == 1
    assert signature_of_words([]) == EMPTY
    assert resemblance(EMPTY, EMPTY) == 0.0


def test_keys_are_the_smallest_hashes() -> None:
    signature = signature_of_words(words_of(3))
    assert signature.lookup_keys() == signature.sketch[:KEY_COUNT]
    assert list(signature.sketch) == sorted(signature.sketch)
    assert len(signature.sketch) == SKETCH_SIZE


def test_the_shingle_hash_is_the_written_out_tuple_hash() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        lanes = tuple(rng.randrange((1 << 61) - 1) for _ in range(rng.randint(1, 4)))
        assert _tuple_hash(lanes) == hash(lanes)


def test_signatures_are_the_same_in_another_process_with_another_string_hash_seed() -> None:
    words = words_of(7)
    script = (
        "import sys; from searchlib.duplicates import signature_of_words;"
        "print(list(signature_of_words(sys.argv[1:]).sketch))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    child = subprocess.run(
        [sys.executable, "-c", script, *words], capture_output=True, text=True, env=env, check=True
    )
    assert child.stdout.strip() == str(list(signature_of_words(words).sketch))


def test_hashes_of_repeated_words_differ_by_position() -> None:
    # "a a b" and "a b a" are different shingles.
    assert len(shingle_hashes(["a", "a", "b", "a", "a"])) == 3


def test_encoding_round_trips() -> None:
    for signature in (signature_of_words(words_of(3)), signature_of_words(words_of(4)), EMPTY):
        assert Signature.from_bytes(signature.to_bytes()) == signature


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-3],  # truncated
        lambda data: b"\x09" + data[1:],  # another version
        lambda data: data[:5] + data[13:21] + data[5:13] + data[21:],  # hashes out of order
        lambda data: data[:1] + (200).to_bytes(4, "little") + data[5:],  # count mismatch
        lambda data: b"",
    ],
)
def test_decoding_refuses_what_it_did_not_write(damage: object) -> None:
    data = signature_of_words(words_of(4)).to_bytes()
    with pytest.raises(ValueError):
        Signature.from_bytes(damage(data))  # type: ignore[operator]


@given(st.binary(max_size=2000))
def test_decoding_arbitrary_bytes_gives_a_signature_or_value_error(data: bytes) -> None:
    try:
        signature = Signature.from_bytes(data)
    except ValueError:
        return
    assert Signature.from_bytes(signature.to_bytes()) == signature
