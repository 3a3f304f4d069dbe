"""The speech engines plainhealth knows, and how one is chosen (``--engine``, ``--voice``).
The protocols they follow are in :mod:`plainhealth.speech.base`."""

from __future__ import annotations

from plainhealth.speech.base import Engine, EngineMissingError, SpeechError, Voice


class NoVoiceError(SpeechError):
    """No installed engine that could be used has a voice for the article's language."""

ENGINES: list[Engine] = []
"""The engines plainhealth knows, in the order ``auto`` tries them.

``system`` (libespeak-ng called directly) comes first: it makes a 9-minute article in
under a second, is deterministic (the same input gives the same report), and stays crisp
at the 300+ words a minute screen-reader users choose. ``pyttsx3`` is the operating
system's own voice (SAPI5 on Windows, NSSpeechSynthesizer on macOS, espeak-ng on Linux),
for where libespeak-ng is not installed. Piper (``neural``) sounds more natural but is
about 40 times slower and varies slightly from run to run. Filled on first use.
"""

GROUPS: dict[str, tuple[str, ...]] = {"system": ("system", "pyttsx3")}
"""Names that stand for the first available of several engines (``auto``: of all)."""


def engines() -> list[Engine]:
    if not ENGINES:
        from plainhealth.speech.neural import PiperEngine
        from plainhealth.speech.portable import PyttsxEngine
        from plainhealth.speech.system import EspeakEngine

        ENGINES.extend([EspeakEngine(), PyttsxEngine(), PiperEngine()])
    return ENGINES


def names() -> tuple[str, ...]:
    """Every name ``--engine`` takes."""
    return tuple(dict.fromkeys(["auto", *(e.name for e in engines()), *GROUPS]))


def choose(name: str, voice: str | None = None, language: str | None = None) -> Engine:
    """The engine called ``name``; for a group (``auto``, ``system``) the first one that
    is installed and, when a voice is named, owns that voice, or else, when a language is
    given, has a voice for it.

    Raises EngineMissingError when no engine of the group is installed, SpeechError for an
    unknown engine or a voice that no installed engine of the group has, NoVoiceError when
    none has a voice for ``language``.
    """
    group = members(name)
    if not group:
        raise SpeechError(f"unknown speech engine {name!r}; choose from {', '.join(names())}")
    wants_voice = voice is not None and name in ("auto", *GROUPS)
    # lazily: checking an engine can mean importing it (pyttsx3, Piper)
    ready = (e for e in group if e.missing() is None)
    chosen = next((e for e in ready if (e.owns(voice or "") if wants_voice else
                                        voice or not language or e.voice_for(language))),
                  None)
    if chosen:
        return chosen
    if language and not voice and any(e.missing() is None for e in group):
        which = "no installed speech engine has a" if name in ("auto", *GROUPS) else \
            f"the {name} speech engine has no"
        raise NoVoiceError(f"{which} voice for the article's language ({language}); see "
                           "`plainhealth voices`, or name one with --voice")
    if any(e.missing() is None for e in group):
        raise SpeechError(f"no installed speech engine has a voice {voice!r}; "
                          "see `plainhealth voices` for the ones installed")
    reasons = "; ".join(f"{e.name}: {e.missing()}" for e in group)
    if name == "auto":
        raise EngineMissingError(f"no speech engine is installed ({reasons})")
    raise EngineMissingError(f"the {name} speech engine is not available ({reasons})")


def members(name: str) -> list[Engine]:
    """The engines ``name`` stands for, in order of preference."""
    known = engines()
    if name == "auto":
        return list(known)
    wanted = GROUPS.get(name, (name,))
    return [e for e in known if e.name in wanted]


def all_voices() -> tuple[Voice, ...]:
    """Every voice of every engine that can run."""
    return tuple(v for e in engines() if e.missing() is None for v in e.voices())
