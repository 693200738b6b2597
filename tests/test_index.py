"""Article <-> Whoosh document: both text views, metadata keys, and the stored article."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from searchlib import index
from searchlib.ingest.article import Article, Caption

JAKARTA = timezone(timedelta(hours=7))


def sample() -> Article:
    return Article(
        id="a1",
        source_path="a1.txt",
        title="Menlu Rusia Bertemu Blinken",
        body=("Lavrov tiba di Jenewa.", "Pertemuan berlangsung dua jam."),
        outlet="  Republika  Online ",
        author="Novi Christiastuti",
        published=datetime(2021, 12, 31, 23, 30, tzinfo=JAKARTA),
        lead="Menteri luar negeri bertemu.",
        captions=(Caption(text="Lavrov di Stockholm"),),
    )


def test_the_exact_view_holds_lead_body_and_captions() -> None:
    document = index.to_document(sample())
    exact = document[index.BODY_EXACT]
    assert "Menteri luar negeri bertemu." in exact
    assert "Pertemuan berlangsung dua jam." in exact
    assert "Lavrov di Stockholm" in exact
    assert document[index.CAPTIONS] == "Lavrov di Stockholm"
    assert document[index.TITLE] == document[index.TITLE_EXACT] == sample().title


def test_dates_are_the_outlets_wall_clock_and_outlets_are_keyed_loosely() -> None:
    document = index.to_document(sample())
    assert document[index.PUBLISHED] == datetime(2021, 12, 31, 23, 30)
    assert document[index.MONTH] == "2021-12"
    assert document[index.OUTLET] == "republika online"


def test_missing_metadata_is_left_out_and_the_article_round_trips() -> None:
    bare = Article(id="b", source_path="b.txt", title="Judul", body=("Isi.",))
    document = index.to_document(bare)
    assert not {index.OUTLET, index.AUTHOR, index.PUBLISHED, index.MONTH} & document.keys()
    stored = index.from_stored({index.STORED_ARTICLE: document[index.STORED_ARTICLE]})
    assert stored == bare


def test_every_document_field_is_in_the_schema() -> None:
    schema = index.build_schema()
    assert set(index.to_document(sample())) <= set(schema.names())
    assert set(index.STEMMED_FIELDS + index.EXACT_FIELDS) <= set(schema.names())
