"""The conversation's five states and the transitions between them (pure, no I/O).

    SLEEPING --speech--> LISTENING --pause / end of speech--> THINKING --first audio--> SPEAKING
    SLEEPING --touch, presence--> THINKING (greeting)
    LISTENING <--speech resumed-- THINKING        LISTENING <--barge-in-- SPEAKING
    THINKING <--failure: apology-- SPEAKING       IDLE <--reply done, "stop"-- SPEAKING
    IDLE --speech--> LISTENING                    SLEEPING <--"au revoir"-- SPEAKING
    SLEEPING <--no wake phrase-- THINKING         SLEEPING <--window or session over-- IDLE

SLEEPING: no conversation; speech is heard but only a wake phrase engages. A touch or a
presence event engages at once (the robot greets). "Au revoir" and the end of the
session (silence, visitor gone) lead here.
IDLE: engaged; within the follow-up window the next question needs no wake phrase.
LISTENING: the visitor is speaking.
THINKING: a pause or the end of speech was seen: acknowledgement, transcription,
retrieval, LLM, until the first audio of the reply plays. One state for the head and
the visitor, three named phases inside (`Phase`): transcribing at a pause while the
visitor may go on, transcribing a closed utterance, preparing the reply.
SPEAKING: the robot speaks; a visitor's voice (not its own echo) interrupts it.
"""

from __future__ import annotations

from enum import Enum


class State(Enum):
    SLEEPING = "sleeping"
    IDLE = "idle"
    LISTENING = "listening"
    THINKING = "thinking"
    SPEAKING = "speaking"


class Phase(Enum):
    """What THINKING is doing; traced ("phase") and shown by `robot status`."""

    SPECULATING = "speculating"  # transcribing at a pause: the visitor may go on
    TRANSCRIBING = "transcribing"  # the utterance is closed, its transcript awaited
    ANSWERING = "answering"  # the reply is being prepared, until its first audio


S = State
# Every transition the loop may take; anything else is a bug the loop logs loudly.
TRANSITIONS: frozenset[tuple[State, State]] = frozenset(
    {
        (S.SLEEPING, S.LISTENING),  # someone speaks (wake phrase decided after STT)
        (S.SLEEPING, S.THINKING),  # touch or presence: greeting being prepared
        (S.SLEEPING, S.SPEAKING),  # greeting audio already there
        (S.IDLE, S.LISTENING),
        (S.IDLE, S.SLEEPING),  # follow-up window over, session over, visitor left
        (S.IDLE, S.THINKING),  # touch while engaged: greet again
        (S.LISTENING, S.THINKING),  # end of speech: ack, then transcription
        (S.LISTENING, S.SLEEPING),  # too short / nothing heard while not engaged
        (S.LISTENING, S.IDLE),  # too short / nothing heard while engaged
        (S.THINKING, S.SPEAKING),  # first audio sample of the reply
        (S.THINKING, S.LISTENING),  # visitor speaks again before the reply
        (S.THINKING, S.IDLE),  # command handled silently, or nothing understood
        (S.THINKING, S.SLEEPING),  # no wake phrase heard while not engaged
        (S.SPEAKING, S.LISTENING),  # barge-in
        (S.SPEAKING, S.IDLE),  # reply done, or "stop"
        (S.SPEAKING, S.SLEEPING),  # "au revoir" said, session closed
        (S.SPEAKING, S.THINKING),  # next sentence late (should not happen), apology coming
    }
)


def allowed(src: State, dst: State) -> bool:
    """True when the loop may go from ``src`` to ``dst`` (staying put is always allowed)."""
    return src is dst or (src, dst) in TRANSITIONS


# How the head shows each state (hardware maps these names to angles and expressions).
HEAD_STATE: dict[State, str] = {
    S.SLEEPING: "sleeping",
    S.IDLE: "idle",
    S.LISTENING: "listening",
    S.THINKING: "thinking",
    S.SPEAKING: "speaking",
}
