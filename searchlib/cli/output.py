"""What the command line prints: results and articles on stdout, messages on stderr.

Human output is coloured on a terminal (never with NO_COLOR), JSON keeps
article text intact, and every message that may quote a file name or article
text is made terminal-safe first. Errors are one line with the command
line's own advice (its options) where it has one.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from typing import Any

import click

from searchlib.cli.render import (
    render_article,
    render_hit,
    render_story_articles,
    single_line,
    terminal_safe,
)
from searchlib.errors import (
    IndexExistsError,
    IndexNotFoundError,
    IndexStateError,
    SearchlibError,
)
from searchlib.ingest import Article, IngestFailure, IngestWarning
from searchlib.results import IndexReport, SearchResults, Story


def error_message(error: SearchlibError) -> str:
    """The error's message, with the command line's own advice where it has one.

    The library advises in its own terms (``overwrite=True``); here the fix
    is an option of a command.
    """
    if isinstance(error, IndexStateError):
        advice = _command_advice(error)
        if advice is not None:
            return f"{error.problem}; {advice}"
    return str(error)


def _command_advice(error: IndexStateError) -> str | None:
    if isinstance(error, IndexNotFoundError) and error.folder is not None:
        return f"build one with: searchlib index PATH --index {error.folder}"
    if isinstance(error, IndexExistsError):
        return "use --rebuild to replace it"
    if error.rebuild:
        return "rebuild it with --rebuild"
    return None


def fail(message: str) -> None:
    """Exit 1 after one terminal-safe line on stderr, whatever `message` quotes."""
    shown = single_line(message).strip() or "failed without a message"
    click.echo(f"searchlib: error: {shown}", err=True)
    sys.exit(1)


def note(message: str) -> None:
    """A message on stderr; it may quote file names or article text, so it is made safe."""
    click.echo(terminal_safe(message), err=True)


class OneLineErrorGroup(click.Group):
    """A command group that turns every failure into one line on stderr and exit code 1.

    Users never see a traceback: searchlib errors and OS errors carry their own
    message; anything else is a bug, reported in one line (with the traceback
    only when SEARCHLIB_DEBUG is set).
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SearchlibError as error:
            fail(error_message(error))
        except BrokenPipeError:
            # The reader went away (`searchlib search ... | head`): not an error.
            sys.stderr.close()
            sys.exit(0)
        except OSError as error:
            reason = error.strerror or str(error) or type(error).__name__
            fail(f"{reason}: {error.filename}" if error.filename else reason)
        except KeyboardInterrupt:
            note("interrupted")
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as error:
            if os.environ.get("SEARCHLIB_DEBUG"):
                raise
            detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            fail(f"unexpected {detail} (set SEARCHLIB_DEBUG=1 for details)")


def _color() -> bool | None:
    """None lets click decide (colour only on a terminal); NO_COLOR always wins."""
    return False if os.environ.get("NO_COLOR") else None


def emit(text: str) -> None:
    click.echo(text, color=_color())


# Characters JSON allows raw but that break strict UTF-8 output or terminals: lone surrogates
# (from undecodable bytes), C1 controls (U+009B opens a terminal escape sequence),
# line/paragraph separators, and the bidi controls that reorder how text is shown
# (U+202E). Escaped, they read back as the same text.
_UNPRINTABLE_IN_JSON = re.compile(
    "[\ud800-\udfff\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def json_text(data: Any, indent: int | None = 2) -> str:
    """JSON with article text intact, escaping the few characters that would break output."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _UNPRINTABLE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def print_json(data: Any) -> None:
    click.echo(json_text(data))


def print_report(report: IndexReport) -> None:
    for failure in report.failures:
        note(f"skipped {failure.source_path}: {failure.message}")
    for warning in report.warnings:
        note(f"warning {warning.source_path}: {warning.message}")
    note(f"indexed: {report.summary()}")


def print_results(results: SearchResults, as_json: bool, as_jsonl: bool, facets: bool) -> None:
    """Hits on stdout in the chosen shape; the count and suggestion on stderr."""
    if as_json:
        print_json(results.to_dict())
    elif as_jsonl:
        for hit in results:
            click.echo(json_text(hit.to_dict(), indent=None))
    else:
        styles = {
            "bold": lambda text: click.style(text, bold=True),
            "mark": lambda text: click.style(text, fg="yellow", bold=True),
            "dim": lambda text: click.style(text, dim=True),
        }
        blocks = [render_hit(hit, **styles) for hit in results]
        if facets and results.facets is not None:
            blocks.append(terminal_safe(results.facets.describe()))
        if blocks:
            emit("\n\n".join(blocks))
    if results.suggestion:
        note(f"Did you mean: {results.suggestion}")
    count = f"{results.total} matching article{'s' if results.total != 1 else ''}"
    if results.stories is not None and results.stories != results.total:
        count += f" in {results.stories} stor{'ies' if results.stories != 1 else 'y'}"
    if results.pages > 1:
        count += f" (page {results.page} of {results.pages})"
    note(count)


def print_article(article: Article, story: Story | None, as_json: bool) -> None:
    """One whole article, and the other articles of its story (under "story" in JSON)."""
    others = story.others(article.id) if story else ()
    if as_json:
        data = article.to_dict()
        if story is not None:
            data["story"] = story.seen_from(article.id)
        print_json(data)
        return
    text = render_article(article, bold=lambda t: click.style(t, bold=True))
    if others:
        text += "\n\n" + render_story_articles(others)
    emit(text)


def articles_noting_problems(
    events: Iterable[Article | IngestFailure | IngestWarning],
) -> Iterable[Article]:
    """The articles among ingestion events; each skipped file or warning is noted on stderr."""
    for event in events:
        if isinstance(event, Article):
            yield event
        else:
            kind = "skipped" if isinstance(event, IngestFailure) else "warning"
            note(f"{kind} {event.source_path}: {event.message}")
