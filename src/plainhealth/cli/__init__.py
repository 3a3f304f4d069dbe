"""The command line: parse options, call the library, turn PlainhealthError into exit 1."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from plainhealth.errors import PlainhealthError, printable
from plainhealth.version import __version__

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
        raise click.ClickException(printable(str(error))) from None


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
    # The libraries we wrap log their own internals, even as errors ("parsed tree length:
    # 0"), for failures plainhealth reports itself in its own words; only -vv shows them.
    for noisy in ("trafilatura", "htmldate", "courlan", "charset_normalizer", "httpx"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbosity >= 2
                                          else logging.CRITICAL)


def common(func: Callable[..., Any]) -> Callable[..., Any]:
    """-q and -v on every command as well as on the group."""
    func = click.option("-q", "--quiet", is_flag=True, expose_value=False, is_eager=True,
                        callback=_quiet, help="Only print errors.")(func)
    return click.option("-v", "--verbose", count=True, expose_value=False, is_eager=True,
                        callback=_verbosity, help="Say more on stderr (-vv: debug).")(func)


_READING = "plainhealth.reading"
"""Where --input-format and --max-pages wait for _limits (ctx.meta): every command that
reads a source takes them, and none has to pass them on by hand."""


def _remember(ctx: click.Context, param: click.Parameter, value: object) -> object:
    ctx.meta.setdefault(_READING, {})[param.name] = value
    return value


def fetch_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--input-format", type=click.Choice(
        ["auto", "html", "pdf", "docx", "text", "markdown"], case_sensitive=False),
        default="auto", show_default=True, expose_value=False, callback=_remember,
        help="Read SRC as this format instead of telling it from its content and name.")(func)
    func = click.option("--max-pages", type=click.IntRange(min=1), default=2000,
                        show_default=True, expose_value=False, callback=_remember,
                        metavar="N", help="Refuse PDFs with more pages than this.")(func)
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

    reading = click.get_current_context().meta.get(_READING, {})
    return Limits(max_bytes=max_size * 1024 * 1024, read_timeout=timeout,
                  connect_timeout=min(timeout, 10.0), deadline=max(60.0, 3 * timeout),
                  max_pages=reading.get("max_pages", 2000),
                  input_format=str(reading.get("input_format", "auto")).lower())


class _Main(click.Group):
    """The group that makes sure no traceback ever reaches a user."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except PlainhealthError as error:
            raise click.ClickException(printable(str(error))) from None
        except BrokenPipeError:  # the reader stopped early (`| head`): end quietly, as cat does
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # nothing left to flush into the closed pipe
            raise click.exceptions.Exit(141) from None
        except Exception as error:  # a bug of ours: say so in one line; -vv shows where
            log.debug("Traceback of the unexpected error:", exc_info=True)
            raise click.ClickException(printable(
                f"unexpected {type(error).__name__}: {error}; please report this as a "
                "plainhealth bug (run with -vv to see where it happened)")) from None


@click.group(cls=_Main, context_settings=CONTEXT)
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


def _options(max_size: int, timeout: float, glossary_dir: str | None = None,
             region: str = "auto", target_grade: float = 6.0, explain: str = "inline") -> Options:
    from plainhealth.models import Options

    return Options(limits=_limits(max_size, timeout), glossary=glossary_dir, region=region,
                   target_grade=target_grade, explain=explain)


def explain_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--explain", type=click.Choice(["inline", "end", "none"]), default="inline",
        show_default=True,
        help="inline: the hardest words explained where first used (a few, in proportion), "
             "the rest marked and listed at the end; end: all listed at the end; none: no "
             "explanations.")(func)


def target_grade_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--target-grade", type=click.FloatRange(min=0), default=6.0,
                        show_default=True, metavar="N",
                        help="Stop rewriting once the text reads at this grade.")(func)


def region_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--region", default="auto", show_default=True,
                        type=click.Choice(["auto", "us", "uk", "ca", "au", "ie"],
                                          case_sensitive=False),
                        help="Country whose help lines the help-line note gives; auto: the "
                        "page's (its language tag, else its address), else us.")(func)


def _convert_one(src: str, options: Options) -> Any:
    from plainhealth.pipeline import convert as run

    with _errors():
        result = run(src, options)
    if not result.before.language_supported:
        log.warning("%s: %s; the readability formulas are for English, so its scores are "
                    "not meaningful", src, result.article.language_said)
    return result




# The commands register themselves on `main` when their modules are imported.
from plainhealth.cli import audio as _audio_commands  # noqa: E402, F401
from plainhealth.cli import convert as _convert_commands  # noqa: E402, F401
from plainhealth.cli import glossary as _glossary_commands  # noqa: E402, F401
from plainhealth.cli import inspect as _inspect_commands  # noqa: E402, F401
