"""Audio on the command line: `convert`'s audio options and `plainhealth voices`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from plainhealth.cli import _errors, common, main

if TYPE_CHECKING:
    from plainhealth.speech import SpeechOptions, Voice

ENGINE_CHOICES = ("auto", "system", "pyttsx3", "neural")
DEFAULT_RATE = 160
PAUSES = (("sentence", 0.3, "between sentences"), ("paragraph", 0.6, "between paragraphs"),
          ("section", 1.5, "before each section heading"))
"""(name, default seconds, where) of each ``--pause-NAME`` option (the script's Pauses)."""
_PAUSES_KEY = "plainhealth.pauses"


def _keep_pause(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """Remember a --pause-* value for speech_options (it is not a `convert` parameter)."""
    ctx.meta.setdefault(_PAUSES_KEY, {})[str(param.name).removeprefix("pause_")] = value
    return value


def audio_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--audio/--no-audio, --engine, --voice, --rate and --pause-* (for `convert`)."""
    for name, seconds, where in reversed(PAUSES):
        func = click.option(f"--pause-{name}", type=click.FloatRange(0, 10), default=seconds,
                            show_default=True, metavar="SECONDS", expose_value=False,
                            callback=_keep_pause, help=f"Silence {where} in the audio.")(func)
    func = click.option("--rate", type=click.IntRange(80, 900), default=DEFAULT_RATE,
                        show_default=True, metavar="WPM",
                        help="Speaking rate in words a minute (screen-reader users often "
                             "choose 300 or more).")(func)
    func = click.option("--voice", default=None, metavar="VOICE",
                        help="A voice from `plainhealth voices` (default: the engine's); "
                             "with --engine auto, the engine that has it speaks.")(func)
    func = click.option("--engine", type=click.Choice(ENGINE_CHOICES), default="auto",
                        show_default=True,
                        help="system: espeak-ng, else the OS voice through pyttsx3; "
                             "pyttsx3: the OS voice (SAPI5, macOS, espeak-ng); neural: Piper "
                             "(pip install 'plainhealth[neural]'); auto: the first of these "
                             "installed, or the one that has --voice.")(func)
    return click.option("--audio/--no-audio", "audio", default=True, show_default=True,
                        help="--no-audio: no speech at all (a quick text-only run): the "
                             "audio formats are left out, and an EPUB has no narration."
                        )(func)


def speech_options(audio: bool, engine: str, voice: str | None, rate: int,
                   force: bool = False, formats: tuple[str, ...] = ("mp3", "vtt"),
                   ) -> SpeechOptions | None:
    """The options for `plainhealth.speech.synthesize`, or None when nothing is to be said."""
    if not audio:
        return None
    from plainhealth.speech import Pauses, SpeechOptions

    ctx = click.get_current_context(silent=True)
    pauses = Pauses(**(ctx.meta.get(_PAUSES_KEY, {}) if ctx else {}))
    return SpeechOptions(engine=engine, voice=voice, rate=rate, force=force, pauses=pauses,
                         formats=formats)


@main.command()
@click.option("--engine", type=click.Choice(ENGINE_CHOICES), default="auto",
              show_default=True, help="Only this engine's voices (auto: every engine).")
@common
def voices(engine: str) -> None:
    """List the voices of the installed speech engines: ENGINE, VOICE, LANGUAGE, NAME.

    The default voice of each engine is marked with *. `convert` reads an article with
    the voice for its language (a Spanish page with espeak-ng's "es"); pass a VOICE to
    `plainhealth convert --voice` to choose another. Engines that are not installed are
    named on stderr with how to install them. Exit status 1 when no engine is installed.

    \b
    Example:
      plainhealth voices
      plainhealth voices --engine neural
      plainhealth convert article.html -o out/ --voice en_US-joe-medium
    """
    from plainhealth.speech.engines import members

    found: list[Voice] = []
    missing: list[str] = []
    with _errors():
        for known in members(engine):
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
