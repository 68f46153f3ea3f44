"""`robot ask`, `robot eval` and `robot report unanswered` (heavy imports stay lazy).

The JSON shape is a contract scripts rely on: build it only with
`rag.contract.answer_to_json` (the API and `ask --wav` use it too).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rag.contract import TIMING_KEYS, answer_to_json
from robot import compose
from robot.context import Context
from robot.core.errors import ConfigError, RobotError, UsageError

if TYPE_CHECKING:
    import numpy as np

    from rag import eval_spoken as es
    from rag.answer import Answerer
    from rag.eval import Item
    from rag.eval_score import Report
    from rag.types import Answer

def _dump(obj: dict[str, Any], out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()


_JSON_KINDS = {bool: "true/false", int: "a number", float: "a number", list: "a list",
               dict: "an object"}


def _request_problem(req: Any) -> str | None:
    """Why a decoded line is not a request we can answer, else None."""
    if not isinstance(req, dict):
        return "not a JSON object with a `question`"
    question = req.get("question")
    if question is None:
        return "missing `question`"
    if not isinstance(question, str):  # 42 would be answered as the text "42"
        return f"`question` must be a string, not {_JSON_KINDS.get(type(question), 'that')}"
    if not question.strip():
        return "`question` is empty"
    return None


def _requests(lines: Iterable[str]
              ) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, request, error) per non-empty stdin line."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            req = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield number, None, f"invalid JSON: {exc.msg} (column {exc.colno})"
            continue
        yield (number, req if isinstance(req, dict) else None, _request_problem(req))


def run_jsonl(answerer: Answerer, lines: Iterable[str], out: TextIO) -> int:
    """One JSON line out per request line; a bad line gets an `error` line, not an exit."""
    failures = 0
    for number, req, error in _requests(lines):
        rid = req.get("id") if req else None
        if error is None and req is not None:
            session = req.get("session")
            try:
                answer = answerer.answer(req["question"],
                                         str(session) if session is not None else None)
            except RobotError as exc:
                error = f"[{exc.code}] {exc.message}"
            else:
                _dump(answer_to_json(answer, rid), out)
                continue
        failures += 1
        _dump({"id": rid, "line": number, "error": f"line {number}: {error}"}, out)
    return 1 if failures else 0


def _print_text(answerer: Answerer, question: str, session: str | None) -> int:
    from rag.types import FinalEvent, SentenceEvent

    for event in answerer.stream(question, session):
        if isinstance(event, SentenceEvent):
            print(event.text, flush=True)  # as it would be spoken, sentence by sentence
        elif isinstance(event, FinalEvent):
            a = event.answer
            for s in a.sources:
                page = f", page {s.page}" if s.page else ""
                print(f"  source: {s.title} ({s.file}{page})", file=sys.stderr)
            t = a.timings_ms
            print("  " + ("declined; " if a.declined else "")
                  + ", ".join(f"{k} {t[k]:.0f} ms" for k in TIMING_KEYS if k in t),
                  file=sys.stderr)
    return 0


def cmd_ask(args: argparse.Namespace, ctx: Context) -> int:
    if args.wav:  # a spoken question through the whole voice pipeline
        if args.question is not None or args.jsonl:
            raise UsageError("give either a QUESTION, --jsonl or --wav, not several")
        from robot.oneshot import cmd_ask_wav

        return cmd_ask_wav(args, ctx)
    if args.jsonl:
        if args.question is not None:
            raise UsageError("give either a QUESTION or --jsonl, not both")
        answerer = compose.answerer(ctx)
        return run_jsonl(answerer, sys.stdin, sys.stdout)
    if not (args.question or "").strip():
        raise UsageError("the question is empty",
                         hint='robot ask "Quels sont les horaires de la mairie ?"')
    answerer = compose.answerer(ctx)
    if args.json:
        _dump(answer_to_json(answerer.answer(args.question, args.session)), sys.stdout)
        return 0
    return _print_text(answerer, args.question, args.session)


def cmd_eval(args: argparse.Namespace, ctx: Context) -> int:
    from rag import eval as ev
    from rag import eval_score

    if (args.dump or args.heard) and not args.spoken:
        raise UsageError("--dump and --heard are about spoken items: give --spoken too")
    if args.dump and args.summary:
        raise UsageError("--dump writes every transcript; --summary is for a held-out set, "
                         "whose items must not be read")
    items = ev.load_questions(Path(args.questions))
    if args.corpus:
        _sync(ctx, Path(args.corpus))
    answerer = compose.answerer(ctx)
    answerer.unanswered = None  # test questions must not reach the staff's report
    settle = getattr(answerer.repairer, "settle", None)
    if settle is not None:
        settle()  # every spoken item repaired with the same vocabulary

    def progress(item: ev.Item, answer: Answer) -> None:
        if args.verbose_items and not args.summary:
            print(f"[{item.id}] {item.question}\n    -> {answer.text}", file=sys.stderr)

    if args.spoken:
        return _eval_spoken(args, ctx, items, answerer)
    results = ev.run(answerer, items, progress)
    report = eval_score.score(results)
    _print_report(args, ctx, report)
    return 0


def _print_report(args: argparse.Namespace, ctx: Context, report: Report,
                  extra: dict[str, object] | None = None) -> None:
    from rag import eval_score

    if args.json:
        out: dict[str, object] = {
            "counts": report.counts, "metrics": report.metrics,
            "superseded_spoken": report.superseded_spoken, "latency_ms": report.latency,
            "fully_right_by_kind": report.by_kind, "false_alarms": report.false_alarms}
        out["failures"] = report.failures if not args.summary else len(report.failures)
        _dump(out | (extra or {}), sys.stdout)
    else:
        print(eval_score.format_report(report, ctx.settings.retrieval.top_k,
                                       items=not args.summary))


def _eval_spoken(args: argparse.Namespace, ctx: Context, items: list[Item],
                 answerer: Answerer) -> int:
    """`--spoken`: each question said by espeak-ng or Kokoro, heard by the configured
    recogniser (with the live loop's vocabulary prompt), then answered and scored."""
    from rag import eval_score
    from rag import eval_spoken as es
    from robot import rig
    from robot.wiring import with_vocabulary
    from speech.factory import build_stt

    def say(text: str, wpm: int, voice: str) -> np.ndarray:
        return rig.visitor_speech(text, wpm, voice, ctx.models_dir)

    replayed = _replayed(args.heard) if args.heard else None
    stt = None
    if replayed is None:  # the voices that say and the recogniser that hears
        for voice in args.voices:
            rig.check_visitor_voice(voice, ctx.models_dir)
        heard_ctx = with_vocabulary(ctx)
        stt = build_stt(heard_ctx.settings, heard_ctx.models_dir)
    said = es.variants(args.speeds, args.voices)
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None  # noqa: SIM115
    total = len(items) * len(said)

    def progress(s: es.Spoken) -> None:
        if dump is not None:
            _dump(es.dump_row(s, args.snr), dump)
        if args.summary:
            return
        if args.verbose_items:
            print(f"[{s.item.id}] {s.item.question}\n    heard: {s.heard}\n"
                  f"    -> {s.result.answer.text}", file=sys.stderr)

    try:
        spoken = es.run(answerer, stt, items, said, ctx.settings.vad, args.snr, args.seed,
                        progress, say, ctx.settings.dialogue.join_gap_s, replayed)
    finally:
        if dump is not None:
            dump.close()
    report = eval_score.score([s.result for s in spoken])
    es.add_heard(report, spoken)
    tally = es.tally(spoken)
    print(f"{len(spoken)} of {total} spoken items heard", file=sys.stderr)
    _print_report(args, ctx, report, {"spoken": es.to_json(tally)})
    if not args.json:
        print(es.format_spoken(tally, args.snr))
    return 0


def _replayed(path: Path) -> es.Replayed:
    """`--heard`: the transcripts a `--dump` wrote, one JSON object a line."""
    from rag.eval_spoken import Replayed

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"cannot replay {path}: {exc}",
                         hint="give a file written by `robot eval --spoken --dump`") from None
    try:
        return Replayed(rows)
    except UsageError as exc:
        raise UsageError(f"cannot replay {path}: {exc.message}", hint=exc.hint) from None


def _int_list(text: str) -> list[int]:
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not values or any(not 80 <= v <= 450 for v in values):
        raise argparse.ArgumentTypeError("speeds are words per minute, 80 to 450")
    return values


def _str_list(text: str) -> list[str]:
    values = [v.strip() for v in text.split(",") if v.strip()]
    if not values:
        raise argparse.ArgumentTypeError("give at least one voice")
    return values


def _sync(ctx: Context, folder: Path) -> None:
    """`--corpus DIR`: the same incremental sync as `robot index sync DIR`."""
    from robot.cli_index import format_report

    if not folder.is_dir():
        raise ConfigError(f"--corpus: not a folder: {folder}")
    ctx.data.ensure()
    report = compose.index_store(ctx).sync(folder)
    print(format_report(report), file=sys.stderr)


def cmd_report_unanswered(args: argparse.Namespace, ctx: Context) -> int:
    from rag.unanswered import FILE_NAME, UnansweredLog, format_report, group

    groups, refused = group(UnansweredLog(ctx.data.state / FILE_NAME).read())
    if args.json:
        _dump({"questions": [g.__dict__ for g in groups], "refused": refused}, sys.stdout)
    else:
        print(format_report(groups, refused))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="answer a question from the documents")
    p.add_argument("question", nargs="?", help="the question, in French")
    p.add_argument("--session", metavar="ID", help="visitor session (for follow-ups)")
    p.add_argument("--json", action="store_true", help="one JSON object (the script contract)")
    p.add_argument("--jsonl", action="store_true",
                   help='read {"id","question","session"} lines on stdin, one JSON line out each')
    p.add_argument("--wav", metavar="IN.wav", help="a spoken question (any WAV format)")
    p.add_argument("--out", metavar="REPLY.wav", help="with --wav: write the spoken answer")
    p.set_defaults(handler=cmd_ask)

    e = sub.add_parser("eval", help="score answers on a question set (recall, facts, declines)")
    e.add_argument("questions", metavar="QUESTIONS.yaml")
    e.add_argument("--corpus", metavar="DIR", help="sync this folder into the index first")
    e.add_argument("--json", action="store_true")
    e.add_argument("--show", dest="verbose_items", action="store_true",
                   help="print each question and answer as it runs")
    e.add_argument("--summary", action="store_true",
                   help="figures only, no item (for a held-out set: tune on what you see)")
    e.add_argument("--spoken", action="store_true",
                   help="say each question (espeak-ng or Kokoro) and answer what the recogniser "
                        "heard (word error rate, « pas compris » when misheard)")
    e.add_argument("--speeds", type=_int_list, default=[150, 175, 200], metavar="WPM,...",
                   help="with --spoken: speeds in words per minute, espeak-ng's; Kokoro's speed "
                        "is WPM/175 (default 150,175,200)")
    e.add_argument("--voices", type=_str_list, default=["fr"], metavar="VOICE,...",
                   help="with --spoken: espeak-ng voices (fr, fr+m3, fr+f2) or Kokoro-82M "
                        "(kokoro, kokoro:jm_kumo; `robot models install test`), e.g. "
                        "kokoro,fr (default fr)")
    e.add_argument("--snr", type=float, metavar="DB",
                   help="with --spoken: lobby babble (other synthetic visitors) at this "
                        "signal-to-noise ratio")
    e.add_argument("--seed", type=int, default=0, help="with --snr: the babble's seed")
    e.add_argument("--dump", metavar="FILE.jsonl",
                   help="with --spoken: one JSON line per spoken item (calibration data for "
                        "scripts/calibrate_misheard.py); not with --summary")
    e.add_argument("--heard", metavar="FILE.jsonl", type=Path,
                   help="with --spoken: answer the transcripts a --dump wrote instead of "
                        "saying and hearing the questions again (minutes, not half an hour; "
                        "for changes to the answering stage)")
    e.set_defaults(handler=cmd_eval)

    r = sub.add_parser("report", help="reports for staff")
    rs = r.add_subparsers(dest="report_command", metavar="WHAT")
    rs.required = True
    u = rs.add_parser("unanswered", help="questions declined or answered with low confidence")
    u.add_argument("--json", action="store_true")
    u.set_defaults(handler=cmd_report_unanswered)
