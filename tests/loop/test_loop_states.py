"""The state machine alone: events in, states and engine requests out (no threads, no models).

The visitor's commands and barge-in are in test_loop_states_commands.py; the fakes both
files drive the machine with are in states_testlib.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from states_testlib import (
    AUDIO,
    Clock,
    FakeHead,
    FakeWorkers,
    Rig,
    ask,
    breath,
    make_rig,
    speak,
)

from hardware.events import Presence, Touch
from robot.events import (
    AnswerStarted,
    HeadEvent,
    MicrophoneLost,
    SpeakingDone,
    SpeechDropped,
    SpeechEnded,
    SpeechPaused,
    SpeechResumed,
    SpeechStarted,
    StageFailed,
    Tick,
    Transcribed,
)
from robot.loop import Conversation
from robot.session import KEPT_TURNS
from robot.settings import DialogueSettings
from robot.states import TRANSITIONS, Phase, State


@pytest.fixture
def rig() -> Rig:
    return make_rig()


def test_wake_question_answer_then_follow_up_then_sleep(rig: Any) -> None:
    conv, workers, clock, head, states = rig
    ask(conv, workers, clock, "Bonjour robot, comment refaire ma carte d'identité ?")
    assert workers.jobs[0].what == ("stt", 16000, True)  # speculative, at the pause
    assert workers.last.what[:2] == ("answer", "comment refaire ma carte d'identité ?")
    assert workers.confidences == [0.9]  # the recogniser's, for "not understood"
    session = workers.last.what[2]
    speak(conv, workers, clock)
    assert states == ["listening", "thinking", "speaking", "idle"]
    assert conv.turns[-1]["timings_ms"]["ack"] == pytest.approx(240.0)  # the pause itself
    # From the end of speech the pause saw (the test's ends differ by 40 ms).
    assert conv.turns[-1]["timings_ms"]["voice_to_voice"] == pytest.approx(1640.0)
    # Follow-up within the window: no wake phrase needed, same session (memory).
    clock.t += 2.0
    ask(conv, workers, clock, "Et pour un enfant ?", speculative=False)
    assert workers.last.what[:3] == ("answer", "Et pour un enfant ?", session)
    speak(conv, workers, clock)
    clock.t += DialogueSettings().follow_up_window_s + 0.1
    conv.handle(Tick(clock.t))
    assert conv.state is State.SLEEPING
    assert conv.session is not None  # memory kept until the session times out
    clock.t += DialogueSettings().session_timeout_s + 1
    conv.handle(Tick(clock.t))
    assert conv.session is None
    assert ("set_state", ("thinking",)) in head.calls


def test_the_follow_up_window_opens_when_the_reply_has_been_heard(rig: Any) -> None:
    """A speaker that returns before its audio is heard (a buffered device, the WAV
    speaker) says for how long: the visitor's window starts after that."""
    conv, workers, clock, _, states = rig
    ask(conv, workers, clock, "Bonjour robot, comment refaire ma carte d'identité ?")
    speak(conv, workers, clock, audible_s=6.0)
    window = DialogueSettings().follow_up_window_s
    clock.t += window - 0.5  # past the window counted from SpeakingDone, not from the end
    conv.handle(Tick(clock.t))
    assert conv.state is State.IDLE
    clock.t += 6.0 + 0.6
    conv.handle(Tick(clock.t))
    assert states[-2:] == ["idle", "sleeping"]


@pytest.mark.parametrize(("gap_s", "joined"), [(1.0, True), (2.5, False)])
def test_a_question_said_in_two_breaths_is_heard_as_one(rig: Any, gap_s: float,
                                                        joined: bool) -> None:
    """Speech again within ``join_gap_s`` of the end, before any reply: the first breath
    is transcribed again with the second (0.2 s apart); later, a question of its own."""
    conv, workers, clock, _, _ = rig
    t_end = breath(conv, clock)
    assert workers.last.what == ("stt", len(AUDIO), False)
    conv.handle(SpeechStarted(t_end + gap_s))
    clock.t = t_end + gap_s + 2.0
    conv.handle(SpeechEnded(AUDIO, t_end=clock.t - 0.7, t_detected=clock.t))
    heard = 2 * len(AUDIO) + 3200 if joined else len(AUDIO)
    assert workers.last.what == ("stt", heard, False)


def test_a_second_breath_over_the_first_answer_continues_the_question(rig: Any) -> None:
    """The robot answered the first breath fast and the visitor goes on within the join
    gap: the answer stops and the question is heard again whole, not the second breath
    alone."""
    conv, workers, clock, _, states = rig
    t_end = breath(conv, clock)
    clock.t += 0.3
    conv.handle(Transcribed(workers.last.turn, "Bonjour robot, je serai en cure.", 0.9, 300.0))
    conv.handle(AnswerStarted(workers.last.turn, clock.t))
    assert conv.state is State.SPEAKING
    conv.handle(SpeechStarted(t_end + 1.2))
    clock.t = t_end + 3.0
    conv.handle(SpeechEnded(AUDIO, t_end=clock.t - 0.7, t_detected=clock.t))
    assert states[-2:] == ["listening", "thinking"]
    assert workers.last.what == ("stt", 2 * len(AUDIO) + 3200, False)


def test_a_noise_just_after_a_question_does_not_lose_it(rig: Any) -> None:
    """A cough or an « euh » inside the join gap is too short to be speech: the question
    it would have continued is transcribed alone, not dropped with it."""
    conv, workers, clock, _, states = rig
    t_end = breath(conv, clock)
    conv.handle(SpeechStarted(t_end + 1.0))
    clock.t = t_end + 1.4
    conv.handle(SpeechDropped(clock.t))
    assert states == ["listening", "thinking", "listening", "thinking"]
    assert workers.last.what == ("stt", len(AUDIO), False)
    conv.handle(Transcribed(workers.last.turn, "Bonjour robot, la mairie ouvre quand ?",
                            0.9, 400.0))
    assert workers.last.what[:2] == ("answer", "la mairie ouvre quand ?")


def test_no_wake_phrase_while_sleeping_goes_back_to_sleep(rig: Any) -> None:
    conv, workers, clock, head, states = rig
    ask(conv, workers, clock, "Tu as vu le match hier soir ?")
    assert states == ["listening", "thinking", "sleeping"]
    assert [j.what[0] for j in workers.jobs] == ["stt"]
    assert ("look_at", (0.0, 10.0)) in head.calls  # it still looked at the speaker
    assert conv.turns[-1]["kind"] == "ignored"


def test_speech_resumed_cancels_the_speculative_transcription(rig: Any) -> None:
    conv, workers, clock, _, states = rig
    conv.handle(SpeechStarted(clock.t))
    conv.handle(SpeechPaused(AUDIO, t_end=clock.t))
    first = workers.last
    conv.handle(SpeechResumed(clock.t + 0.3))
    assert first.cancelled and conv.state is State.LISTENING
    conv.handle(Transcribed(first.turn, "bonjour robot", 0.9, 100.0))  # late: ignored
    assert conv.state is State.LISTENING
    conv.handle(SpeechPaused(AUDIO, t_end=clock.t + 1))
    conv.handle(SpeechEnded(AUDIO, t_end=clock.t + 1, t_detected=clock.t + 1.7))
    conv.handle(Transcribed(workers.last.turn, "Bonjour robot, où est la piscine ?", 0.9, 1))
    assert workers.last.what[:2] == ("answer", "où est la piscine ?")
    assert states == ["listening", "thinking", "listening", "thinking"]


@pytest.mark.parametrize("stage", ["stt", "llm", "tts"])
def test_stage_failure_apologises_then_idles(rig: Any, stage: str) -> None:
    conv, workers, clock, head, _states = rig
    conv.handle(HeadEvent(Touch()))  # engaged by touch: greeting
    speak(conv, workers, clock)
    ask(conv, workers, clock, "Où est la salle des fêtes ?")
    failing = workers.last
    conv.handle(StageFailed(failing.turn, stage, "engine exploded"))
    assert ("react", ("sorry",)) in head.calls
    assert workers.last.what[0] == "say" and "Excusez-moi" in workers.last.what[1]
    speak(conv, workers, clock)
    assert conv.state is State.IDLE
    assert conv.turns[-1]["failed"] == stage
    # The apology itself failing must not loop.
    ask(conv, workers, clock, "Et la piscine ?")
    conv.handle(StageFailed(workers.last.turn, "llm", "again"))
    conv.handle(StageFailed(workers.last.turn, "tts", "the voice too"))
    assert conv.state is State.IDLE


def test_timeout_is_a_failure(rig: Any) -> None:
    conv, workers, clock, _, _ = rig
    ask(conv, workers, clock, "bonjour robot, quels papiers pour un mariage ?")
    workers.last.late = "llm"
    conv.handle(Tick(clock.t))
    assert workers.jobs[-2].cancelled
    assert "Excusez-moi" in workers.last.what[1]


def test_presence_engages_and_leaving_ends_the_session(rig: Any) -> None:
    conv, workers, clock, _, _states = rig
    conv.handle(HeadEvent(Presence(approaching=True)))
    assert workers.last.what[1] == DialogueSettings().greeting
    speak(conv, workers, clock)
    assert conv.state is State.IDLE and conv.session is not None
    conv.handle(HeadEvent(Presence(approaching=False)))
    assert conv.state is State.SLEEPING and conv.session is None


def test_microphone_lost_while_listening_rests(rig: Any) -> None:
    conv, _workers, clock, _, _ = rig
    conv.handle(SpeechStarted(clock.t))
    conv.handle(MicrophoneLost("unplugged"))
    assert conv.state is State.SLEEPING
    conv.handle(SpeechStarted(clock.t))
    conv.handle(SpeechDropped(clock.t))
    assert conv.state is State.SLEEPING


def test_wake_phrase_then_question_in_two_breaths_is_one_question(rig: Any) -> None:
    conv, workers, clock, _, _ = rig
    conv.handle(SpeechStarted(clock.t))
    conv.handle(SpeechEnded(AUDIO, t_end=clock.t + 1, t_detected=clock.t + 1.7))
    first = workers.last
    conv.handle(SpeechStarted(clock.t + 2.0))  # before the transcript came back
    assert first.cancelled and conv.state is State.LISTENING
    conv.handle(SpeechEnded(AUDIO, t_end=clock.t + 4, t_detected=clock.t + 4.7))
    assert workers.last.what[1] == 16000 + 3200 + 16000  # both breaths, one transcription


def test_every_transition_taken_is_declared(rig: Any) -> None:
    conv, workers, clock, head, _ = rig
    seen: list[tuple[str, str]] = []
    conv._trace = lambda kind, d: seen.append((d["from"], d["to"])) if kind == "state" else None
    test_stage_failure_apologises_then_idles((conv, workers, clock, head, []), "tts")
    declared = {(a.value, b.value) for a, b in TRANSITIONS}
    assert seen and set(seen) <= declared


def test_a_status_file_that_cannot_be_written_does_not_cut_the_answer(
        rig: tuple[Conversation, FakeWorkers, Clock, FakeHead, list[str]]) -> None:
    """Found by the soak: with the data dir full, the status write raised out of the tick,
    the loop's last-resort handler cancelled the answer being prepared and went idle."""
    conv, workers, clock, _, _ = rig
    writes: list[dict[str, Any]] = []

    def status(snapshot: dict[str, Any]) -> None:
        if full:
            raise OSError(28, "No space left on device")
        writes.append(snapshot)

    conv.status.write = status
    conv.handle(HeadEvent(Presence(approaching=True)))
    conv.handle(SpeakingDone(workers.last.turn, False, "Bonjour !"))
    full = True
    ask(conv, workers, clock, "Où est la piscine ?")
    job = workers.last
    for _ in range(3):
        clock.t += DialogueSettings().status_interval_s
        conv.handle(Tick(clock.t))  # raised OSError here before the fix
    assert conv.state is State.THINKING and not job.cancelled
    full = False
    clock.t += DialogueSettings().status_interval_s
    conv.handle(Tick(clock.t))
    assert writes and writes[-1]["state"] == "thinking"  # written again once there is room


def test_the_loop_remembers_recent_turns_and_counts_them_all(
        rig: tuple[Conversation, FakeWorkers, Clock, FakeHead, list[str]]) -> None:
    """Found while checking what grows per turn for the soak: every finished turn's
    summary (~2.4 KB) was kept for as long as the service ran."""
    conv, workers, clock, _, _ = rig
    traced: list[dict[str, Any]] = []
    conv.ledger.trace = lambda kind, data: traced.append(data) if kind == "turn" else None
    for _ in range(KEPT_TURNS + 30):
        ask(conv, workers, clock, "Stop.")  # a command handled at once: a finished turn
    assert len(traced) == KEPT_TURNS + 30  # the transcript log still sees every turn
    assert len(conv.turns) == KEPT_TURNS and conv.turns[-1] == traced[-1]
    assert conv.snapshot()["turns"] == KEPT_TURNS + 30


def test_thinking_names_its_phases(rig: Any) -> None:
    """THINKING is one state for the head; inside it the loop says which job it waits on."""
    conv, workers, clock, _, _ = rig
    phases: list[str | None] = []
    conv._trace = lambda kind, d: phases.append(d["phase"]) if kind == "phase" else None
    conv.handle(SpeechStarted(clock.t))
    conv.handle(SpeechPaused(AUDIO, t_end=clock.t + 1.0))
    assert conv.state is State.THINKING and conv.phase is Phase.SPECULATING
    assert conv.snapshot()["phase"] == "speculating"
    conv.handle(SpeechEnded(AUDIO, t_end=clock.t + 1.0, t_detected=clock.t + 1.7))
    assert conv.phase is Phase.TRANSCRIBING  # the speculative transcript now counts
    conv.handle(Transcribed(workers.last.turn, "Bonjour robot, où est la piscine ?", 0.9, 1))
    assert conv.phase is Phase.ANSWERING and workers.last.what[0] == "answer"
    conv.handle(AnswerStarted(workers.last.turn, clock.t + 2))
    assert conv.state is State.SPEAKING and conv.phase is None
    assert phases == ["speculating", "transcribing", "answering", None]
