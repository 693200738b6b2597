"""The `searchlib` commands: parse arguments, call the library, hand results to output.

Data goes to stdout, progress and messages to stderr. Every searchlib error
becomes one line on stderr and exit code 1; usage errors exit with 2.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from searchlib import ingest as ingestion
from searchlib._version import __version__
from searchlib.analysis import explain
from searchlib.article_index import ArticleIndex
from searchlib.cli.output import (
    OneLineErrorGroup,
    articles_noting_problems,
    emit,
    fail,
    note,
    print_article,
    print_json,
    print_report,
    print_results,
)
from searchlib.cli.progress import ProgressBar, estimate_articles
from searchlib.cli.render import render_article, render_explained_page, render_tokens, terminal_safe
from searchlib.results import DEFAULT_LIMIT, IndexReport
from searchlib.search import MAX_LIMIT, SORTS
from searchlib.store import DEFAULT_LOCK_TIMEOUT

DEFAULT_INDEX = "index"
DEFAULT_SOURCES = ("seeds",)


index_option = click.option(
    "-i",
    "--index",
    "index_dir",
    envvar="SEARCHLIB_INDEX",
    default=DEFAULT_INDEX,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Index folder (or set SEARCHLIB_INDEX).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


@click.group(cls=OneLineErrorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="searchlib")
def cli() -> None:
    """Full-text search for Indonesian news articles.

    \b
    Quick start:
      searchlib index seeds                # build ./index from the sample articles
      searchlib search "pertemuan Jenewa"  # ranked, highlighted results
    """


@cli.command("index")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True,
              help="Delete the index first and build it anew (only a searchlib index or an "
                   "empty folder; other files are never deleted).")
@click.option("--strict", is_flag=True, help="Stop at the first unreadable file.")
@click.option("--prune", is_flag=True, help="Remove articles whose source file is gone.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for reading and analysis  [default: all cores]")
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=DEFAULT_LOCK_TIMEOUT,
              show_default=True, help="Seconds to wait for another indexer to finish.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--overrides", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Word list: a word alone is kept as written, 'word stem' maps it "
                   "(new index or --rebuild only).")
@click.option("--acronyms", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Acronym list: 'acronym expansion words' per line "
                   "(new index or --rebuild only).")
@click.option("--no-stories", is_flag=True,
              help="Do not group syndicated copies into stories (new index or --rebuild only).")
def index_command(
    paths: tuple[Path, ...],
    index_dir: Path,
    rebuild: bool,
    strict: bool,
    prune: bool,
    jobs: int | None,
    lock_timeout: float,
    quiet: bool,
    overrides: Path | None,
    acronyms: Path | None,
    no_stories: bool,
) -> None:
    """Index files and folders of articles (default: seeds).

    PATHS are .txt pages, .jsonl or .csv files, or folders holding them.
    New articles are added, changed ones replaced, unchanged ones skipped;
    --prune also removes articles whose source file is gone. Work is
    committed in batches: if the run is interrupted, what was committed
    stays, and running the same command again finishes the job.

    \b
    Examples:
      searchlib index seeds
      searchlib index ../shared/eval/indosum/articles.jsonl --jobs 2
      searchlib index archive/ --prune
      searchlib index archive/ --overrides my-words.txt --acronyms my-acronyms.txt --rebuild
    """
    sources = paths or tuple(Path(p) for p in DEFAULT_SOURCES)
    new_index = rebuild or not ArticleIndex.exists(index_dir)
    if (overrides or acronyms or no_stories) and not new_index:
        fail("word lists and --no-stories change how every article is indexed: add --rebuild "
             "to apply them")
    if new_index:
        idx = ArticleIndex.create(index_dir, overwrite=rebuild, overrides=overrides,
                                  acronyms=acronyms, lock_timeout=lock_timeout,
                                  stories=not no_stories)
    else:
        idx = ArticleIndex.open(index_dir)
    stderr = sys.stderr
    bar = None if quiet or not stderr.isatty() else ProgressBar(stderr, estimate_articles(sources))
    report = IndexReport()
    try:
        with idx:
            idx.add(sources, jobs=jobs, prune=prune, strict=strict, progress=bar,
                    lock_timeout=lock_timeout, report=report)
    except KeyboardInterrupt:
        if bar:
            bar.clear()
        fail(f"interrupted: {report.commit_summary()} are saved; the batch in progress "
              "was not. Run the same command again to finish.")
    finally:
        if bar:
            bar.clear()
    if not quiet:
        print_report(report)


@cli.command()
@index_option
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=DEFAULT_LOCK_TIMEOUT,
              show_default=True, help="Seconds to wait for another indexer to finish.")
def optimize(index_dir: Path, lock_timeout: float) -> None:
    """Merge the index into one segment, for the fastest searches.

    Worth running after a large build or many small updates; searches keep
    working meanwhile.
    """
    with ArticleIndex.open(index_dir) as idx:
        before = idx.optimize(lock_timeout=lock_timeout)
    if before > 1:
        note(f"optimized: {before} segments merged into 1")
    else:
        note("optimized: the index was already a single segment")


def _open_for_search(index_dir: Path) -> ArticleIndex:
    """Open the index, building it from the sample articles on first use."""
    if not ArticleIndex.exists(index_dir) and index_dir == Path(DEFAULT_INDEX):
        seeds = Path(DEFAULT_SOURCES[0])
        if seeds.is_dir():
            note(f"No index at {index_dir}/ yet: building it from {seeds}/ first.")
            with ArticleIndex.create(index_dir) as idx:
                print_report(idx.add([seeds]))
    return ArticleIndex.open(index_dir)


_SEARCH_EXAMPLES = """Search the index and print ranked hits with highlighted snippets.

    \b
    The query language:
      pertukaran tahanan           all words preferred, none required
      "menteri luar negeri"        a phrase; "lavrov blinken"~3 allows 3 words between
      lavrov -ukraina              leave out articles with a word (also NOT ukraina)
      rusia OR ukraina             either word;  rusia AND nato: both required
      (rusia OR ukraina) nato      parentheses group
      title:lavrov  outlet:viva  author:"novi christiastuti"

    \b
    Examples:
      searchlib search "pertemuan Lavrov dan Blinken di Jenewa"
      searchlib search Lavrov --outlet Republika
      searchlib search Lavrov --since "Desember 2021" --until "31 Des 2021"
      searchlib search Lavrov --since 2021-12 --sort date --page 2 -n 5
      searchlib search Lavrov --author "Novi Christiastuti"
      searchlib search Lavrov --facets           # counts per outlet and month
      searchlib search Stokholm --fuzzy          # near spellings of longer words
      searchlib search "pertukaran tahanan" --json
      searchlib search Lavrov --jsonl | jq .id
      searchlib search Lavrov --no-collapse      # every syndicated copy as its own hit

    Syndicated copies of one story are shown once, as the best-ranked copy
    with "also in" the other outlets. The total count (articles and stories)
    and any "did you mean" suggestion go to stderr.
    """


@cli.command(help=_SEARCH_EXAMPLES)
@click.argument("query")
@index_option
@click.option("-n", "--limit", default=DEFAULT_LIMIT, show_default=True,
              type=click.IntRange(min=1, max=MAX_LIMIT), help="Hits per page, e.g. -n 20.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(min=1),
              help="Page of results to show, e.g. --page 2.")
@click.option("--outlet", multiple=True, metavar="NAME",
              help="Only these outlets (name prefix, any case; repeatable), e.g. --outlet detik.")
@click.option("--since", metavar="DATE",
              help='Published on or after DATE: 2021-12-03, 2021-12, "Desember 2021", '
                   '"3 Des 2021".')
@click.option("--until", metavar="DATE",
              help='Published on or before DATE (the whole day or month), '
                   'e.g. --until "31 Des 2021".')
@click.option("--author", multiple=True, metavar="NAME",
              help='Only articles by this author (repeatable), e.g. --author "Novi Christiastuti".')
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True,
              help="Order: best match first, or newest first (--sort date).")
@click.option("--facets", is_flag=True,
              help="Also count matching articles per outlet and per month.")
@click.option("--fuzzy", is_flag=True,
              help="Also match near spellings of words of 5+ letters (the first eight), "
                   "e.g. Stokholm.")
@click.option("--no-collapse", is_flag=True,
              help="Show every syndicated copy of a story as its own hit.")
@json_option
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON hit per line.")
def search(
    query: str,
    index_dir: Path,
    limit: int,
    page: int,
    outlet: tuple[str, ...],
    since: str | None,
    until: str | None,
    author: tuple[str, ...],
    sort: str,
    facets: bool,
    fuzzy: bool,
    no_collapse: bool,
    as_json: bool,
    as_jsonl: bool,
) -> None:
    if as_json and as_jsonl:
        raise click.UsageError("choose one of --json and --jsonl")
    with _open_for_search(index_dir) as idx:
        results = idx.search(
            query, limit=limit, page=page, outlet=outlet or None, since=since, until=until,
            author=author or None, sort=sort, fuzzy=fuzzy, facets=facets,
            collapse=not no_collapse,
        )
    print_results(results, as_json, as_jsonl, facets)


@cli.command()
@click.argument("article_id")
@index_option
@click.option("-n", "--limit", default=DEFAULT_LIMIT, show_default=True,
              type=click.IntRange(min=1, max=MAX_LIMIT), help="Hits to show.")
@click.option("--no-collapse", is_flag=True,
              help="Show every syndicated copy as its own hit, the article's own included.")
@json_option
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON hit per line.")
def similar(article_id: str, index_dir: Path, limit: int, no_collapse: bool, as_json: bool,
            as_jsonl: bool) -> None:
    """Articles most like the one with ARTICLE_ID (more like this), other stories only.

    \b
    Examples:
      searchlib similar 000_570f68fb9ef06bfe
      searchlib similar 000_570f68fb9ef06bfe -n 3 --json
    """
    if as_json and as_jsonl:
        raise click.UsageError("choose one of --json and --jsonl")
    with ArticleIndex.open(index_dir) as idx:
        results = idx.similar(article_id, limit=limit, collapse=not no_collapse)
    print_results(results, as_json, as_jsonl, facets=False)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@json_option
@click.option("--explain", is_flag=True,
              help="For page files (.txt, .html): where each field came from (JSON-LD, meta, "
                   "text rule), then every line with its role or the rule that dropped it.")
def parse(files: tuple[Path, ...], as_json: bool, explain: bool) -> None:
    """Show articles as they would be indexed, without indexing them.

    \b
    Examples:
      searchlib parse seeds/002_bd7d1f872aa3690c.txt
      searchlib parse my-pages/ --json
      searchlib parse new-outlet-page.txt --explain
    """
    if explain:
        _explain_pages(files, as_json)
        return
    articles = list(articles_noting_problems(ingestion.ingest(files)))
    if as_json:
        print_json([article.to_dict() for article in articles])
        return
    rule = "\n\n" + "=" * 72 + "\n\n"
    emit(rule.join(render_article(article) for article in articles))


def _explain_pages(files: tuple[Path, ...], as_json: bool) -> None:
    explained = {str(path): ingestion.explain_file(path) for path in ingestion.discover(files)}
    if as_json:
        print_json({path: dataclasses.asdict(page) for path, page in explained.items()})
        return
    emit("\n\n".join(render_explained_page(path, page) for path, page in explained.items()))


@cli.command()
@click.argument("article_id")
@index_option
@json_option
def show(article_id: str, index_dir: Path, as_json: bool) -> None:
    """Print one whole clean article by its id, and where else its story ran."""
    with ArticleIndex.open(index_dir) as idx:
        article = idx.get(article_id)
        story = idx.story(article_id) if article is not None else None
    if article is None:
        fail(f"no article with id {article_id!r} in {index_dir}")
        return
    print_article(article, story, as_json)


@cli.command()
@index_option
@json_option
def stats(index_dir: Path, as_json: bool) -> None:
    """Summarise the index: articles, stories, outlets, date range, size, versions."""
    with ArticleIndex.open(index_dir) as idx:
        summary = idx.stats()
    if as_json:
        print_json(summary.to_dict())
        return
    emit(terminal_safe(summary.describe()))


@cli.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 lets other machines in.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the search page in a browser.")
def serve(index_dir: Path, host: str, port: int, open_browser: bool) -> None:
    """Serve the index as a search page and a JSON API, read-only.

    The page takes the whole query language, shows ranked, highlighted hits
    with outlet and month facets, and links each hit to its article. The API
    answers with the shapes of --json: /api/search?q=..., /api/articles/ID,
    /api/similar/ID, /api/stats. Articles that a running `searchlib index`
    adds are found from its next commit on.

    \b
    Examples:
      searchlib serve                      # http://127.0.0.1:8000/
      searchlib serve -i archive-index --port 8080 --open
    """
    from searchlib.web import serve as serve_index  # the web stack loads only for this command

    with ArticleIndex.open(index_dir) as idx:
        note(f"{index_dir}: {len(idx):,} articles")
        serve_index(idx, host=host, port=port, open_browser=open_browser, announce=note)
    note("stopped")


@cli.command()
@click.argument("text")
@json_option
def analyze(text: str, as_json: bool) -> None:
    """Show how TEXT is analysed: each token, its offsets, exact form, stem and why.

    \b
    Examples:
      searchlib analyze "Menlu AS bertemu di Bali"
      searchlib analyze "negara-negara G20" --json
    """
    tokens = explain(text)
    if as_json:
        print_json([dataclasses.asdict(token) for token in tokens])
        return
    emit(render_tokens(tokens))


def main() -> None:
    cli(prog_name="searchlib")
