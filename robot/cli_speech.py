"""`robot speech ...`: transcribe a WAV, speak text to a WAV, list sound devices."""

from __future__ import annotations

import argparse
import sys
import time

from robot.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("speech", help="speech in and out: transcribe, say, devices")
    s = p.add_subparsers(dest="speech_command", metavar="ACTION")
    s.required = True

    t = s.add_parser("transcribe", help="print the transcript of a WAV file (any format)")
    t.add_argument("wav", metavar="FILE.wav")
    t.add_argument("--engine", choices=["whisper", "vosk"], help="default: from the config")
    t.add_argument("--language", metavar="L", help="force a language (e.g. fr); default: config")
    t.set_defaults(handler=transcribe)

    a = s.add_parser("say", help="speak TEXT into a WAV file")
    a.add_argument("text", metavar="TEXT")
    a.add_argument("--out", required=True, metavar="FILE.wav")
    a.add_argument("--voice", metavar="V", help='a model id, "espeak[:VOICE]" or an .onnx path')
    a.add_argument("--language", metavar="L", help="default: the config's language")
    a.add_argument("--rate", type=float, metavar="R", help="1.0 = normal, 0.8 = slower")
    a.set_defaults(handler=say)

    d = s.add_parser("devices", help="list the sound devices PortAudio sees")
    d.set_defaults(handler=devices)


def transcribe(args: argparse.Namespace, ctx: Context) -> int:
    from speech.factory import build_stt
    from speech.wavio import read_wav

    audio = read_wav(args.wav)  # before loading a model: a bad file fails fast
    stt = build_stt(ctx.settings, ctx.models_dir, args.language, args.engine)
    start = time.perf_counter()
    result = stt.transcribe(audio, args.language)
    took = time.perf_counter() - start
    print(result.text)
    print(f"# {stt.name} language={result.language} confidence={result.confidence:.2f} "
          f"audio={result.duration_s:.1f}s took={took:.2f}s", file=sys.stderr)
    return 0


def say(args: argparse.Namespace, ctx: Context) -> int:
    import numpy as np

    from robot.core.errors import TtsError
    from speech.factory import build_tts
    from speech.resample import resample
    from speech.wavio import write_wav

    if args.rate is not None and not 0.3 <= args.rate <= 3.0:
        raise TtsError(f"--rate {args.rate} is out of range (0.3 to 3.0)")
    tts = build_tts(ctx.settings, ctx.models_dir, args.language, args.voice)
    parts, rate = [], 0
    for chunk in tts.synthesize(args.text, args.rate):
        rate = rate or chunk.sample_rate
        parts.append(resample(chunk.samples, chunk.sample_rate, rate))
    if not parts:
        raise TtsError("nothing to say: the text has no speakable words")
    samples = np.concatenate(parts)
    write_wav(args.out, samples, rate)
    print(f"wrote {args.out} ({len(samples) / rate:.1f} s, {tts.name}, {len(parts)} sentence(s))")
    return 0


def devices(args: argparse.Namespace, ctx: Context) -> int:
    from speech.sounddev import list_devices

    found = list_devices()
    if not found:
        print("no sound device found (no sound card, or PortAudio sees none)")
        return 1
    for d in found:
        kinds = [k for k, key in (("in", "max_input_channels"), ("out", "max_output_channels"))
                 if d[key] > 0]
        print(f"{d['index']:3d}  {'/'.join(kinds):6s} {int(d['default_samplerate']):6d} Hz  "
              f"{d['name']}")
    return 0
