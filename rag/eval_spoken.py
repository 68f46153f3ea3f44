"""`robot eval --spoken`: the question set said aloud, heard by the recogniser, answered.

Each question is said at a few speeds by a few synthetic voices (espeak-ng voices such as
`fr`, `fr+m3`, or `kokoro[:name]`, Kokoro-82M reading French phonemes: more natural, far
better heard; the caller's ``say`` makes the audio), over lobby babble at a given
signal-to-noise ratio if asked, cut by the live loop's VAD and endpointer,
transcribed by the configured recogniser and answered with the recogniser's confidence
(rag/understood.py chooses between « je n'ai pas trouvé » and « pardon, je n'ai pas bien
compris »). Answers are scored like typed ones (rag/eval_score.py); `tally` adds what
hearing changes.

Misheard, the label scripts/calibrate_misheard.py fits: an in-scope item none of whose
expected sources the heard text retrieves, or more than half its words heard wrong.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rag.answer import Answerer
from rag.confirm import CONFIRM
from rag.eval import IN_SCOPE, Item, Result, basename
from rag.eval_score import Report, judge
from rag.grounding import fold
from rag.types import Answer, FinalEvent, SentenceEvent, Trace
from rag.unanswered import DOCUMENT_GAPS
from rag.understood import NOT_UNDERSTOOD
from rag.words import digits
from robot.core.errors import UsageError
from speech import visitor
from speech.protocols import SAMPLE_RATE, SpeechToText, Transcript
from speech.settings import VadSettings
from speech.wer import wer

MISHEARD_WER = 0.5
NOT_HEARD = "not_heard"  # the recogniser returned nothing: the robot stays silent
BABBLE_VOICES = ("fr+m3", "fr+f2", "fr+m1", "fr+f4")
BABBLE_CLIPS = 16
BABBLE_TALKERS = 4
LEAD_S = 0.5  # lobby before and after the question


@dataclass(frozen=True)
class Variant:
    wpm: int
    voice: str

    @property
    def label(self) -> str:
        return f"{self.voice}@{self.wpm}"


@dataclass(frozen=True)
class Spoken:
    """One question said once: its scored result (id suffixed with the variant)."""

    result: Result
    variant: Variant
    heard: str
    wer: float
    confidence: float
    known: float  # share of the heard words the documents use
    cut: bool  # the endpointer closed an utterance (else the whole audio was heard)
    right: bool
    repaired_wer: float | None = None  # after rag/repair.py, when it changed a word
    offer: bool | None = None  # « Vous parlez de … ? » asked: whether the visitor said oui
    repaired: str | None = None  # the transcript after rag/repair.py, when it changed
    unsearched: bool = False  # « pas compris » before any search: too unsure to search

    @property
    def false_repair(self) -> bool:
        """A repair that took the transcript further from what was said."""
        return self.repaired_wer is not None and self.repaired_wer > self.wer

    @property
    def item(self) -> Item:
        return self.result.item

    @property
    def in_scope(self) -> bool:
        return self.item.kind in IN_SCOPE

    @property
    def topic_retrieved(self) -> bool | None:
        return topic_retrieved(self.item, self.result.retrieved)

    @property
    def misheard(self) -> bool:
        return is_misheard(self.in_scope, self.topic_retrieved, self.wer)

    @property
    def reason(self) -> str:
        return self.result.answer.reason


def topic_retrieved(item: Item, retrieved: Sequence[str]) -> bool | None:
    """An expected source among the retrieved ones; None when the item names none."""
    if item.kind not in IN_SCOPE or not item.expected_sources:
        return None
    return bool({basename(s) for s in item.expected_sources} & set(retrieved))


def heard_wer(said: str, heard: str) -> float:
    """Word error rate up to accents and how numbers are written: the spoken-style sets are
    typed without accents (« decheterie ») and numbers in words, Whisper writes both."""
    return wer(fold(digits(said)), fold(digits(heard)))


def is_misheard(in_scope: bool, topic: bool | None, error_rate: float) -> bool:
    return (in_scope and topic is False) or error_rate > MISHEARD_WER


def variants(speeds: Sequence[int], voices: Sequence[str]) -> list[Variant]:
    return [Variant(wpm, voice) for voice in voices for wpm in speeds]


def _babble_pool(items: list[Item], rng: np.random.Generator
                 ) -> list[tuple[str, np.ndarray]]:
    """Other visitors: some of the set's questions in other voices, (item id, audio)."""
    picks = rng.choice(len(items), size=min(BABBLE_CLIPS, len(items)), replace=False)
    return [(items[i].id, visitor.espeak(items[i].question, 175,
                                         BABBLE_VOICES[n % len(BABBLE_VOICES)]))
            for n, i in enumerate(picks)]


def scene(speech: np.ndarray, clips: Sequence[np.ndarray], snr_db: float | None,
          rng: np.random.Generator) -> np.ndarray:
    """The question with half a second of lobby around it, babble at ``snr_db`` or none."""
    lead = int(LEAD_S * SAMPLE_RATE)
    n = len(speech) + 2 * lead
    if snr_db is None or not clips:
        out = np.zeros(n, dtype=np.int16)
        out[lead:lead + len(speech)] = speech
        return out
    noise = visitor.babble(clips, n, BABBLE_TALKERS, rng)
    return visitor.mix_at_snr(speech, noise, snr_db, LEAD_S)


def _ask(answerer: Answerer, heard: str, session: str | None, confidence: float
         ) -> tuple[Answer, Trace | None, float | None]:
    if not heard:
        return Answer(question="", text="", declined=True, reason=NOT_HEARD), None, None
    answer: Answer | None = None
    trace: Trace | None = None
    first: float | None = None
    for event in answerer.stream(heard, session, stt_confidence=confidence):
        if isinstance(event, SentenceEvent) and first is None:
            first = event.elapsed_ms
        elif isinstance(event, FinalEvent):
            answer, trace = event.answer, event.trace
    assert answer is not None
    return answer, trace, first


Say = Callable[[str, int, str], np.ndarray]  # (text, wpm, voice) -> 16 kHz int16


class Replayed:
    """What an earlier run heard (its `dump_row`s), answered again without saying or
    hearing anything: a change to the answering stage measured on the same transcripts
    in minutes, not the half hour synthesis and recognition take. The visitor's « oui » or
    « non » to « Vous parlez de … ? » is taken as said (the dump does not keep it)."""

    FIELDS = frozenset({"id", "voice", "wpm", "heard", "confidence", "cut"})  # of dump_row

    def __init__(self, rows: Sequence[Any]) -> None:
        if not all(isinstance(r, dict) and r.keys() >= self.FIELDS for r in rows):
            raise UsageError("a line is not a transcript written by --dump",
                             hint="give a file written by `robot eval --spoken --dump`")
        self._rows = {(r["id"], r["voice"], r["wpm"]): r for r in rows}

    def heard(self, item: Item, variant: Variant) -> tuple[Transcript, bool]:
        row = self._rows.get((item.id, variant.voice, variant.wpm))
        if row is None:
            raise UsageError(f"{item.id}@{variant.label} is not in the transcripts replayed",
                            hint="replay them with the question set, voices and speeds "
                                 "of the run that wrote them")
        return Transcript(row["heard"], None, float(row["confidence"]), 0.0), bool(row["cut"])

    @staticmethod
    def reply(text: str) -> Transcript:
        return Transcript(text, None, 1.0, 0.0)


def says_yes(item: Item, offer: Answer) -> bool:
    """The simulated visitor's reply to « Vous parlez de … ? »: yes when the document
    offered is one the question is about (also a manipulation's, whose true fact is due)."""
    offered = {basename(s.file) for s in offer.sources}
    return bool(offered & {basename(s) for s in item.expected_sources})


def run(answerer: Answerer, stt: SpeechToText | None, items: list[Item], said: list[Variant],
        vad: VadSettings, snr_db: float | None = None, seed: int = 0,
        progress: Callable[[Spoken], Any] | None = None,
        say: Say = visitor.espeak, join_gap_s: float = 0.0,
        replayed: Replayed | None = None) -> list[Spoken]:
    """Every item in every variant, a variant's follow-ups in their own session; ``say``
    makes each question's audio (espeak-ng unless the caller knows more voices). Heard
    as the live loop hears it: the first utterance, with what follows within
    ``join_gap_s`` (the loop's ``dialogue.join_gap_s``); or, with ``replayed``, as an
    earlier run heard it."""
    rng = np.random.default_rng(seed)
    pool = _babble_pool(items, rng) if snr_db is not None and replayed is None else []

    def hear(text: str, variant: Variant, others: list[np.ndarray]) -> tuple[Transcript, bool]:
        assert stt is not None, "a recogniser, or transcripts replayed"
        speech = say(text, variant.wpm, variant.voice)
        utterance, cut = visitor.first_utterance(scene(speech, others, snr_db, rng), vad,
                                                 join_gap_s)
        return stt.transcribe(utterance), cut

    out: list[Spoken] = []
    for variant in said:
        for item in items:
            others = [audio for source, audio in pool if source != item.id]
            transcript, cut = (replayed.heard(item, variant) if replayed is not None
                               else hear(item.question, variant, others))
            heard = transcript.text.strip()
            # Every item has a session: a « Vous parlez de … ? » is answered on the next turn.
            session = f"{item.session or item.id}#{variant.label}"
            asked, trace, first = _ask(answerer, heard, session, transcript.confidence)
            answer, offer = asked, None
            if asked.reason == CONFIRM:  # the visitor answers it aloud, heard as ever
                offer = says_yes(item, asked)
                reply = "Oui." if offer else "Non."
                said_back = (replayed.reply(reply) if replayed is not None
                             else hear(reply, variant, others)[0])
                answer, _, _ = _ask(answerer, said_back.text.strip(), session,
                                    said_back.confidence)
            passages = trace.passages if trace else ()
            unsearched = bool(heard) and not passages and asked.reason == NOT_UNDERSTOOD
            if unsearched:
                # Too unsure to search (rag/understood.py): whether the heard words would
                # have found the topic is still what "understood" measures.
                passages = tuple(answerer.retriever.search(heard, answerer.config.top_k))
            result = Result(
                dataclasses.replace(item, id=f"{item.id}@{variant.label}"), answer,
                tuple(basename(p.chunk.source_file) for p in passages), first,
                "\n".join(f"{p.chunk.title} {p.chunk.section} {p.chunk.text}"
                          for p in passages))
            repaired = asked.question if heard and asked.question != heard else None
            spoken = Spoken(result, variant, heard, heard_wer(item.question, heard),
                            transcript.confidence,
                            answerer.retriever_known(heard) if heard else 0.0,
                            cut, not judge(result),
                            heard_wer(item.question, repaired) if repaired else None,
                            offer, repaired, unsearched)
            out.append(spoken)
            if progress is not None:
                progress(spoken)
    return out


def add_heard(report: Report, spoken: list[Spoken]) -> None:
    """Each failure shows what was heard as well as what was asked."""
    heard = {s.result.item.id: s.heard for s in spoken}
    for failure in report.failures:
        failure["heard"] = heard.get(failure["id"], "")


def dump_row(s: Spoken, snr_db: float | None) -> dict[str, Any]:
    """The calibration data of one spoken item (scripts/calibrate_misheard.py)."""
    return {
        "id": s.item.id.removesuffix(f"@{s.variant.label}"),
        "kind": s.item.kind, "voice": s.variant.voice, "wpm": s.variant.wpm,
        "snr_db": snr_db, "heard": s.heard, "wer": round(s.wer, 3),
        "confidence": s.confidence, "known": round(s.known, 3), "cut": s.cut,
        "in_scope": s.in_scope, "topic_retrieved": s.topic_retrieved,
        "misheard": s.misheard, "declined": s.result.answer.declined,
        "repaired": s.repaired,
        "reason": s.reason or None, "right": s.right, "offer": s.offer,
    }


@dataclass
class SpokenReport:
    n: int = 0
    wer: float | None = None
    confidence: float | None = None
    cut: int = 0
    understood: tuple[int, int] = (0, 0)  # in-scope items whose expected source was found
    right: tuple[int, int] = (0, 0)
    misheard: int = 0
    misheard_declined: int = 0  # said « pas trouvé » or « pas compris »
    not_understood_when_misheard: int = 0
    not_found_wrongly: tuple[int, int] = (0, 0)  # of in-scope items heard right
    not_understood_wrongly: tuple[int, int] = (0, 0)  # of items heard right
    unsearched_wrongly: int = 0  # of those, too unsure to search (rag/understood.py)
    wer_repaired: float | None = None  # the mean word error rate after repair
    repaired: int = 0  # transcripts rag/repair.py changed
    false_repairs: tuple[int, int] = (0, 0)  # of those, taken further from what was said
    offers: int = 0  # « Vous parlez de … ? » asked
    offers_in_scope: tuple[int, int] = (0, 0)  # (the right document offered, asked in scope)
    per_variant: dict[str, dict[str, float]] = field(default_factory=dict)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def tally(spoken: list[Spoken]) -> SpokenReport:
    """What hearing changes: pure counts over spoken items."""
    r = SpokenReport(n=len(spoken), wer=_mean([s.wer for s in spoken]),
                     confidence=_mean([s.confidence for s in spoken]),
                     cut=sum(s.cut for s in spoken))
    r.wer_repaired = _mean([s.wer if s.repaired_wer is None else s.repaired_wer
                            for s in spoken])
    r.repaired = sum(s.repaired_wer is not None for s in spoken)
    r.false_repairs = (sum(s.false_repair for s in spoken), len(spoken))
    topical = [s for s in spoken if s.topic_retrieved is not None]
    r.understood = (sum(bool(s.topic_retrieved) for s in topical), len(topical))
    r.right = (sum(s.right for s in spoken), len(spoken))
    r.offers = sum(s.offer is not None for s in spoken)
    r.offers_in_scope = (sum(bool(s.offer) for s in spoken),
                         sum(s.offer is not None and s.in_scope for s in spoken))
    misheard = [s for s in spoken if s.misheard]
    r.misheard = len(misheard)
    r.misheard_declined = sum(s.reason in DOCUMENT_GAPS or s.reason == NOT_UNDERSTOOD
                              for s in misheard)
    r.not_understood_when_misheard = sum(s.reason == NOT_UNDERSTOOD for s in misheard)
    heard_right = [s for s in spoken if not s.misheard]
    in_scope = [s for s in heard_right if s.in_scope]
    r.not_found_wrongly = (sum(s.reason in DOCUMENT_GAPS for s in in_scope), len(in_scope))
    r.not_understood_wrongly = (sum(s.reason == NOT_UNDERSTOOD for s in heard_right),
                                len(heard_right))
    r.unsearched_wrongly = sum(s.reason == NOT_UNDERSTOOD and s.unsearched
                               for s in heard_right)
    for label in dict.fromkeys(s.variant.label for s in spoken):
        mine = [s for s in spoken if s.variant.label == label]
        r.per_variant[label] = {"n": len(mine), "wer": _mean([s.wer for s in mine]) or 0.0,
                                "right": _mean([float(s.right) for s in mine]) or 0.0}
    return r


def _share(hits: int, of: int) -> str:
    return f"{hits / of * 100:5.1f} %  ({hits}/{of})" if of else "  n/a"


def format_spoken(r: SpokenReport, snr_db: float | None) -> str:
    noise = f"lobby babble at {snr_db:g} dB SNR" if snr_db is not None else "no noise"
    mu = r.not_understood_when_misheard
    lines = [
        f"spoken: {r.n} ({noise}; the endpointer cut {r.cut}, the rest heard whole)",
        f"  {'word error rate (mean)':38} "
        + ("n/a" if r.wer is None else f"{r.wer * 100:5.1f} %"),
        f"  {'word error rate after repair (mean)':38} "
        + ("n/a" if r.wer_repaired is None else f"{r.wer_repaired * 100:5.1f} %")
        + f"  ({r.repaired} repaired)",
        f"  {'false repairs':38} {_share(*r.false_repairs)}",
        f"  {'recogniser confidence (mean)':38} "
        + ("n/a" if r.confidence is None else f"{r.confidence:5.2f}"),
        f"  {'questions understood (in scope)':38} {_share(*r.understood)}",
        f"  {'questions fully right':38} {_share(*r.right)}",
        f"  {'« vous parlez de … ? » asked':38} {r.offers:5d}  "
        f"(in scope {r.offers_in_scope[1]}, the right document {r.offers_in_scope[0]})",
        f"  {'misheard':38} {r.misheard:5d}  ({r.misheard_declined} declined)",
        f"  {'« not understood » said when misheard':38} {_share(mu, r.misheard)}"
        + (f"; {mu}/{r.misheard_declined} of the declines" if r.misheard_declined else ""),
        f"  {'« not found » said wrongly':38} {_share(*r.not_found_wrongly)} "
        "of in-scope heard right",
        f"  {'« not understood » said wrongly':38} {_share(*r.not_understood_wrongly)} "
        f"of heard right; {r.unsearched_wrongly} too unsure to search",
        "per voice and speed       n     WER   fully right",
    ]
    for label, v in r.per_variant.items():
        lines.append(f"  {label:18} {int(v['n']):5d} {v['wer'] * 100:6.1f} % "
                     f"{v['right'] * 100:6.1f} %")
    return "\n".join(lines)


def to_json(r: SpokenReport) -> dict[str, Any]:
    return dataclasses.asdict(r)
