"""The command line: parse options, call the library, turn PlainhealthError into exit 1."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from plainhealth import __version__
from plainhealth.errors import PlainhealthError

if TYPE_CHECKING:
    from plainhealth.models import Limits, Options

log = logging.getLogger("plainhealth")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@contextmanager
def _errors() -> Iterator[None]:
    """The one place where a library error becomes ``Error: …`` and exit status 1."""
    try:
        yield
    except PlainhealthError as error:
        raise click.ClickException(str(error)) from None


def _verbosity(ctx: click.Context, _param: click.Parameter, value: int) -> int:
    if value:
        state = ctx.find_root().ensure_object(dict)
        state["verbosity"] = max(0, state.get("verbosity", 0)) + value
        _configure_logging(state["verbosity"])
    return value


def _quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().ensure_object(dict)["verbosity"] = -1
        _configure_logging(-1)
    return value


def _configure_logging(verbosity: int) -> None:
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    logging.basicConfig(format="%(message)s", level=level, stream=sys.stderr, force=True)
    # The libraries we wrap log their own internals; only -vv shows them.
    for noisy in ("trafilatura", "htmldate", "courlan", "charset_normalizer", "httpx"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbosity >= 2 else logging.ERROR)


def common(func: Callable[..., Any]) -> Callable[..., Any]:
    """-q and -v on every command as well as on the group."""
    func = click.option("-q", "--quiet", is_flag=True, expose_value=False, is_eager=True,
                        callback=_quiet, help="Only print errors.")(func)
    return click.option("-v", "--verbose", count=True, expose_value=False, is_eager=True,
                        callback=_verbosity, help="Say more on stderr (-vv: debug).")(func)


def fetch_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--max-size", type=click.IntRange(min=1), default=10, show_default=True,
                        metavar="MB", help="Refuse pages larger than this.")(func)
    return click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0,
                        show_default=True, metavar="SECONDS",
                        help="Give up on a server that stays silent this long.")(func)


def _limits(max_size: int, timeout: float) -> Limits:
    from plainhealth.models import Limits

    return Limits(max_bytes=max_size * 1024 * 1024, read_timeout=timeout,
                  connect_timeout=min(timeout, 10.0), deadline=max(60.0, 3 * timeout))


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="plainhealth")
@common
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn a health article into plain language a patient can use.

    SRC is a file, an http(s) URL, or - for standard input.

    \b
    Example:
      plainhealth convert samples/kratom-chronic-pain.html -o out/
    """
    _configure_logging(ctx.ensure_object(dict).get("verbosity", 0))


@main.command()
@click.argument("src")
@fetch_options
@common
def extract(src: str, max_size: int, timeout: float) -> None:
    """Print the article's main text: title, headings, paragraphs and list items.

    \b
    Example:
      plainhealth extract https://example.org/health/back-pain.html
    """
    from plainhealth.extract import article_text
    from plainhealth.extract import extract as extract_article
    from plainhealth.fetch import load

    with _errors():
        article = extract_article(load(src, _limits(max_size, timeout)))
    click.echo(article_text(article), nl=False)


@main.command()
@click.argument("src")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@fetch_options
@common
def score(src: str, as_json: bool, max_size: int, timeout: float) -> None:
    """Readability of the article, before and after plainhealth's changes.

    \b
    Example:
      plainhealth score samples/kratom-chronic-pain.html --json
    """
    import json

    from plainhealth.render.json import readability_data

    result = _convert_one(src, _options(max_size, timeout))
    if as_json:
        data = {"source": src, "title": result.article.title,
                "before": readability_data(result.before), "after": readability_data(result.after)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from plainhealth.render.table import score_table

    click.echo(score_table(result), nl=False)


def _options(max_size: int, timeout: float) -> Options:
    from plainhealth.models import Options

    return Options(limits=_limits(max_size, timeout))


def _convert_one(src: str, options: Options) -> Any:
    from plainhealth.pipeline import convert as run

    with _errors():
        result = run(src, options)
    if not result.before.language_supported:
        log.warning("%s: the article's language is %r; the readability formulas are for "
                    "English, so its scores are not meaningful", src, result.article.lang)
    return result


@main.command()
@click.argument("sources", nargs=-1, required=True, metavar="SRC...")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path(), show_default=True, help="Folder for the outputs.")
@click.option("-f", "--formats", default="txt,md,json", show_default=True,
              help="Comma-separated output formats.")
@click.option("--force", is_flag=True, help="Overwrite outputs that already exist.")
@click.option("--skip-existing", is_flag=True, help="Leave sources whose outputs exist alone.")
@fetch_options
@common
def convert(sources: tuple[str, ...], out_dir: Path, formats: str, force: bool,
            skip_existing: bool, max_size: int, timeout: float) -> None:
    """Convert articles into plain-language text, Markdown and a JSON report.

    Writes DIR/<name>.txt, .md and .json for each SRC; a folder SRC converts every
    .html/.htm file inside it. One failed source does not stop the others; the exit
    status is 1 if any failed.

    \b
    Example:
      plainhealth convert samples/kratom-chronic-pain.html -o out/
      plainhealth convert samples/ -o out/ --skip-existing
    """
    from plainhealth.batch import convert_all, expand_sources
    from plainhealth.render import FORMATS

    wanted = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or '(none)'}; "
                                 f"choose from {', '.join(FORMATS)}", param_hint="--formats")
    if force and skip_existing:
        raise click.UsageError("--force and --skip-existing contradict each other; pick one")
    with _errors():
        items = expand_sources(sources)
    outcomes = convert_all(items, out_dir, wanted, _options(max_size, timeout),
                           force=force, skip_existing=skip_existing)
    failed = 0
    for outcome in outcomes:
        if outcome.error:
            failed += 1
            click.echo(f"Error: {outcome.error}", err=True)
        else:
            for path in outcome.paths:
                click.echo(str(path))
            if outcome.skipped:
                log.info("%s: outputs exist, skipped", outcome.source)
    if failed:
        raise SystemExit(1)
