"""Commands that look at one article: extract, score, terms, check."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from plainhealth.models import Result

from plainhealth.cli import (
    _convert_one,
    _errors,
    _limits,
    _options,
    common,
    fetch_options,
    glossary_option,
    log,
    main,
    region_option,
    target_grade_option,
)


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
    from plainhealth.source.extract import article_text
    from plainhealth.source.fetch import load
    from plainhealth.source.read import read_article

    with _errors():
        limits = _limits(max_size, timeout)
        article = read_article(load(src, limits), limits)
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
    from plainhealth.render.table import terms_table

    result = _convert_one(src, _options(max_size, timeout, glossary_dir))
    _show(result, as_json, ("source", "title", "terms", "unexplained", "glossary"), terms_table)


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
    would add; nothing is written. Also says which safety rules a glossary overlay
    replaced, and warns where a rule ran out of time (a note may then be missing).

    \b
    Example:
      plainhealth check samples/kratom-chronic-pain.html
    """
    from plainhealth.render.table import notes_table

    result = _convert_one(src, _options(max_size, timeout, glossary_dir, region.lower()))
    overrides = result.safety_overrides
    replaced = (f"\nSafety rules replaced by the glossary overlay ({len(overrides)}): "
                f"{', '.join(overrides)}\n" if overrides else "")
    _show(result, as_json, ("source", "title", "notes"), lambda r: notes_table(r) + replaced,
          extra={"safety_overrides": list(overrides),
                 "warnings": list(result.safety_warnings)})
    for warning in result.safety_warnings:
        log.warning("Warning: %s", warning)  # -q hides it


def _show(result: Result, as_json: bool, keys: tuple[str, ...],
          table: Callable[[Result], str], extra: dict[str, object] | None = None) -> None:
    """Part of the JSON report (and ``extra``) with --json, else the human table."""
    if as_json:
        import json

        from plainhealth.render.json import report

        data = report(result)
        shown = {k: data[k] for k in keys} | (extra or {})
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
    else:
        click.echo(table(result), nl=False)

@main.command()
@click.argument("src")
@click.option("--rejected", is_flag=True, help="Also show rewrites that were not applied.")
@target_grade_option
@glossary_option
@fetch_options
@common
def diff(src: str, rejected: bool, target_grade: float, glossary_dir: str | None,
         max_size: int, timeout: float) -> None:
    """Show every change plain-language rewriting makes: rule, before and after.

    \b
    Example:
      plainhealth diff samples/kratom-chronic-pain.html --rejected
    """
    from plainhealth.render.table import changes_text

    result = _convert_one(src, _options(max_size, timeout, glossary_dir,
                                        target_grade=target_grade))
    click.echo(changes_text(src, result.changes), nl=False)
    if rejected:
        click.echo(changes_text(f"{src} (not applied)", result.rejected), nl=False)
    before, after = result.before.document, result.after.document
    click.echo(f"Flesch-Kincaid grade {before.flesch_kincaid_grade:.1f} → "
               f"{after.flesch_kincaid_grade:.1f}")
