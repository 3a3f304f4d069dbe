"""Audio on the command line: `convert`'s audio options and `plainhealth voices`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from plainhealth.cli import _errors, common, main

if TYPE_CHECKING:
    from plainhealth.speech import SpeechOptions, Voice

ENGINE_CHOICES = ("auto", "system", "neural")
DEFAULT_RATE = 160


def audio_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--audio/--no-audio, --engine, --voice and --rate (for `convert`)."""
    func = click.option("--rate", type=click.IntRange(80, 900), default=DEFAULT_RATE,
                        show_default=True, metavar="WPM",
                        help="Speaking rate in words a minute (screen-reader users often "
                             "choose 300 or more).")(func)
    func = click.option("--voice", default=None, metavar="VOICE",
                        help="A voice from `plainhealth voices` (default: the engine's).")(func)
    func = click.option("--engine", type=click.Choice(ENGINE_CHOICES), default="auto",
                        show_default=True,
                        help="system: espeak-ng; neural: Piper (pip install "
                             "'plainhealth[neural]'); auto: system if installed, else neural.")(
        func)
    return click.option("--audio/--no-audio", "audio", default=True, show_default=True,
                        help="Also write <name>.wav, .mp3 (with chapters) and .vtt "
                             "captions.")(func)


def speech_options(audio: bool, engine: str, voice: str | None, rate: int,
                   force: bool = False) -> SpeechOptions | None:
    """The options for `plainhealth.speech.synthesize`, or None for --no-audio."""
    if not audio:
        return None
    from plainhealth.speech import SpeechOptions

    return SpeechOptions(engine=engine, voice=voice, rate=rate, force=force)


@main.command()
@click.option("--engine", type=click.Choice(ENGINE_CHOICES), default="auto",
              show_default=True, help="Only this engine's voices (auto: every engine).")
@common
def voices(engine: str) -> None:
    """List the voices of the installed speech engines: ENGINE, VOICE, LANGUAGE.

    The default voice of each engine is marked with *. Pass a VOICE to
    `plainhealth convert --voice`.
    """
    from plainhealth.speech.engines import engines

    found: list[Voice] = []
    missing: list[str] = []
    with _errors():
        for known in engines():
            if engine not in ("auto", known.name):
                continue
            problem = known.missing()
            if problem:
                missing.append(f"{known.name}: {problem}")
            else:
                found.extend(known.voices())
    for voice in found:
        mark = "*" if voice.default else " "
        click.echo(f"{voice.engine:<8} {mark} {voice.id:<24} {voice.language:<8} {voice.name}")
    for problem in missing:
        click.echo(f"Not installed: {problem}", err=True)
    if not found:
        raise SystemExit(1)
