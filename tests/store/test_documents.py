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
    assert document[documents.BODY_STOPS] == exact  # the stop-word view of the same text
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


# -- text views analysed once -------------------------------------------------------


def _articles_to_prepare() -> list[Article]:
    from dataclasses import replace
    from pathlib import Path

    from searchlib.ingest import iter_source

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    found = [e for p in sorted(seeds.iterdir()) for e in iter_source(p) if isinstance(e, Article)]
    return [
        *found,
        sample(),
        replace(sample(), title="", lead=None, captions=()),
        replace(sample(), lead="Yang dan", body=("di", "Menlu AS-Rusia bertemu.")),
        # A dotted capital I lowercases longer: its text is tokenized whole.
        replace(sample(), captions=(Caption(text="\u0130stanbul di malam hari"),)),
    ]


def test_text_views_analysed_once_give_the_same_prepared_document() -> None:
    from searchlib._whoosh.prepared import prepare_document

    schema = documents.build_schema()
    lexicon = documents.text_lexicon(schema)
    assert lexicon is not None
    for article in _articles_to_prepare():
        document = documents.to_document(article)
        terms = documents.analysed_terms(document, lexicon)
        assert set(terms) >= {documents.TITLE, documents.BODY, documents.TITLE_EXACT}
        assert (documents.BODY_EXACT in terms) == ("\u0130" not in document[documents.BODY_EXACT])
        assert (documents.BODY_STOPS in terms) == (documents.BODY_EXACT in terms)
        assert prepare_document(schema, document, terms) == prepare_document(schema, document)


def test_a_schema_with_other_analyzers_is_analysed_field_by_field() -> None:
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import TEXT

    schema = documents.build_schema()
    schema.remove(documents.BODY)
    schema.add(documents.BODY, TEXT(analyzer=StandardAnalyzer()))
    assert documents.text_lexicon(schema) is None
