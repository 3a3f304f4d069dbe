"""Audio: speed of both engines, caption timing accuracy, and (optionally) intelligibility.

- system engine: wall time of plainhealth's audio step for the kratom sample beside
  `espeak-ng -w out.wav -f text.txt` on exactly the text it speaks (hinted words as the
  same phonemes), same voice and rate, same run. Goal ≤ 1.25, measured like for like: the
  step writing what espeak-ng writes (the WAV) and the captions. The default step also
  encodes the MP3; it is printed too, with the time LAME alone takes to encode that WAV,
  which on 2 cores is more than the whole goal leaves for the step.
- neural engine (Piper, if installed): seconds of audio per second of synthesis. Goal ≥ 8.
- captions: each utterance's caption start against where the voice really starts in the
  WAV (onsets after a silence, found with an energy threshold). Goal: within 0.3 s.
- intelligibility (optional): word error rate of faster-whisper on the audio, against the
  script. Set PLAINHEALTH_WHISPER_PYTHON to a Python that has faster-whisper, and
  PLAINHEALTH_WHISPER_MODEL to a CTranslate2 Whisper model folder; `make bench-wer` builds
  both from the registry and runs only this part (``--wer``). Goal: <= 10 % system, <= 5 %
  neural, measured with Whisper's decoding defaults except one: each 30-second window is
  decoded on its own (``condition_on_previous_text=False``), the setting Whisper's authors
  give against repetition loops. Left on, one loop ("bain bain bain ...", 43 times) swallowed
  a whole passage of the system audio: about 110 words, half of that run's errors. Both
  settings are printed. The most frequent word differences are listed, to tell recogniser
  spelling and loops from real mispronunciation.
"""

from __future__ import annotations

import argparse
import array
import collections
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

from _common import ROOT, line
from plainhealth import convert
from plainhealth.models import Result
from plainhealth.speech import SpeechOptions, synthesize
from plainhealth.speech.encode import mp3_bytes
from plainhealth.speech.normalize import normalize
from plainhealth.speech.script import build
from plainhealth.speech.system import DEFAULT_VOICE, EspeakEngine

KRATOM = ROOT / "samples" / "kratom-chronic-pain.html"
RUNS = 5
RATE = 160
FRAME = 0.01
QUIET = 300
GAP = 0.25  # an onset counts when at least this much silence comes before it


def timed(func: object) -> float:
    started = time.perf_counter()
    func()  # type: ignore[operator]
    return time.perf_counter() - started


def system_speed(result: Result, work: Path) -> None:
    if EspeakEngine().missing():
        print(f"system engine: skipped ({EspeakEngine().missing()})")
        return
    script = build(result)
    synth = EspeakEngine().start(None, RATE)
    text = work / "same_text.txt"
    text.write_text("\n".join(synth.prepare(x.say, script.hints) for x in script.lines())
                    + "\n", encoding="utf-8")
    cli = ["espeak-ng", "-v", DEFAULT_VOICE, "-s", str(RATE), "-w", str(work / "cli.wav"),
           "-f", str(text)]
    full, wav_only, lame, baseline = [], [], [], []
    synthesize(result, work, "warm", SpeechOptions(engine="system"))
    for run in range(RUNS):
        full.append(timed(lambda run=run: synthesize(
            result, work, f"full{run}", SpeechOptions(engine="system"))))
        wav_only.append(timed(lambda run=run: synthesize(
            result, work, f"wav{run}", SpeechOptions(engine="system", formats=("wav", "vtt")))))
        lame.append(lame_seconds(work / "full0.wav"))
        baseline.append(timed(lambda: subprocess.run(cli, check=True, capture_output=True)))
    base = statistics.median(baseline)
    print(f"system engine, kratom sample, {RATE} wpm, median of {RUNS} (goal ratio <= 1.25)")
    for name, times in (("audio step: wav + vtt (the goal's measure)", wav_only),
                        ("audio step, default: wav + mp3 + vtt", full),
                        ("  LAME alone encoding that wav (CPU s)", lame)):
        print(line(name, statistics.median(times), "s", "espeak-ng -w -f", base, decimals=2))
    print(f"{'':44} {_seconds(work / 'full0.wav'):9.1f} s of audio; espeak-ng CLI: "
          f"{_seconds(work / 'cli.wav'):.1f} s")


def lame_seconds(path: Path) -> float:
    """CPU time of the MP3 encoder alone, at the step's settings, on one core."""
    with wave.open(str(path), "rb") as wav:
        rate, pcm = wav.getframerate(), wav.readframes(wav.getnframes())
    started = time.process_time()
    mp3_bytes(pcm, rate)
    return time.process_time() - started


def neural_speed(result: Result, work: Path) -> None:
    from plainhealth.speech.neural import PiperEngine

    problem = PiperEngine().missing()
    if problem:
        print(f"neural engine: skipped ({problem})")
        return
    cold = timed(lambda: synthesize(result, work, "neural0", SpeechOptions(engine="neural")))
    warm = timed(lambda: synthesize(result, work, "neural", SpeechOptions(engine="neural")))
    audio = _seconds(work / "neural.wav")
    print("neural engine (Piper), kratom sample, audio seconds per synthesis second "
          "(goal >= 8)")
    print(line("first article (voice loaded)", audio / cold, "x"))
    print(line("next article (voice cached)", audio / warm, "x"))
    print(f"{'':44} {audio:9.1f} s of audio in {warm:.1f} s")


def _seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def onsets(path: Path) -> list[float]:
    """Where the voice starts after at least GAP seconds of silence."""
    with wave.open(str(path)) as wav:
        rate = wav.getframerate()
        samples = array.array("h")
        samples.frombytes(wav.readframes(wav.getnframes()))
    step = round(FRAME * rate)
    found, quiet = [], GAP
    for i in range(0, len(samples), step):
        frame = samples[i:i + step]
        if max(frame) > QUIET or -min(frame) > QUIET:
            if quiet >= GAP:
                found.append(i / rate)
            quiet = 0.0
        else:
            quiet += FRAME
    return found


def caption_starts(path: Path) -> list[float]:
    """Starts of the captions that begin an utterance (pieces of one follow without gap)."""
    stamp = r"(\d\d):(\d\d):(\d\d)\.(\d\d\d)"
    pairs = []
    for m in re.finditer(f"{stamp} --> {stamp}", path.read_text(encoding="utf-8")):
        g = [int(x) for x in m.groups()]
        pairs.append((g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000,
                      g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000))
    return [s for i, (s, _) in enumerate(pairs) if i == 0 or s > pairs[i - 1][1] + 0.05]


def caption_accuracy(work: Path, slug: str, label: str) -> None:
    if not (work / f"{slug}.wav").exists():
        return
    real = onsets(work / f"{slug}.wav")
    starts = caption_starts(work / f"{slug}.vtt")
    errors = [min(abs(s - r) for r in real) for s in starts]
    print(f"captions, {label}: {len(starts)} utterance starts, {len(real)} voice onsets "
          f"found in the audio (goal: within 0.3 s)")
    print(line("mean error", 1000 * statistics.mean(errors), "ms"))
    print(line("max error", 1000 * max(errors), "ms"))


WHISPER = """
import json, sys
import ctranslate2
from faster_whisper import WhisperModel
ctranslate2.set_random_seed(0)  # the fallback to sampling at a higher temperature repeats
model = WhisperModel(sys.argv[1], device="cpu", compute_type="int8", cpu_threads=2)
segments, _ = model.transcribe(sys.argv[2], language="en", **json.loads(sys.argv[3]))
print(json.dumps(" ".join(s.text for s in segments)))
"""
"""Transcribe argv[2] with the keyword arguments in argv[3] (JSON) over the defaults
(beam 5, temperature fallback)."""
SETTINGS = (({}, "Whisper defaults"),
            ({"condition_on_previous_text": False}, "no loops (the goal's measure)"))


def words(text: str) -> list[str]:
    """Normalised as the script is, so "2" and "two" or "plain health" match."""
    text = normalize(text).lower().replace("-", " ").replace("plainhealth", "plain health")
    return re.findall(r"[a-z']+", text)


def alignment(reference: list[str], hypothesis: list[str]) -> list[tuple[str, str]]:
    """(said, heard) for every word that differs, by edit distance ("" for none)."""
    rows = [list(range(len(hypothesis) + 1))]
    for i, ref in enumerate(reference, 1):
        prev, row = rows[-1], [i]
        for j, hyp in enumerate(hypothesis, 1):
            row.append(min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ref != hyp)))
        rows.append(row)
    i, j, diffs = len(reference), len(hypothesis), []
    while i or j:
        here = rows[i][j]
        if i and j and here == rows[i - 1][j - 1] + (reference[i - 1] != hypothesis[j - 1]):
            if reference[i - 1] != hypothesis[j - 1]:
                diffs.append((reference[i - 1], hypothesis[j - 1]))
            i, j = i - 1, j - 1
        elif i and here == rows[i - 1][j] + 1:
            diffs.append((reference[i - 1], ""))
            i -= 1
        else:
            diffs.append(("", hypothesis[j - 1]))
            j -= 1
    return diffs[::-1]


def intelligibility(result: Result, work: Path) -> None:
    python, model = (os.environ.get("PLAINHEALTH_WHISPER_PYTHON"),
                     os.environ.get("PLAINHEALTH_WHISPER_MODEL"))
    if not python or not model:
        print("intelligibility: skipped (set PLAINHEALTH_WHISPER_PYTHON and "
              "PLAINHEALTH_WHISPER_MODEL, or run make bench-wer)")
        return
    reference = words(build(result).text())
    print(f"intelligibility: faster-whisper (base, int8) on the kratom audio, {len(reference)} "
          "words in the script (goal: <= 10 % system, <= 5 % neural)")
    for slug, label in (("full0", "system"), ("neural", "neural")):
        if not (work / f"{slug}.wav").exists():
            continue
        for setting, how in SETTINGS:
            out = subprocess.run([python, "-c", WHISPER, model, str(work / f"{slug}.wav"),
                                  json.dumps(setting)], check=True, capture_output=True,
                                 text=True).stdout
            diffs = alignment(reference, words(json.loads(out)))
            print(line(f"word error rate, {label}, {how}", 100 * len(diffs) / len(reference),
                       "%"))
            common = collections.Counter(diffs).most_common(12)
            print(f"{'':6}most frequent differences (said -> heard): " + "; ".join(
                f"{said or '-'} -> {heard or '-'} x{n}" for (said, heard), n in common))


def speak_both(result: Result, work: Path) -> None:
    """Only the audio the word error rates need (when the speed part did not run)."""
    from plainhealth.speech.neural import PiperEngine

    if not EspeakEngine().missing():
        synthesize(result, work, "full0", SpeechOptions(engine="system", formats=("wav",)))
    if not PiperEngine().missing():
        synthesize(result, work, "neural", SpeechOptions(engine="neural", formats=("wav",)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wer", action="store_true", help="only the word error rates")
    only_wer = parser.parse_args().wer
    result = convert(str(KRATOM))
    work = Path(tempfile.mkdtemp(prefix="plainhealth-audio-bench-"))
    try:
        if only_wer:
            speak_both(result, work)
        else:
            system_speed(result, work)
            neural_speed(result, work)
            caption_accuracy(work, "full0", "system engine")
            caption_accuracy(work, "neural", "neural engine")
        intelligibility(result, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
