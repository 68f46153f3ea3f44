"""Settings for the serial link to the head/display and the behaviour mapping."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from robot.core.settings_base import Section

ExpressionName = Literal[
    "neutral", "listening", "thinking", "speaking", "happy", "sorry", "sleeping"
]
GestureName = Literal["nod", "shake", "tilt"]
LedModeName = Literal["steady", "pulse", "blink"]
Rgb = tuple[int, int, int]  # YAML: [r, g, b], each 0..255


def _rgb_ok(rgb: tuple[int, int, int] | None) -> tuple[int, int, int] | None:
    if rgb is not None and not all(0 <= c <= 255 for c in rgb):
        raise ValueError("LED colour components must be within 0..255")
    return rgb


class StateBehaviour(Section):
    """How the body shows one dialogue state."""

    expression: ExpressionName = "neutral"
    pan: float = Field(0.0, ge=-90, le=90, description="degrees, right positive")
    tilt: float = Field(0.0, ge=-45, le=45, description="degrees, up positive")
    speed: float = Field(60.0, gt=0, le=360, description="degrees per second")
    led: Rgb = (0, 0, 0)
    led_mode: LedModeName = "steady"
    gesture: GestureName | None = None  # played once on entering the state

    @model_validator(mode="after")
    def _check_led(self) -> StateBehaviour:
        _rgb_ok(self.led)
        return self


class ReactionBehaviour(Section):
    """A short reaction (happy, sorry, handoff) laid over the current state for hold_s."""

    expression: ExpressionName | None = None
    gesture: GestureName | None = None
    led: Rgb | None = None
    led_mode: LedModeName = "steady"
    hold_s: float = Field(2.0, ge=0, le=60)

    @model_validator(mode="after")
    def _check_led(self) -> ReactionBehaviour:
        _rgb_ok(self.led)
        return self


STATE_DEFAULTS: dict[str, dict[str, Any]] = {
    "sleeping": {"expression": "sleeping", "tilt": -15.0, "speed": 20.0, "led": (0, 0, 24),
                 "led_mode": "pulse"},
    "idle": {"expression": "neutral", "speed": 40.0, "led": (0, 60, 20)},
    "listening": {"expression": "listening", "tilt": 8.0, "speed": 90.0,
                  "led": (0, 120, 255)},
    "thinking": {"expression": "thinking", "pan": 12.0, "tilt": 12.0, "speed": 60.0,
                 "led": (255, 150, 0), "led_mode": "pulse", "gesture": "tilt"},
    "speaking": {"expression": "speaking", "tilt": 4.0, "speed": 60.0,
                 "led": (255, 255, 255)},
}
REACTION_DEFAULTS: dict[str, dict[str, Any]] = {
    "happy": {"expression": "happy", "gesture": "nod", "led": (0, 255, 80), "hold_s": 1.5},
    "sorry": {"expression": "sorry", "gesture": "shake", "led": (255, 60, 0),
              "hold_s": 2.0},
    "handoff": {"expression": "happy", "gesture": "nod", "led": (180, 0, 255),
                "led_mode": "blink", "hold_s": 10.0},
    "greet": {"expression": "happy", "gesture": "nod", "led": (0, 255, 80), "hold_s": 1.5},
}


def _merge(defaults: dict[str, dict[str, Any]], data: Any) -> Any:
    """Overlay the YAML on the per-name defaults, so `thinking: {led: [...]}` keeps the rest."""
    if not isinstance(data, dict):
        return data
    merged = {k: dict(v) for k, v in defaults.items()}
    for name, value in data.items():
        if isinstance(value, dict) and name in merged:
            merged[name].update(value)
        else:
            merged[name] = value
    return merged


class StatesBehaviour(Section):
    """One entry per dialogue state of the voice loop."""

    sleeping: StateBehaviour = StateBehaviour(**STATE_DEFAULTS["sleeping"])
    idle: StateBehaviour = StateBehaviour(**STATE_DEFAULTS["idle"])
    listening: StateBehaviour = StateBehaviour(**STATE_DEFAULTS["listening"])
    thinking: StateBehaviour = StateBehaviour(**STATE_DEFAULTS["thinking"])
    speaking: StateBehaviour = StateBehaviour(**STATE_DEFAULTS["speaking"])

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        return _merge(STATE_DEFAULTS, data)


class LipSyncSettings(Section):
    """Mouth envelope from the TTS audio (hardware.lipsync)."""

    window_ms: float = Field(40.0, ge=20, le=100, description="one mouth frame per window")
    gain: float = Field(1.0, gt=0, le=10)
    floor: float = Field(0.08, ge=0, lt=1, description="levels below close the mouth")
    attack: float = Field(0.7, gt=0, le=1, description="smoothing when opening")
    release: float = Field(0.35, gt=0, le=1, description="smoothing when closing")
    latency_ms: float = Field(0.0, ge=-500, le=1000, description="audio output delay")


class HeadSettings(Section):
    enabled: bool = True
    port: str = "loop://"  # /dev/ttyUSB0, loop://, socket://host:port, or a pty path
    baudrate: int = Field(115200, ge=1200, le=4_000_000)
    heartbeat_s: float = Field(1.0, gt=0, le=60)
    ack_timeout_s: float = Field(0.25, gt=0, le=10)
    retries: int = Field(3, ge=0, le=20)
    reconnect_backoff_s: float = Field(0.5, gt=0, le=60)
    reconnect_backoff_max_s: float = Field(10.0, gt=0, le=600)
    handshake_timeout_s: float = Field(1.0, gt=0, le=30, description="HELLO until CAPS")
    write_timeout_s: float = Field(0.5, gt=0, le=10, description="a stuck port is a lost port")
    queue_max: int = Field(128, ge=8, le=10000, description="acked commands waiting")
    subtitle_chars_per_s: float = Field(15.0, gt=0, le=100, description="page pace")
    states: StatesBehaviour = StatesBehaviour()
    reactions: dict[str, ReactionBehaviour] = Field(
        default_factory=lambda: {k: ReactionBehaviour(**v) for k, v in REACTION_DEFAULTS.items()}
    )
    lipsync: LipSyncSettings = LipSyncSettings()

    @model_validator(mode="before")
    @classmethod
    def _reaction_defaults(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("reactions"), dict):
            data = {**data, "reactions": _merge(REACTION_DEFAULTS, data["reactions"])}
        return data
