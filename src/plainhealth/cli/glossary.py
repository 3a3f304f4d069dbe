"""`plainhealth glossary check|list|show`."""

from __future__ import annotations

import click

from plainhealth.cli import (
    _errors,
    common,
    glossary_option,
    main,
)


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
    from plainhealth.data_check import check
    from plainhealth.explain.glossary import load

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
    from plainhealth.explain.glossary import load

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
    from plainhealth.explain.glossary import load
    from plainhealth.render.text import SOURCE_CHECKED, SOURCE_NOT_CHECKED

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
            ("source", entry.source),
            ("source read", f"yes ({SOURCE_CHECKED})" if entry.source_read
             else f"no ({SOURCE_NOT_CHECKED})"),
            ("status", reviewed), ("file", f"{entry.file} ({origin})")]
    for label, value in rows:
        if value:
            click.echo(f"{label + ':':<13}{value}")
