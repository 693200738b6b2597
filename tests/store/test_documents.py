"""Article <-> Whoosh document: both text views, metadata keys, and the stored article."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from searchlib.ingest.article import Article, Caption
from searchlib.store import documents

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
    document = documents.to_document(sample())
    exact = document[documents.BODY_EXACT]
    assert "Menteri luar negeri bertemu." in exact
    assert "Pertemuan berlangsung dua jam." in exact
    assert "Lavrov di Stockholm" in exact
    assert document[documents.CAPTIONS] == "Lavrov di Stockholm"
    assert document[documents.TITLE] == document[documents.TITLE_EXACT] == sample().title


def test_dates_are_the_outlets_wall_clock_and_outlets_are_keyed_loosely() -> None:
    document = documents.to_document(sample())
    assert document[documents.PUBLISHED] == datetime(2021, 12, 31, 23, 30)
    assert document[documents.MONTH] == "2021-12"
    assert document[documents.OUTLET] == "republika online"


def test_missing_metadata_is_left_out_and_the_article_round_trips() -> None:
    bare = Article(id="b", source_path="b.txt", title="Judul", body=("Isi.",))
    document = documents.to_document(bare)
    metadata = {documents.OUTLET, documents.AUTHOR, documents.PUBLISHED, documents.MONTH}
    assert not metadata & document.keys()
    stored = documents.from_stored({documents.STORED_ARTICLE: document[documents.STORED_ARTICLE]})
    assert stored == bare


def test_every_document_field_is_in_the_schema() -> None:
    schema = documents.build_schema()
    assert set(documents.to_document(sample())) <= set(schema.names())
    assert set(documents.STEMMED_FIELDS + documents.EXACT_FIELDS) <= set(schema.names())
