"""Audio and the read-along book on the kratom sample (a sample written for the project).

- system engine: wall time of plainhealth's default audio step (MP3 + VTT) against
  `espeak-ng -w out.wav -f text.txt` followed by `lame` (same bit rate and quality, mono)
  on exactly the text it speaks (hinted words as the same phonemes), same voice and rate,
  same run, median of 5. Goal <= 1.0.
- neural engine: `plainhealth convert --engine neural` of the kratom sample, end to end
  (default formats), in a fresh process: wall time and CPU time. Goal <= 35 s on 2 cores.
  The host's load average is printed beside it: on a shared machine the wall time is
  the CPU time spread over what the other processes leave.
- the book: epubcheck's verdict on the kratom EPUB (system engine), and how far each
  Media Overlay clip of an utterance starts from the voice onset found in the book's own
  MP3 (decoded by `lame --decode`, which reads the MP3's Info tag as players do). Goal:
  every clip within 50 ms.
- the default audio output's size (MP3 + VTT; the WAV beside it) and the captions' cue
  statistics: how many cues, how many of one or two words shown under one second that
  are not a whole sentence (goal 0), shortest and median cue, longest line.
- intelligibility (optional): word error rate of faster-whisper on the audio, against the
  script. Set PLAINHEALTH_WHISPER_PYTHON to a Python that has faster-whisper, and
  PLAINHEALTH_WHISPER_MODEL to a CTranslate2 Whisper model folder; `make bench-wer` builds
  both from the registry and runs only this part (``--wer``). Goal: <= 10 % system, <= 5 %
  neural, measured with Whisper's decoding defaults except one: each 30-second window is
  decoded on its own (``condition_on_previous_text=False``), the setting Whisper's authors
  give against repetition loops. Both settings are printed, with the most frequent word
  differences, to tell recogniser spelling and loops from real mispronunciation.

Needs espeak-ng, lame and epubcheck (`make system`); Piper for the neural part.
"""

from __future__ import annotations

import argparse
import array
import collections
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
import zipfile
from pathlib import Path

from _common import ROOT, line
from plainhealth import convert
from plainhealth.batch import Item, Job, convert_item
from plainhealth.models import Options, Result
from plainhealth.speech import SpeechOptions, synthesize
from plainhealth.speech.encode import MP3_KBPS, MP3_QUALITY
from plainhealth.speech.normalize import normalize
from plainhealth.speech.script import build
from plainhealth.speech.system import DEFAULT_VOICE, EspeakEngine

KRATOM = ROOT / "samples" / "kratom-chronic-pain.html"
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
RUNS = 5
RATE = 160
FRAME = 0.005
QUIET = 300
GAP = 0.25  # an onset counts when at least this much silence comes before it


def timed(func: object) -> float:
    started = time.perf_counter()
    func()  # type: ignore[operator]
    return time.perf_counter() - started


def system_speed(result: Result, work: Path) -> None:
    problem = EspeakEngine().missing() or (None if shutil.which("lame") else "lame missing")
    if problem:
        print(f"system engine: skipped ({problem})")
        return
    script = build(result)
    synth = EspeakEngine().local(None, RATE)
    text = work / "same_text.txt"
    text.write_text("\n".join(synth.prepare(x.say, script.hints) for x in script.lines())
                    + "\n", encoding="utf-8")
    wav = work / "cli.wav"
    speak = ["espeak-ng", "-v", DEFAULT_VOICE, "-s", str(RATE), "-w", str(wav), "-f", str(text)]
    encode = ["lame", "--quiet", "-m", "m", "-b", str(MP3_KBPS), "-q", str(MP3_QUALITY),
              str(wav), str(work / "cli.mp3")]

    def baseline() -> None:
        subprocess.run(speak, check=True, capture_output=True)
        subprocess.run(encode, check=True, capture_output=True)

    synthesize(result, work, "warm", SpeechOptions(engine="system"))
    ours, theirs = [], []
    for run in range(RUNS):
        ours.append(timed(lambda run=run: synthesize(
            result, work, f"default{run}", SpeechOptions(engine="system"))))
        theirs.append(timed(baseline))
    print(f"system engine, kratom sample, {RATE} wpm, median of {RUNS} (goal ratio <= 1.0)")
    print(line("audio step, default: mp3 + vtt", statistics.median(ours), "s",
               "espeak-ng -w + lame", statistics.median(theirs), decimals=2))


def neural_time(work: Path) -> None:
    from plainhealth.speech.neural import PiperEngine

    problem = PiperEngine().missing()
    if problem:
        print(f"neural engine: skipped ({problem})")
        return
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "plainhealth", "convert", str(KRATOM), "-o",
                    str(work / "neural"), "--engine", "neural", "-q", "--force"], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    audio = json.loads((work / "neural" / "kratom-chronic-pain.json").read_text(
        encoding="utf-8"))["audio"]["duration"]
    print(f"neural engine (Piper), `plainhealth convert --engine neural` of the kratom sample,"
          f" end to end, {os.cpu_count()} cores, load average {load:.1f} before (goal <= 35 s)")
    print(line("wall time", wall, "s"))
    print(line("CPU time (all cores)", cpu, "s"))
    print(f"{'':44} {audio:9.1f} s of audio")


def book(work: Path) -> None:
    """The kratom book (system engine): epubcheck, then clip starts against the audio."""
    out = work / "book"
    job = Job(out, ("epub",), Options(), force=True,
              speech=SpeechOptions(engine="system", formats=("vtt",)))
    outcome = convert_item(Item(str(KRATOM), "kratom"), job)
    if outcome.error:
        print(f"book: not made ({outcome.error})")
        return
    epub = out / "kratom.epub"
    print(f"read-along book (system engine): {epub.stat().st_size / 1e6:.2f} MB")
    if shutil.which("java") and EPUBCHECK.is_file():
        report = out / "epubcheck.json"
        subprocess.run(["java", "-jar", str(EPUBCHECK), str(epub), "--json", str(report), "-q"],
                       check=False, capture_output=True)
        checker = json.loads(report.read_text(encoding="utf-8"))["checker"]
        print(f"  epubcheck {checker['checkerVersion']}: {checker['nFatal']} fatal, "
              f"{checker['nError']} errors, {checker['nWarning']} warnings, "
              f"{checker['nUsage']} usage (goal 0 errors, 0 warnings)")
    else:
        print("  epubcheck: skipped (apt-get install epubcheck)")
    with zipfile.ZipFile(epub) as archive:
        smil = archive.read("EPUB/content.smil").decode("utf-8")
        (out / "book.mp3").write_bytes(archive.read("EPUB/audio.mp3"))
    if not shutil.which("lame"):
        print("  clip starts: skipped (apt-get install lame)")
        return
    subprocess.run(["lame", "--quiet", "--decode", str(out / "book.mp3"), str(out / "book.wav")],
                   check=True)
    real = onsets(out / "book.wav")
    starts = clip_starts(smil)
    errors = [min(abs(s - r) for r in real) for s in starts]
    words = len(re.findall(r"-w\d+\"", smil))
    print(f"  Media Overlay: {len(starts)} utterance clips ({words} word clips inside them), "
          f"{len(real)} voice onsets found in the book's MP3 (goal: each within 50 ms)")
    print(line("  mean distance to the onset", 1000 * statistics.mean(errors), "ms"))
    print(line("  largest distance", 1000 * max(errors), "ms"))
    print(f"{'':44} {sum(e <= 0.05 for e in errors)} of {len(errors)} within 50 ms")


def clip_starts(smil: str) -> list[float]:
    """The start of each utterance's clip: a word-by-word seq starts with its first word."""
    found = []
    for part in re.findall(r"<seq [^>]*>.*?</seq>|<par [^>]*>.*?</par>", smil):
        begin = re.search(r'clipBegin="(\d+):(\d\d):(\d\d\.\d+)"', part)
        assert begin is not None
        h, m, s = begin.groups()
        found.append(int(h) * 3600 + int(m) * 60 + float(s))
    return found


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


def outputs(result: Result, work: Path) -> None:
    """Size of the default audio, and the captions' cue statistics (both engines)."""
    default = work / "default0"
    if not (work / "default0.mp3").exists():
        synthesize(result, work, "default0", SpeechOptions(engine="system"))
    info = synthesize(result, work, "size", SpeechOptions(engine="system", formats=("wav",)))
    mp3 = default.with_suffix(".mp3").stat().st_size
    vtt = default.with_suffix(".vtt").stat().st_size
    print(f"default audio output, kratom ({info.duration:.0f} s): MP3 {mp3 / 1e6:.2f} MB + VTT "
          f"{vtt / 1e3:.1f} kB = {(mp3 + vtt) / 1e6:.2f} MB (the WAV it no longer writes: "
          f"{(work / 'size.wav').stat().st_size / 1e6:.1f} MB)")
    for label, path in (("system", default.with_suffix(".vtt")),
                        ("neural", work / "neural" / "kratom-chronic-pain.vtt")):
        if path.exists():
            cue_statistics(label, path.read_text(encoding="utf-8"))


def cue_statistics(label: str, vtt: str) -> None:
    stamp = r"(\d\d):(\d\d):(\d\d)\.(\d\d\d)"
    cues = []
    for block in vtt.split("\n\n")[1:]:
        name, times, *text = block.strip().split("\n")
        m = re.match(f"{stamp} --> {stamp}", times)
        assert m is not None
        g = [int(x) for x in m.groups()]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        cues.append((name, end - start, text))
    whole = {name for name, _, _ in cues if "." not in name}  # an utterance in one cue
    flashes = [" ".join(t) for name, d, t in cues
               if len(" ".join(t).split()) <= 2 and d < 1 and name not in whole]
    lengths = [d for _, d, _ in cues]
    print(f"captions, {label} engine: {len(cues)} cues; {len(flashes)} of one or two words "
          f"under 1 s that are not a whole sentence (goal 0); shortest {min(lengths):.2f} s, "
          f"median {statistics.median(lengths):.2f} s; longest line "
          f"{max(len(x) for _, _, t in cues for x in t)} characters, at most "
          f"{max(len(t) for _, _, t in cues)} lines")


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
    script = build(result)
    reference = words(script.text())
    hinted = {h.word for h in script.hints}
    print(f"intelligibility: faster-whisper (base, int8) on the kratom audio, {len(reference)} "
          "words in the script (goal: <= 10 % system, <= 5 % neural); also without the words "
          f"the glossary gives a pronunciation for ({', '.join(sorted(hinted))}: "
          f"{sum(w.removesuffix(chr(39) + 's') in hinted for w in reference)} of them), which "
          "the recogniser's vocabulary may not hold")
    for slug, label in (("wer-system", "system"), ("wer-neural", "neural")):
        if not (work / f"{slug}.wav").exists():
            continue
        for setting, how in SETTINGS:
            out = subprocess.run([python, "-c", WHISPER, model, str(work / f"{slug}.wav"),
                                  json.dumps(setting)], check=True, capture_output=True,
                                 text=True).stdout
            diffs = alignment(reference, words(json.loads(out)))
            print(line(f"word error rate, {label}, {how}", 100 * len(diffs) / len(reference),
                       "%"))
            rest = [d for d in diffs if d[0].removesuffix("'s") not in hinted]
            kept = [w for w in reference if w.removesuffix("'s") not in hinted]
            print(line("  without the words with a pronunciation", 100 * len(rest) / len(kept),
                       "%"))
            common = collections.Counter(diffs).most_common(12)
            print(f"{'':6}most frequent differences (said -> heard): " + "; ".join(
                f"{said or '-'} -> {heard or '-'} x{n}" for (said, heard), n in common))


def speak_both(result: Result, work: Path) -> None:
    """The WAVs the word error rates are measured on."""
    from plainhealth.speech.neural import PiperEngine

    for slug, engine in (("wer-system", EspeakEngine()), ("wer-neural", PiperEngine())):
        if not engine.missing():
            synthesize(result, work, slug, SpeechOptions(engine=engine.name, formats=("wav",)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wer", action="store_true", help="only the word error rates")
    only_wer = parser.parse_args().wer
    result = convert(str(KRATOM))
    work = Path(tempfile.mkdtemp(prefix="plainhealth-audio-bench-"))
    try:
        if not only_wer:
            system_speed(result, work)
            neural_time(work)
            book(work)
            outputs(result, work)
        if os.environ.get("PLAINHEALTH_WHISPER_MODEL"):
            speak_both(result, work)
        intelligibility(result, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
