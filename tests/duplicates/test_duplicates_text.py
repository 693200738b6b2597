"""What a signature compares: the story's words, not the outlet's dress."""

from __future__ import annotations

from dataclasses import replace

from searchlib.duplicates import article_signature, story_words, text_words
from searchlib.ingest import Article, Caption

STORY = (
    "Ketua MPR Zulkifli Hasan menyesalkan kisruh yang terjadi antara pelaku sarana "
    "transportasi online dan tradisional, Senin (27/3).",
    "Menurut dia, titik temu masih bisa dicari dengan tarif Rp 6,5 ribu per kilometer.",
)


def test_datelines_of_every_outlet_read_the_same() -> None:
    plain = text_words(STORY)
    for dateline in (
        "REPUBLIKA.CO.ID, JAKARTA --",
        "Jakarta (ANTARA) -",
        "JAKARTA, KOMPAS.com -",
        "Jakarta, CNN Indonesia --",
        "Liputan6.com, Jakarta -",
    ):
        assert text_words((f"{dateline} {STORY[0]}", *STORY[1:])) == plain, dateline


def test_the_spacing_of_numbers_does_not_matter() -> None:
    assert text_words(["Rp 6, 5 miliar pada 1890 - 1979 (8 0)"]) == text_words(
        ["Rp 6,5 miliar pada 1890-1979 (80)"]
    )
    assert text_words(["naik 23, 7 poin"]) != text_words(["naik 27, 3 poin"])


def test_case_punctuation_and_stop_words_do_not_matter() -> None:
    assert text_words(["Zulkifli, yang menyesalkan kisruh itu!"]) == text_words(
        ["zulkifli menyesalkan kisruh"]
    )


def test_paragraph_breaks_do_not_matter() -> None:
    assert text_words([" ".join(STORY)]) == text_words(STORY)


def test_title_captions_and_outlet_are_not_compared() -> None:
    article = Article(id="a", source_path="a.txt", title="Zulkifli: Kisruh Taksi", body=STORY)
    dressed = replace(
        article,
        id="b",
        title="Ketua MPR Soal Transportasi Online",
        outlet="Republika",
        captions=(Caption("Zulkifli Hasan di Gedung DPR", "Foto: Antara"),),
    )
    assert story_words(dressed) == story_words(article)
    assert article_signature(dressed) == article_signature(article)
