"""The gated stemmer against plain Sastrawi: the same stem for every word.

The words are the seed articles' own, their roots with common affixes, and
hand-picked cases for each path through Sastrawi's algorithm. The full check
over the evaluation corpora is ``python benchmarks/bench_stemming.py --verify``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from searchlib.analysis import stemming
from searchlib.analysis.gated_sastrawi import GatedStemmer, GatedVisitorProvider, load_gated_stemmer
from searchlib.analysis.roots import checked_root

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")

# Words each Sastrawi prefix rule family (Morphology/Disambiguator/, 1-42; there
# is no 22 or 33) applies to. Families 3 and 24 need a vowel, "er" and a vowel
# after ber-/per- plus two letters, which no common word has: those are made up.
PREFIX_RULE_CASES: dict[int, tuple[str, ...]] = {
    1: ("berakhir", "berasal", "berisi", "beranak"),
    2: ("bermain", "bertanya", "berlaku", "bersepeda"),
    3: ("berkaerat", "bersuerang"),
    4: ("belajar", "belajarlah"),
    5: ("bekerja", "beserta", "beternak"),
    6: ("terasa", "terakhir", "teringat", "terutama"),
    7: ("terperangkap", "terserah"),
    8: ("terbuka", "terjadi", "terlihat", "terrekam"),
    9: ("tebersit", "tepercik"),
    10: ("melihat", "merawat", "mewarnai", "meyakini"),
    11: ("membuat", "memfitnah", "memvonis"),
    12: ("mempengaruhi", "mempelajari", "memperbaiki"),
    13: ("memakai", "meminta", "memukul", "memakan"),
    14: ("mencari", "mendapat", "menjual", "mensyukuri", "mentaati", "menziarahi"),
    15: ("menanti", "menulis", "menanam", "menerima"),
    16: ("menggunakan", "menghadapi", "mengqadha", "mengkritik"),
    17: ("mengambil", "mengalahkan", "mengecat", "menganga", "mengebom"),
    18: ("menyala", "menyapu", "menyanyi"),
    19: ("memproses", "memprotes", "memproteksi"),
    20: ("pewarna", "peyakin"),
    21: ("perasaan", "peranan", "peragaan", "perahu"),
    23: ("pertanyaan", "perbaikan", "permintaan"),
    24: ("perkaerah", "persuerang"),
    25: ("pembuat", "pembaca", "pemfitnah"),
    26: ("pemakai", "pemukul", "pemilik"),
    27: ("pencari", "pendapat", "penjual", "pensiunan", "penstabilan", "pentranskripsi"),
    28: ("penanam", "penulis", "penari"),
    29: ("pengganti", "penghasilan", "pengkritik", "pengrajin"),
    30: ("pengambil", "pengalaman", "pengecat", "pengolah"),
    31: ("penyanyi", "penyapu", "penyakit"),
    32: ("pelajar", "pelaku", "pelari"),
    34: ("pekerja", "petani", "pedagang", "pejabat"),
    35: ("terpercaya", "tersertifikasi"),
    36: ("peserta", "petermak"),
    37: ("gerigi", "seruling", "gerutu"),
    38: ("telunjuk", "gelembung", "geletar", "selidik"),
    39: ("gemetar", "gemuruh", "kemilau", "semerbak"),
    40: ("kinerja", "sinambung"),
    41: ("kuambil", "kupukul", "kudengar"),
    42: ("kauambil", "kaulihat", "kaupilih"),
}

HARD_CASES = (
    # Confixes Sastrawi strips prefix first: be-...-lah, be-...-an, me-/di-/pe-/ter-...-i.
    "bermainlah", "bekerjalah", "berdatangan", "bersamaan", "bepergian", "berhadapan",
    "menemui", "mengakhiri", "menghormati", "mendekati", "menyetujui",
    "diikuti", "didekati", "disetujui", "diketahui", "dihadiri",
    "pencuri", "pelari", "pemberani", "terlampaui", "terpenuhi", "teratasi", "terkendali",
    # -kan removed, then given back as -k (ECS loop): masuk-an, tindak-an.
    "masukan", "tindakan", "kebanyakan", "penolakan", "pemasukan", "kerusakan", "gerakan",
    "teriakan", "pembentukan", "kebijakan", "ditembakkan", "menaikkan",
    # Plurals and reduplication.
    "berbalas-balasan", "meniru-nirukan", "malaikat-malaikatnya", "malaikat-malaikat-nya",
    "anak-anak", "buku-bukunya", "kupu-kupu", "sayur-mayur", "bolak-balik", "gerak-gerik",
    "tembak-menembak", "pukul-memukul", "hati-hatilah", "jalan-jalan-lah", "nikmat-ku",
    "a-b-c", "tanggung-jawab", "anak-anaknya-lah",
    # Very short words, bare affixes and prefix remnants.
    "a", "di", "ke", "ku", "kau", "me", "be", "pe", "ber", "ter", "per", "dia", "itu", "mu",
    "nya", "lah", "kan", "an", "i", "is", "menge", "penge", "meng", "peng", "meny", "x",
    # Roots.
    "rumah", "makan", "ajar", "tulis", "kerja", "main", "ikan", "taman", "pukul", "alam",
    # Hyphens in odd places, and words outside Sastrawi's alphabet.
    "a--b", "-lah", "x-", "-", "", "oper \"v,\"", "naïve", "rp100", "Buku", "se.kan",
)

# Affixes put on the seed articles' roots, AFFIXES_PER_ROOT of them to each
# root in turn, so that every affix meets many roots and the test stays fast.
AFFIXES_PER_ROOT = 4
AFFIXES = (
    "me{}", "di{}", "ber{}", "ter{}", "pe{}", "per{}", "ke{}", "se{}", "mem{}", "men{}",
    "meng{}", "meny{}", "peng{}", "{}kan", "{}an", "{}i", "{}nya", "{}lah", "{}kah",
    "me{}kan", "di{}i", "ber{}an", "ke{}an", "pe{}an", "{0}-{0}", "{0}-{0}nya",
)


@pytest.fixture(scope="module")
def plain() -> Any:
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


@pytest.fixture(scope="module")
def gated() -> GatedStemmer:
    return load_gated_stemmer()


@pytest.fixture(scope="module")
def seed_words(seeds_dir: Path) -> list[str]:
    words: set[str] = set()
    for path in sorted(seeds_dir.glob("*.txt")):
        words.update(_WORD.findall(path.read_text(encoding="utf-8").lower()))
    return sorted(words)


@pytest.fixture(scope="module")
def test_words(seed_words: list[str], gated: GatedStemmer) -> list[str]:
    """Seed words, their roots with affixes, and the hand-picked cases."""
    roots = sorted({gated.stem_word(word) for word in seed_words})
    affixed = {
        AFFIXES[(i * AFFIXES_PER_ROOT + k) % len(AFFIXES)].format(root)
        for i, root in enumerate(roots)
        for k in range(AFFIXES_PER_ROOT)
    }
    cases = {word for words in PREFIX_RULE_CASES.values() for word in words}
    return sorted({*seed_words, *affixed, *cases, *HARD_CASES})


def test_the_test_words_are_a_few_thousand(test_words: list[str]) -> None:
    assert len(test_words) > 3000


def test_gated_stemmer_gives_sastrawis_stem_for_every_word(
    test_words: list[str], plain: Any, gated: GatedStemmer
) -> None:
    differing = [
        (word, plain.stem_word(word), gated.stem_word(word))
        for word in test_words
        if gated.stem_word(word) != plain.stem_word(word)
    ]
    assert differing == []


def test_the_cases_reach_every_prefix_rule_family() -> None:
    provider = GatedVisitorProvider()
    for rule in provider.prefix_rules:
        names = [type(d).__name__ for d in rule.disambiguators]
        family = int(re.sub(r"\D", "", names[0]))
        words = PREFIX_RULE_CASES[family]
        for disambiguator in rule.disambiguators:
            assert any(disambiguator.disambiguate(w) is not None for w in words), names
    assert len(provider.prefix_rules) == len(PREFIX_RULE_CASES)


def test_a_word_is_offered_every_prefix_rule_that_matches_it(test_words: list[str]) -> None:
    """The gate may leave a rule out only when none of its patterns can match.

    The words include roots with prefixes, the forms prefix rules meet once
    suffixes are gone.
    """
    provider = GatedVisitorProvider()
    for word in test_words:
        offered = provider.prefix_visitors_for(word)
        assert offered[0] is provider.plain_prefix
        for rule in provider.prefix_rules:
            if any(d.disambiguate(word) is not None for d in rule.disambiguators):
                assert rule in offered, (word, type(rule.disambiguators[0]).__name__)


def test_a_word_meets_only_the_rules_for_its_beginning() -> None:
    provider = GatedVisitorProvider()
    for word in ("diberikan", "menggunakan", "pertanyaan", "rumah"):
        assert len(provider.prefix_visitors_for(word)) < len(provider.prefix_rules) / 3


def test_sastrawi_stem_keeps_the_root_check_over_sastrawis_stem(
    seed_words: list[str], plain: Any
) -> None:
    stemming.clear_stem_cache()
    contains = plain.dictionary.contains
    for word in seed_words:
        expected = plain.stem_word(word)
        if "-" not in word:
            expected = checked_root(word, expected, contains)
        assert stemming.sastrawi_stem(word) == expected, word
