"""The conversation: one state machine, one queue, one thread; every engine call elsewhere.

Events (robot.events) arrive from the listener, the reply jobs, the head and the clock;
``handle()`` runs common housekeeping, then the handler of the current state. Handlers
only decide and start or cancel jobs, so the loop thread never blocks and always pings
the watchdog. The state diagram is in robot.states.
"""

from __future__ import annotations

import logging
import queue
import time
from collections import Counter, deque
from collections.abc import Callable
from typing import Any

import numpy as np

from hardware.events import Battery, LinkState, Presence
from robot import events as E
from robot.body import Body
from robot.core.redact import redact
from robot.events import Event
from robot.plan import NOT_REPEATED, engages, fill, plan_turn, woke
from robot.session import Ledger, Session, Turn
from robot.settings import AccueilSettings, DialogueSettings
from robot.states import HEAD_STATE, Phase, State, allowed
from robot.status import StatusPublisher, loop_snapshot
from robot.turn import JobLike, WorkersLike

log = logging.getLogger("robot.loop")
RESTING = (State.IDLE, State.SLEEPING)
Trace = Callable[[str, dict[str, Any]], None]


class Conversation:
    """Owns the state; everything else is a job it starts, cancels or listens to."""

    def __init__(self, workers: WorkersLike, body: Body, dialogue: DialogueSettings,
                 accueil: AccueilSettings, *, clock: Callable[[], float] = time.monotonic,
                 watchdog: Callable[[], None] = lambda: None, trace: Trace | None = None,
                 on_status: Callable[[dict[str, Any]], None] | None = None,
                 on_tick: list[Callable[[float], None]] | None = None,
                 tick_s: float = 0.25) -> None:
        self.workers, self.body, self.cfg, self.accueil = workers, body, dialogue, accueil
        self.clock, self.watchdog, self.tick_s = clock, watchdog, tick_s
        self._trace = trace or (lambda kind, data: None)
        self._on_tick = on_tick or []
        self.status = StatusPublisher(on_status, dialogue.status_interval_s, clock())
        self.state = State.SLEEPING
        self.queue: queue.Queue[Event] = queue.Queue()
        workers.post = self.post
        self.ledger = Ledger(self._trace)
        self.counters: Counter[str] = Counter()
        self.job: JobLike | None = None
        self.phase: Phase | None = None  # THINKING's, named (robot/states.py)
        self.mic_ok = True
        self._since = self._last_tick = clock()
        self._engaged_until = 0.0
        self._handlers = {State.SLEEPING: self._sleeping, State.IDLE: self._idle,
                          State.LISTENING: self._listening, State.THINKING: self._thinking,
                          State.SPEAKING: self._speaking}

    @property
    def session(self) -> Session | None:
        return self.ledger.session

    @property
    def turn(self) -> Turn | None:
        return self.ledger.turn

    @property
    def turns(self) -> deque[dict[str, Any]]:
        """The last finished turns (robot.session.KEPT_TURNS), newest last."""
        return self.ledger.turns

    # --- the loop ------------------------------------------------------------------------
    def post(self, event: Event) -> None:
        """Thread-safe: listener, jobs and head pump all come through here."""
        self.queue.put(event)

    def run(self) -> None:
        """Process events until Shutdown; a Tick at least every ``tick_s`` (watchdog)."""
        self.body.state(HEAD_STATE[self.state])
        log.info("conversation loop running (state %s)", self.state.value)
        while True:
            try:
                event: Event = self.queue.get(timeout=self.tick_s)
            except queue.Empty:
                event = E.Tick(self.clock())
            if isinstance(event, E.Shutdown):
                self._shutdown(event.reason)
                return
            try:
                self.handle(event)
                now = self.clock()
                if not isinstance(event, E.Tick) and now - self._last_tick >= self.tick_s:
                    self.handle(E.Tick(now))
            except Exception:  # a bug in a handler must not kill the robot
                log.exception("error handling %s in %s", type(event).__name__, self.state.value)
                self._cancel_job()
                self._rest("internal error")

    def handle(self, event: Event) -> None:
        """One event, synchronously (tests drive the state machine through this)."""
        if not isinstance(event, E.Tick):
            self._trace("event", {"event": type(event).__name__, "state": self.state.value,
                                  "payload": event})
        match event:
            case E.Tick(t=now):
                self._housekeeping(now)
            case E.HeadEvent(event=dev):
                self._device(dev)
            case E.MicrophoneLost(error=err):
                self.mic_ok = False
                self.counters["mic_lost"] += 1
                log.warning("microphone lost: %s (reopening with backoff)", err)
            case E.MicrophoneBack(after_s=after):
                self.mic_ok = True
                log.info("microphone back after %.1f s", after)
            case E.AnswerReady(answer=answer) if self._current(event) and self.turn:
                self.turn.answer = answer  # whichever state the reply is in
        self._handlers[self.state](event)

    # --- one handler per state ---------------------------------------------------------
    def _sleeping(self, ev: Event) -> None:
        match ev:
            case E.SpeechStarted(t=t) | E.BargeIn(t=t):
                self._listen(t, engaged=False)
            case E.HeadEvent(event=dev) if engages(dev):
                self.ledger.open_session(self.clock())
                self._reply_fixed(self.cfg.greeting, "greeting", f"greeting ({type(dev).__name__})")
            case E.Tick(t=now) if self.session and (
                    now - self.session.last_activity > self.cfg.session_timeout_s):
                self._end_session("silence")

    def _idle(self, ev: Event) -> None:
        match ev:
            case E.SpeechStarted(t=t) | E.BargeIn(t=t):
                self._listen(t, engaged=True)
            case E.HeadEvent(event=dev) if engages(dev):
                self.body.react("happy")
                self._engaged_until = self.clock() + self.cfg.follow_up_window_s
            case E.Tick(t=now) if now >= self._engaged_until:
                self._go(State.SLEEPING, "follow-up window over")

    def _listening(self, ev: Event) -> None:
        turn = self.turn
        assert turn is not None
        match ev:
            case E.SpeechPaused(audio=audio, t_end=t_end) if self.cfg.speculative_pause_ms:
                heard = turn.hear(audio, t_end)
                self._go(State.THINKING, "pause: ack, speculative transcription")
                self._ack(turn)
                self._start(self.workers.transcribe(self.ledger.next_id(), heard, True),
                            Phase.SPECULATING)
            case E.SpeechEnded(audio=audio, t_end=t_end, t_detected=t_det):
                self._commit(turn, turn.hear(audio, t_end), t_end, t_det, "end of speech")
            case E.SpeechDropped(t=t) if turn.carry is not None and turn.carry_end is not None:
                # A cough or an « euh » after the question: the question stands alone.
                heard, turn.carry = turn.carry, None
                self._commit(turn, turn.hear(heard, turn.carry_end), turn.carry_end, t,
                             "end of speech (a noise after it)")
            case E.SpeechDropped():
                self._rest("too short to be speech")
            case E.MicrophoneLost():
                self._rest("microphone lost")

    def _thinking(self, ev: Event) -> None:
        turn = self.turn
        assert turn is not None
        match ev:
            case E.SpeechResumed() if not turn.committed:
                self._cancel_job()
                self._go(State.LISTENING, "speech resumed")
            case E.SpeechEnded(audio=audio, t_end=t_end, t_detected=t_det) if not turn.committed:
                turn.committed, turn.t_detected = True, t_det
                turn.mark("endpoint", turn.t_end, t_det)
                if self.job is None:  # speculation failed: transcribe the utterance now
                    heard = turn.hear(audio, t_end)
                    self._start(self.workers.transcribe(self.ledger.next_id(), heard),
                                Phase.TRANSCRIBING)
                elif turn.heard is not None:
                    self._decide(turn)
                else:  # the speculative transcription is now the utterance's
                    self._set_phase(Phase.TRANSCRIBING)
            case E.SpeechDropped(t=t) if not turn.committed:
                # Too little speech for a question, but a pause was heard: "Stop !" said
                # over the robot's voice is mostly masked by it. Only a command counts.
                turn.committed, turn.short, turn.t_detected = True, True, t
                if turn.heard is not None:
                    self._decide(turn)
            case E.SpeechStarted(t=t) | E.BargeIn(t=t) if turn.committed:
                carry = self._continued(turn, t)
                self._cancel_job()
                self._listen(t, engaged=turn.engaged or woke(turn.heard, self.cfg), carry=carry)
            case E.Transcribed(text=text, confidence=confidence, stt_ms=ms) if self._current(ev):
                turn.heard, turn.confidence = text, confidence
                turn.timings_ms["stt"] = round(ms, 1)
                if turn.committed:
                    self._decide(turn)
            case E.AnswerStarted(first_audio_t=t) if self._current(ev):
                if turn.t_first_audio is None:
                    turn.t_first_audio = t
                    turn.mark("voice_to_voice", turn.t_end, t)
                self._go(State.SPEAKING, "first audio")
            case E.SpeakingDone() if self._current(ev):
                self._done(ev)
            case E.StageFailed(stage=stage, error=err) if self._current(ev):
                self._fail(stage, err)
            case E.MicrophoneLost() if not turn.committed:
                self._cancel_job()
                self._rest("microphone lost")

    def _speaking(self, ev: Event) -> None:
        turn = self.turn
        assert turn is not None
        match ev:
            case E.BargeIn(t=t) | E.SpeechStarted(t=t) if self.cfg.barge_in:
                turn.t_barge = t
                onset = ev.t_onset if isinstance(ev, E.BargeIn) else t
                if self.session is not None:
                    self.session.cut_short(getattr(turn.answer, "text", "") or turn.reply)
                self._cancel_job()
                turn.mark("barge_in_stop", onset, self.clock())
                self.counters["barge_ins"] += 1
                self.ledger.finish(turn, self.clock())
                self._listen(t, engaged=True, carry=self._continued(turn, onset))
            case E.SentenceSpoken(text=text) if self._current(ev):
                turn.reply = f"{turn.reply} {text}".strip()
                log.info("robot says: %s", redact(text))
                self._trace("sentence", {"turn": turn.n, "text": text})
            case E.SpeakingDone() if self._current(ev):
                self._done(ev)
            case E.StageFailed(stage=stage, error=err) if self._current(ev):
                self._fail(stage, err)

    # --- decisions -------------------------------------------------------------------------
    def _decide(self, turn: Turn) -> None:
        """The visitor's words are known: engage, run a command, or answer."""
        text = turn.heard or ""
        log.info("visitor said: %s", redact(text) or "(nothing)")
        session = self.session
        plan = plan_turn(text, engaged=turn.engaged, short=turn.short,
                         last_reply=session.last_reply if session else "",
                         rate=session.rate if session else None, cfg=self.cfg,
                         accueil=self.accueil, unfinished=session.unfinished if session else None)
        turn.kind, turn.after, turn.engaged = plan.kind, plan.after, plan.engage
        if plan.say is None and plan.question is None:
            self.ledger.finish(turn, self.clock())
            self._rest(plan.reason)
            return
        session = self.ledger.open_session(self.clock())
        if plan.rate is not None:
            session.rate = plan.rate
        if plan.kind == "command:handoff":
            log.info("HANDOFF requested (session %s)", session.id)
            self.counters["handoffs"] += 1
            self._trace("handoff", {"session": session.id})
            if self.cfg.handoff_channel == "head":
                self.body.react("handoff")
        session.begin(plan.question)
        if plan.question is not None:
            self._start(self.workers.answer(self.ledger.next_id(), plan.question, session.id,
                                            session.rate, turn.confidence))
        else:
            self._reply_fixed(plan.say or "", plan.kind, plan.reason, plan.after)

    def _reply_fixed(self, text: str, kind: str, why: str,
                     after: State = State.IDLE) -> None:
        turn = self.turn
        if turn is None or self.state in (State.SLEEPING, State.IDLE):
            turn = self.ledger.new_turn(True, self.clock())
        turn.kind, turn.after = kind, after
        self._go(State.THINKING, why)
        rate = self.session.rate if self.session else None
        self._start(self.workers.say(self.ledger.next_id(), fill(text, self.accueil), rate))

    def _fail(self, stage: str, error: str) -> None:
        """A failure becomes a short spoken apology and a return to idle, never a dead loop."""
        turn = self.turn
        log.warning("%s failed: %s", stage, error)
        self.counters[f"failed_{stage}"] += 1
        self._trace("failed", {"stage": stage, "error": error})
        self._cancel_job()
        self.body.react("sorry")
        if turn is None or turn.kind == "apology" or stage == "audio":
            if turn is not None:
                turn.failed = turn.failed or stage
                self.ledger.finish(turn, self.clock())
            self._rest(f"{stage} failed")
            return
        turn.failed = stage
        self._reply_fixed(self.cfg.apology, "apology", f"{stage} failed: apology")

    def _done(self, ev: E.SpeakingDone) -> None:
        turn = self.turn
        assert turn is not None
        turn.reply, turn.answer = ev.spoken, ev.answer
        for key, value in (ev.timings_ms or {}).items():
            turn.timings_ms.setdefault(key, value)
        for key, value in (getattr(ev.answer, "timings_ms", None) or {}).items():
            turn.timings_ms.setdefault(key, value)
        if self.session is not None:
            self.session.done(getattr(ev.answer, "text", "") or ev.spoken,
                              repeatable=turn.kind not in NOT_REPEATED)
        self.job = None
        self.ledger.finish(turn, self.clock())
        if turn.after is State.SLEEPING:
            self._end_session("goodbye")
        else:
            self._go(turn.after, "reply done")
            if self.state is State.IDLE:  # the window opens once the visitor heard the end
                self._engaged_until += ev.audible_s

    # --- helpers ---------------------------------------------------------------------------
    def _listen(self, t: float, engaged: bool, carry: Turn | None = None) -> None:
        turn = self.ledger.new_turn(engaged, t)
        if carry is not None:  # said in two breaths: this turn continues that one
            turn.carry, turn.carry_end = carry.audio, carry.t_end
        self._go(State.LISTENING, "speech")

    def _continued(self, turn: Turn, t: float) -> Turn | None:
        """The turn that speech starting at ``t`` continues: one said in two breaths,
        whether or not the robot had begun to answer the first."""
        return turn if turn.t_end and t - turn.t_end <= self.cfg.join_gap_s else None

    def _commit(self, turn: Turn, heard: np.ndarray, t_end: float | None, t_det: float,
                why: str) -> None:
        """The endpointer closed the utterance: thinking face, transcription."""
        turn.committed, turn.t_detected = True, t_det
        turn.mark("endpoint", t_end, t_det)
        self._go(State.THINKING, why)
        self._ack(turn)
        self._start(self.workers.transcribe(self.ledger.next_id(), heard), Phase.TRANSCRIBING)

    def _ack(self, turn: Turn) -> None:
        """Thinking face (set by the transition), a glance, maybe a chime: at once."""
        if turn.t_ack is not None:
            return
        self.body.look_at(0.0, 10.0)
        if self.cfg.ack_sound:
            self.workers.chime()
        turn.t_ack = self.clock()
        turn.mark("ack", turn.t_end, turn.t_ack)

    def _start(self, job: JobLike, phase: Phase = Phase.ANSWERING) -> None:
        self._cancel_job()
        self.job = job
        self._set_phase(phase)

    def _set_phase(self, phase: Phase | None) -> None:
        """THINKING's named phase (None outside THINKING)."""
        if phase is not self.phase:
            self.phase = phase
            self._trace("phase", {"phase": phase.value if phase else None})

    def _current(self, ev: Any) -> bool:
        return self.job is not None and ev.turn == self.job.turn

    def _cancel_job(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None

    def _end_session(self, why: str) -> None:
        self.ledger.close_session(why)
        self._go(State.SLEEPING, f"session over: {why}")

    def _rest(self, why: str) -> None:
        """Back to waiting: IDLE inside a conversation, SLEEPING outside one."""
        engaged = self.turn is not None and self.turn.engaged and self.session is not None
        self._go(State.IDLE if engaged else State.SLEEPING, why)

    def _go(self, new: State, why: str) -> None:
        old = self.state
        now = self.clock()
        if new is State.IDLE:
            self._engaged_until = now + self.cfg.follow_up_window_s
        if old is new:
            return
        if not allowed(old, new):
            log.error("unexpected transition %s -> %s (%s)", old.value, new.value, why)
        self.state, self._since = new, now
        if new is not State.THINKING:
            self._set_phase(None)
        log.info("%s -> %s (%s)", old.value, new.value, why)
        self._trace("state", {"from": old.value, "to": new.value, "why": why})
        self.body.state(HEAD_STATE[new])

    def _device(self, dev: Any) -> None:
        """Head events every state cares about (device errors are logged by the head)."""
        match dev:
            case Presence(approaching=False) if self.state in RESTING and self.session:
                self._end_session("visitor left")
            case LinkState(connected=up, detail=detail):
                log.info("head link %s (%s)", "up" if up else "DOWN", detail)
                self.counters["head_link_lost"] += 0 if up else 1
            case Battery(percent=pct) if pct is not None:
                self.counters["battery_percent"] = pct

    def _housekeeping(self, now: float) -> None:
        self._last_tick = now
        self.watchdog()
        job = self.job
        stage = job.overdue(now) if job is not None else None
        if stage is not None:
            self._fail(stage, f"timeout: no result within {self.cfg.timeouts_s.get(stage)} s")
        if self.state is State.LISTENING and now - self._since > 60:
            self._rest("listening for too long")  # an utterance never closed
        for hook in self._on_tick:
            try:
                hook(now)
            except Exception:
                log.exception("tick hook failed")
        self.status.tick(now, self.snapshot)

    def snapshot(self) -> dict[str, Any]:
        """What `robot status` shows (redacted)."""
        last = [self.turns[-1]] if self.turns else []
        snap = loop_snapshot(self.state.value, self.clock() - self._since, self.session,
                             last, self.counters, self.mic_ok, self.body.health())
        snap["phase"] = self.phase.value if self.phase else None
        snap["turns"] = self.ledger.finished
        return snap

    def _shutdown(self, why: str) -> None:
        log.info("conversation loop stopping (%s)", why or "shutdown")
        self._cancel_job()
        self.body.state("sleeping")
        self.status.final({**self.snapshot(), "state": "stopped"})
