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


def glossary_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--glossary", "glossary_dir", envvar="PLAINHEALTH_GLOSSARY",
                        type=click.Path(file_okay=False, exists=True), default=None,
                        help="Overlay folder of extra or replacing glossary entries "
                             "(or set PLAINHEALTH_GLOSSARY).")(func)


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
@glossary_option
@fetch_options
@common
def score(src: str, as_json: bool, glossary_dir: str | None, max_size: int,
          timeout: float) -> None:
    """Readability of the article, before and after plainhealth's changes.

    \b
    Example:
      plainhealth score samples/kratom-chronic-pain.html --json
    """
    import json

    from plainhealth.render.json import readability_data

    result = _convert_one(src, _options(max_size, timeout, glossary_dir))
    if as_json:
        data = {"source": src, "title": result.article.title,
                "before": readability_data(result.before), "after": readability_data(result.after)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from plainhealth.render.table import score_table

    click.echo(score_table(result), nl=False)


def _options(max_size: int, timeout: float, glossary_dir: str | None = None,
             region: str = "us") -> Options:
    from plainhealth.models import Options

    return Options(limits=_limits(max_size, timeout), glossary=glossary_dir, region=region)


def region_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--region", default="us", show_default=True,
                        type=click.Choice(["us", "uk", "ca", "au", "ie"], case_sensitive=False),
                        help="Country whose help lines the help-line note gives.")(func)


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
@region_option
@glossary_option
@fetch_options
@common
def convert(sources: tuple[str, ...], out_dir: Path, formats: str, force: bool,
            skip_existing: bool, region: str, glossary_dir: str | None, max_size: int,
            timeout: float) -> None:
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
    options = _options(max_size, timeout, glossary_dir, region.lower())
    outcomes = convert_all(items, out_dir, wanted, options,
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


@main.command()
@click.argument("src")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@glossary_option
@fetch_options
@common
def terms(src: str, as_json: bool, glossary_dir: str | None, max_size: int,
          timeout: float) -> None:
    """Jargon in the article: glossary terms with explanations and sources, and hard
    words the glossary does not cover yet.

    \b
    Example:
      plainhealth terms samples/kratom-chronic-pain.html
      plainhealth terms https://example.org/health/back-pain.html --json
    """
    import json

    from plainhealth.render.json import report

    result = _convert_one(src, _options(max_size, timeout, glossary_dir))
    data = report(result)
    if as_json:
        click.echo(json.dumps({k: data[k] for k in ("source", "title", "terms", "unexplained",
                                                    "glossary")}, ensure_ascii=False, indent=2))
        return
    from plainhealth.render.table import terms_table

    click.echo(terms_table(result), nl=False)


@main.command("check")
@click.argument("src")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@region_option
@glossary_option
@fetch_options
@common
def check_command(src: str, as_json: bool, region: str, glossary_dir: str | None,
                  max_size: int, timeout: float) -> None:
    """List the risky claims and substances in an article, with the notes plainhealth
    would add; nothing is written.

    \b
    Example:
      plainhealth check samples/kratom-chronic-pain.html
    """
    import json

    from plainhealth.render.json import report

    result = _convert_one(src, _options(max_size, timeout, glossary_dir, region.lower()))
    if as_json:
        data = report(result)
        click.echo(json.dumps({k: data[k] for k in ("source", "title", "notes")},
                              ensure_ascii=False, indent=2))
        return
    from plainhealth.render.table import notes_table

    click.echo(notes_table(result), nl=False)


@main.group()
def glossary() -> None:
    """Check, list and show the glossary.

    \b
    Example:
      plainhealth glossary check
      plainhealth glossary show kratom
    """


@glossary.command("check")
@click.argument("overlay", required=False, type=click.Path(file_okay=False, exists=True))
@common
def glossary_check(overlay: str | None) -> None:
    """Validate every glossary file at once; with OVERLAY, check it on top of the shipped one.

    Reports each problem as file:id: problem and exits 1 if there is any.

    \b
    Example:
      plainhealth glossary check
      plainhealth glossary check my-library-glossary/
    """
    from plainhealth.glossary import load
    from plainhealth.glossary_check import check

    with _errors():
        problems = check(overlay)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in the glossary")
    with _errors():
        loaded = load(overlay)
    click.echo(f"ok: {len(loaded.terms)} terms, {len(loaded.sources)} sources, "
               f"glossary {loaded.version}")


@glossary.command("list")
@glossary_option
@common
def glossary_list(glossary_dir: str | None) -> None:
    """List every entry: id, the forms it matches, and its source.

    \b
    Example:
      plainhealth glossary list | grep opioid
    """
    from plainhealth.glossary import load

    with _errors():
        loaded = load(glossary_dir)
    for term in sorted(loaded.terms, key=lambda t: t.id):
        click.echo(f"{term.id}\t{', '.join(term.match)}\t{term.source}")


@glossary.command("show")
@click.argument("term")
@glossary_option
@common
def glossary_show(term: str, glossary_dir: str | None) -> None:
    """Show one entry, found by its id or by any word it matches.

    \b
    Example:
      plainhealth glossary show "opioid receptors"
    """
    from plainhealth.glossary import load

    with _errors():
        loaded = load(glossary_dir)
    entry = loaded.by_id.get(term)
    if entry is None:
        found = loaded.matcher.find(term)
        entry = loaded.by_id[found[0].key] if found else None
    if entry is None:
        raise click.ClickException(f"{term!r} is not in the glossary; "
                                   "see `plainhealth glossary list`")
    origin = "overlay" if entry.overlay else "shipped"
    reviewed = (f"reviewed by {entry.reviewed_by} on {entry.reviewed_on}"
                if entry.status == "reviewed" else "sourced (not reviewed by a clinician)")
    rows = [("id", entry.id), ("matches", ", ".join(entry.match)), ("explain", entry.explain),
            ("plain", entry.plain), ("say", entry.say), ("safety rule", entry.safety),
            ("source", entry.source), ("status", reviewed), ("file", f"{entry.file} ({origin})")]
    for label, value in rows:
        if value:
            click.echo(f"{label + ':':<13}{value}")
