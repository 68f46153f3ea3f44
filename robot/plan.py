"""What to do with what the visitor said: ignore, a command, or a question. Pure.

The loop calls ``plan_turn`` once the transcript is known and carries the plan out
(start a reply, change state); everything here is a table a test can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rag.confirm import asks_back, read_reply
from robot.intents import Command, parse
from robot.settings import AccueilSettings, DialogueSettings
from robot.states import State

# Replies "répète" must not replace the last answer with.
NOT_REPEATED = ("command:repeat", "command:goodbye", "command:stop", "apology", "ignored")


@dataclass(frozen=True)
class Plan:
    kind: str  # "ignored", "answer", "greeting", "command:<name>"
    reason: str  # for the transition's log line
    say: str | None = None  # a fixed text to speak
    question: str | None = None  # a question for the Answerer
    after: State = State.IDLE  # where to go once the reply is spoken
    rate: float | None = None  # the session's new speaking rate ("plus lentement")
    engage: bool = True  # the conversation is (still) open


def fill(template: str, accueil: AccueilSettings) -> str:
    """Put the accueil desk's details into a configured sentence."""
    a = accueil
    return template.format(desk=a.desk, place=a.place, hours=a.hours, phone=a.phone,
                           commune=a.commune)


def plan_turn(text: str, *, engaged: bool, short: bool, last_reply: str,
              rate: float | None, cfg: DialogueSettings, accueil: AccueilSettings,
              unfinished: str | None = None) -> Plan:
    """Decide the reply to one utterance (``short``: too short to be a question).

    ``unfinished``: the question whose answer the visitor cut short; "répète" or "plus
    lentement" then answer it again in full rather than repeat the cut-off start.
    """
    parsed = parse(text, cfg.wake_phrases)
    if not text.strip():
        return Plan("ignored", "nothing understood", engage=engaged)
    if not engaged and not parsed.woke:
        return Plan("ignored", "no wake phrase", engage=False)
    # A quick « oui » to « Vous parlez de … ? » may be under the VAD's minimum speech.
    if short and parsed.command is None and not (
            asks_back(last_reply) and read_reply(text) is not None):
        return Plan("ignored", "too short for a question", engage=engaged)
    match parsed.command:
        case Command.STOP:
            return Plan("command:stop", "stop")
        case Command.REPEAT if unfinished:
            return Plan("command:repeat", "repeat the interrupted answer", question=unfinished)
        case Command.REPEAT:
            return Plan("command:repeat", "repeat", say=last_reply or cfg.nothing_to_repeat)
        case Command.SLOWER:
            slower = max(cfg.min_rate, (rate or 1.0) * cfg.slower_factor)
            if unfinished:
                return Plan("command:slower", f"slower (rate {slower:.2f}), answer again",
                            question=unfinished, rate=slower)
            return Plan("command:slower", f"slower (rate {slower:.2f})",
                        say=last_reply or cfg.listening_prompt, rate=slower)
        case Command.HANDOFF:
            return Plan("command:handoff", "hand-off", say=fill(cfg.handoff_text, accueil))
        case Command.GOODBYE:
            return Plan("command:goodbye", "goodbye", say=fill(cfg.goodbye, accueil),
                        after=State.SLEEPING)
        case None if not parsed.question.strip(" ,.!?"):
            return Plan("greeting", "wake phrase", say=fill(cfg.listening_prompt, accueil))
        case _:
            return Plan("answer", "question", question=parsed.question)


def woke(text: str | None, cfg: DialogueSettings) -> bool:
    return bool(text) and parse(text or "", cfg.wake_phrases).woke


def engages(device_event: Any) -> bool:
    """Touch, a button or someone approaching opens a conversation."""
    name = type(device_event).__name__
    return name in ("Touch", "Button") or (
        name == "Presence" and bool(getattr(device_event, "approaching", False)))
