"""`plainhealth convert`: one article or a whole collection."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from plainhealth.cli import (
    _errors,
    _options,
    common,
    explain_option,
    fetch_options,
    glossary_option,
    log,
    main,
    region_option,
    target_grade_option,
)
from plainhealth.cli.audio import audio_options, speech_options
from plainhealth.errors import printable

if TYPE_CHECKING:
    from plainhealth.batch import Runner
    from plainhealth.models import Outcome


@main.command()
@click.argument("sources", nargs=-1, metavar="SRC...")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path(), show_default=True, help="Folder for the outputs.")
@click.option("-f", "--formats", default="txt,md,json,html,mp3,vtt", show_default=True,
              help="Comma-separated output formats: txt, md, json, html (an accessible "
                   "handout); mp3 (with chapters), vtt (captions), wav (only when asked); "
                   "epub (a read-along book: text and audio in step).")
@click.option("--from-list", "from_list", type=click.Path(dir_okay=False, exists=True),
              help="A file with one path or URL per line.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="number of cores", help="Convert this many items at once.")
@click.option("--cluster", metavar="ADDRESS",
              help="Convert on the workers of this Dask scheduler (tcp://HOST:8786) instead "
                   "of this machine's cores; every worker must see the same folders.")
@click.option("--force", is_flag=True, help="Overwrite outputs that already exist.")
@click.option("--skip-existing", is_flag=True,
              help="Keep items whose outputs exist (resume an interrupted batch).")
@click.option("--show-changes", is_flag=True,
              help="Print every rewrite (rule, before, after) on stderr.")
@audio_options
@explain_option
@target_grade_option
@region_option
@glossary_option
@fetch_options
@common
@click.pass_context
def convert(ctx: click.Context, sources: tuple[str, ...], out_dir: Path, formats: str,
            from_list: str | None, jobs: int, cluster: str | None, force: bool,
            skip_existing: bool,
            show_changes: bool, audio: bool, engine: str, voice: str | None, rate: int,
            explain: str, target_grade: float, region: str, glossary_dir: str | None,
            max_size: int, timeout: float) -> None:
    """Convert articles into plain-language text, a handout, audio and a read-along book.

    Writes DIR/<name>.txt, .md, .json, .html (an accessible handout), .mp3 and .vtt
    (audio and captions) for each SRC, or the formats -f names (wav, epub too): a web
    page, a PDF, a Word (.docx), text or Markdown file; a folder SRC converts every
    such file inside it. With more than one item, DIR/index.html and DIR/index.csv
    list them all. One failed item never stops the others; the exit status is 1 if any
    failed. Existing outputs are never overwritten unless you say --force.

    \b
    Example:
      plainhealth convert samples/kratom-chronic-pain.html -o out/
      plainhealth convert library/ --from-list urls.txt -o out/ --skip-existing --jobs 2
      plainhealth convert leaflet.pdf -o out/ -f txt,mp3
      plainhealth convert article.html -o out/ -f html,epub --engine neural
      plainhealth convert /shared/library -o /shared/out --cluster tcp://head:8786
    """
    from plainhealth.batch import Job, convert_all, expand_sources, read_list
    from plainhealth.output import remove_abandoned_stages

    wanted, sound = _formats(ctx, formats, audio)
    if force and skip_existing:
        raise click.UsageError("--force and --skip-existing contradict each other; pick one")
    if cluster is not None and ctx.get_parameter_source("jobs") is ParameterSource.COMMANDLINE:
        raise click.UsageError("--jobs and --cluster: the cluster's workers decide how many "
                               "items run at once; drop --jobs")
    with _errors():
        listed = read_list(from_list) if from_list else []
        items = expand_sources([*sources, *listed])
    if not items:
        raise click.UsageError("give at least one SRC or --from-list FILE")
    job = Job(out_dir, wanted,
              _options(max_size, timeout, glossary_dir, region.lower(), target_grade, explain),
              force=force, skip_existing=skip_existing, keep_changes=show_changes,
              speech=speech_options(audio and bool(sound or "epub" in wanted), engine, voice,
                                    rate, force, sound))
    remove_abandoned_stages(out_dir)
    outcomes = []
    verbosity = ctx.find_root().ensure_object(dict).get("verbosity", 0)
    quiet = verbosity < 0
    with _errors(), _runner(cluster, verbosity) as runner, \
            _progress(len(items), enabled=not quiet and sys.stderr.isatty()) as advance:
        for outcome in convert_all(items, job, jobs=jobs, runner=runner):
            outcomes.append(outcome)
            _report(outcome, quiet)
            advance(outcome)
    if len(items) > 1:  # in input order, however the workers finished
        _write_index(out_dir, sorted(outcomes, key=lambda o: o.position), (*wanted, *sound))
    if any(outcome.error for outcome in outcomes):
        raise SystemExit(1)


def _formats(ctx: click.Context, formats: str, audio: bool,
             ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The text formats and the book (written by the batch), and the audio formats (made
    by the speech engine), from -f; --no-audio leaves the audio out of the default."""
    from plainhealth.render import FORMATS as TEXT
    from plainhealth.speech import FORMATS as SOUND

    known = (*TEXT, *SOUND, "epub")
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in known]
    if unknown or not wanted:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or '(none)'}; "
                                 f"choose from {', '.join(known)}", param_hint="--formats")
    sound = tuple(f for f in SOUND if f in wanted)
    if not audio:
        if sound and ctx.get_parameter_source("formats") is not ParameterSource.DEFAULT:
            raise click.UsageError(f"--no-audio and -f {','.join(sound)} contradict each "
                                   "other; leave out one")
        sound = ()
    return tuple(f for f in wanted if f not in SOUND), sound


CLUSTER_INSTALL = "pip install 'plainhealth[cluster]'"


@contextmanager
def _runner(address: str | None, verbosity: int) -> Iterator[Runner | None]:
    """The cluster at ``address`` (connected, and left cleanly), or None: this machine."""
    if address is None:
        yield None
        return
    try:
        from plainhealth.cluster import Cluster
    except ImportError as error:
        if (error.name or "").partition(".")[0] not in {"distributed", "dask"}:
            raise
        raise click.ClickException("--cluster needs Dask's distributed scheduler, an "
                                   f"optional part of plainhealth: {CLUSTER_INSTALL}") from None
    if verbosity < 2:  # Dask logs its own view of what plainhealth reports itself (-vv: shown)
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
    with Cluster(address) as cluster:
        yield cluster


def _report(outcome: Outcome, quiet: bool) -> None:
    from plainhealth.render.table import changes_text

    if outcome.changes:
        click.echo(changes_text(printable(outcome.source), outcome.changes), err=True, nl=False)
    for warning in outcome.warnings:
        log.warning("Warning: %s", warning)  # -q hides it
    if outcome.error:
        click.echo(f"Error: {outcome.error}", err=True)
    elif outcome.skipped:
        log.info("%s: outputs exist, skipped", printable(outcome.source))
        return
    if not quiet:
        for path in outcome.paths:  # stdout: the files this run wrote
            click.echo(str(path))


def _write_index(out_dir: Path, outcomes: list[Outcome], formats: tuple[str, ...]) -> None:
    from plainhealth.files import write_atomic
    from plainhealth.render.index import render_index_csv, render_index_html

    with _errors():
        write_atomic(out_dir / "index.csv", render_index_csv(outcomes))
        write_atomic(out_dir / "index.html", render_index_html(outcomes, formats))


@contextmanager
def _progress(total: int, *, enabled: bool) -> Iterator[Callable[[Outcome], None]]:
    """A bar on stderr with items done, failures so far and ETA; a no-op when off."""
    if not enabled or total < 2:
        yield lambda _outcome: None
        return
    failures = 0

    def label() -> str:
        return f"converting ({failures} failed)"

    with click.progressbar(length=total, label=label(), file=sys.stderr, show_eta=True,
                           show_pos=True) as bar:
        def advance(outcome: Outcome) -> None:
            nonlocal failures
            failures += bool(outcome.error)
            bar.label = label()
            bar.update(1)

        yield advance
