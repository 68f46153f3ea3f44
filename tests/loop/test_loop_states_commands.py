"""The state machine on the visitor's commands: stop (over the robot's reply too, even
one the echo masked), repeat, slower, a person to talk to, goodbye.

Events in, states and engine requests out, on the fakes of states_testlib.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from states_testlib import AUDIO, Rig, ask, make_rig, speak

from robot.events import (
    AnswerStarted,
    BargeIn,
    SentenceSpoken,
    SpeakingDone,
    SpeechDropped,
    SpeechEnded,
    SpeechPaused,
    SpeechStarted,
    Transcribed,
)
from robot.settings import AccueilSettings, DialogueSettings
from robot.states import State


@pytest.fixture
def rig() -> Rig:
    return make_rig()


def test_barge_in_cancels_the_reply_and_listens(rig: Any) -> None:
    conv, workers, clock, _, states = rig
    ask(conv, workers, clock, "bonjour robot, les horaires de la piscine ?")
    reply = workers.last
    conv.handle(AnswerStarted(reply.turn, clock.t))
    clock.t += 1.0
    conv.handle(BargeIn(t=clock.t, t_onset=clock.t - 0.1))
    assert reply.cancelled and conv.state is State.LISTENING
    assert conv.turns[-1]["interrupted"]
    assert conv.turns[-1]["timings_ms"]["barge_in_stop"] == pytest.approx(100.0)
    conv.handle(SpeakingDone(reply.turn, True, "", None))  # the cancelled job's last word
    assert conv.state is State.LISTENING
    clock.t += 1.0
    conv.handle(SpeechEnded(AUDIO, t_end=clock.t, t_detected=clock.t + 0.7))
    conv.handle(Transcribed(workers.last.turn, "Arrête !", 0.9, 100.0))
    assert conv.state is State.IDLE
    assert states[-3:] == ["listening", "thinking", "idle"]


def test_repeat_and_slower_replay_the_last_answer(rig: Any) -> None:
    conv, workers, clock, _, _ = rig
    ask(conv, workers, clock, "bonjour robot, où est la mairie ?")
    speak(conv, workers, clock, "La mairie est place de la Mairie.")
    ask(conv, workers, clock, "Pardon ?")
    assert workers.last.what == ("say", "La mairie est place de la Mairie.", None)
    speak(conv, workers, clock, "La mairie est place de la Mairie.")
    ask(conv, workers, clock, "Plus lentement s'il vous plaît")
    assert workers.last.what == ("say", "La mairie est place de la Mairie.", 0.8)
    speak(conv, workers, clock)
    ask(conv, workers, clock, "et le dimanche ?")
    assert workers.last.what[3] == 0.8  # the session keeps the slower rate


def test_repeat_after_an_interrupted_answer_answers_it_again_in_full(rig: Any) -> None:
    conv, workers, clock, _, _ = rig
    ask(conv, workers, clock, "bonjour robot, où est la piscine ?")
    cut = workers.last
    conv.handle(AnswerStarted(cut.turn, clock.t))
    conv.handle(SentenceSpoken(cut.turn, "D'après la page « Piscine » du site de la mairie,"))
    conv.handle(BargeIn(t=clock.t + 1, t_onset=clock.t + 0.9))
    clock.t += 1.0
    conv.handle(SpeechEnded(AUDIO, t_end=clock.t, t_detected=clock.t + 0.7))
    conv.handle(Transcribed(workers.last.turn, "Stop !", 0.9, 100.0))
    assert conv.state is State.IDLE
    ask(conv, workers, clock, "Répète.")
    assert workers.last.what[:2] == ("answer", "où est la piscine ?")
    speak(conv, workers, clock, "La piscine est avenue des Sports.")
    ask(conv, workers, clock, "Répète.")  # heard in full this time: said again as it was
    assert workers.last.what == ("say", "La piscine est avenue des Sports.", None)


def test_handoff_reacts_and_says_where_to_go(rig: Any) -> None:
    conv, workers, clock, head, _ = rig
    ask(conv, workers, clock, "bonjour robot je veux parler à quelqu'un")
    assert ("react", ("handoff",)) in head.calls
    what = workers.last.what
    assert what[0] == "say" and AccueilSettings().place in what[1]
    assert conv.counters["handoffs"] == 1


def test_goodbye_closes_the_session(rig: Any) -> None:
    conv, workers, clock, _, _states = rig
    ask(conv, workers, clock, "bonjour robot")
    assert workers.last.what[1] == DialogueSettings().listening_prompt
    speak(conv, workers, clock)
    ask(conv, workers, clock, "Merci, au revoir !")
    speak(conv, workers, clock)
    assert conv.state is State.SLEEPING and conv.session is None


def test_a_short_stop_over_the_robot_still_counts_as_a_command(rig: Any) -> None:
    conv, workers, clock, _, states = rig
    ask(conv, workers, clock, "bonjour robot, la piscine ?")
    conv.handle(AnswerStarted(workers.last.turn, clock.t))
    conv.handle(BargeIn(t=clock.t + 1, t_onset=clock.t + 0.9))
    conv.handle(SpeechPaused(AUDIO, t_end=clock.t + 1.2))
    conv.handle(SpeechDropped(clock.t + 1.7))  # masked by the echo: under min_speech_ms
    assert conv.state is State.THINKING
    conv.handle(Transcribed(workers.last.turn, "Stop.", 0.8, 300.0))
    assert conv.state is State.IDLE and conv.turns[-1]["kind"] == "command:stop"
    # A short utterance that is not a command is not taken for a question.
    conv.handle(SpeechStarted(clock.t + 3))
    conv.handle(SpeechPaused(AUDIO, t_end=clock.t + 3.3))
    conv.handle(SpeechDropped(clock.t + 3.8))
    conv.handle(Transcribed(workers.last.turn, "Merci.", 0.3, 300.0))
    assert conv.state is State.IDLE and conv.turns[-1]["kind"] == "ignored"
    assert states[-3:] == ["listening", "thinking", "idle"]
