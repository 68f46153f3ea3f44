"""Dialogue states and reactions -> body commands, pure (the mapping lives in the YAML).

The device may lack an expression, a gesture or a whole command (its CAPS say so);
`fit_to_device()` degrades instead of sending what would be refused.
"""

from __future__ import annotations

from hardware.protocol import (
    Caps,
    DoGesture,
    Expression,
    GestureKind,
    LedMode,
    Message,
    SetExpression,
    SetHeadPose,
    SetLed,
)
from hardware.settings import HeadSettings, ReactionBehaviour, StateBehaviour

STATES = ("sleeping", "idle", "listening", "thinking", "speaking")
# Coalescing keys: only the latest queued command of each kind matters.
KEY_EXPRESSION, KEY_POSE, KEY_LED, KEY_GAZE, KEY_MOUTH = "expr", "pose", "led", "gaze", "mouth"


def expression_named(name: str) -> Expression:
    try:
        return Expression[name.upper()]
    except KeyError:
        known = ", ".join(e.name.lower() for e in Expression)
        raise ValueError(f"unknown expression {name!r} (known: {known})") from None


def gesture_named(name: str) -> GestureKind:
    try:
        return GestureKind[name.upper()]
    except KeyError:
        known = ", ".join(g.name.lower() for g in GestureKind)
        raise ValueError(f"unknown gesture {name!r} (known: {known})") from None


def state_behaviour(settings: HeadSettings, state: str) -> StateBehaviour:
    if state not in STATES:
        raise ValueError(f"unknown dialogue state {state!r} (known: {', '.join(STATES)})")
    behaviour: StateBehaviour = getattr(settings.states, state)
    return behaviour


def state_messages(b: StateBehaviour) -> list[Message]:
    """Expression, head pose and LED for a state, then its entry gesture if any."""
    msgs: list[Message] = [
        SetExpression(expression_named(b.expression)),
        SetHeadPose(b.pan, b.tilt, b.speed),
        SetLed(*b.led, LedMode[b.led_mode.upper()]),
    ]
    if b.gesture:
        msgs.append(DoGesture(gesture_named(b.gesture)))
    return msgs


def reaction_messages(r: ReactionBehaviour) -> list[Message]:
    msgs: list[Message] = []
    if r.expression:
        msgs.append(SetExpression(expression_named(r.expression)))
    if r.led is not None:
        msgs.append(SetLed(*r.led, LedMode[r.led_mode.upper()]))
    if r.gesture:
        msgs.append(DoGesture(gesture_named(r.gesture)))
    return msgs


def key_of(msg: Message) -> str | None:
    """Which messages supersede each other while still queued."""
    match msg:
        case SetExpression():
            return KEY_EXPRESSION
        case SetHeadPose():
            return KEY_POSE
        case SetLed():
            return KEY_LED
    return None


def fit_to_device(msgs: list[Message], caps: Caps) -> list[Message]:
    """Drop what the device cannot do; a missing expression falls back to neutral."""
    out: list[Message] = []
    for msg in msgs:
        if msg.TYPE not in caps.commands:
            continue
        match msg:
            case SetExpression(expression=e) if e not in caps.expressions:
                if Expression.NEUTRAL in caps.expressions:
                    out.append(SetExpression(Expression.NEUTRAL))
            case DoGesture(gesture=g) if g not in caps.gestures:
                pass
            case _:
                out.append(msg)
    return out
