"""Dialogue states -> body, from the YAML; degraded to what the device supports."""

from __future__ import annotations

import pytest

from hardware.behaviour import (
    STATES,
    fit_to_device,
    reaction_messages,
    state_behaviour,
    state_messages,
)
from hardware.protocol import (
    Caps,
    DoGesture,
    Expression,
    GestureKind,
    LedMode,
    SetExpression,
    SetHeadPose,
    SetLed,
)
from hardware.settings import HeadSettings
from robot.config import parse_config
from robot.core.errors import ConfigError


def test_every_loop_state_has_a_behaviour() -> None:
    settings = HeadSettings()
    for state in STATES:
        msgs = state_messages(state_behaviour(settings, state))
        assert isinstance(msgs[0], SetExpression)
    with pytest.raises(ValueError, match="unknown dialogue state"):
        state_behaviour(settings, "dancing")


def test_yaml_overrides_merge_with_the_state_defaults() -> None:
    settings = parse_config(
        "head:\n  states:\n    thinking:\n      led: [10, 20, 30]\n      pan: -20\n"
        "  reactions:\n    sorry: {gesture: tilt}\n    wave: {expression: happy, hold_s: 1}\n"
    ).head
    msgs = state_messages(settings.states.thinking)
    assert msgs == [SetExpression(Expression.THINKING), SetHeadPose(-20.0, 12.0, 60.0),
                    SetLed(10, 20, 30, LedMode.PULSE), DoGesture(GestureKind.TILT)]
    assert reaction_messages(settings.reactions["sorry"])[-1] == DoGesture(GestureKind.TILT)
    assert settings.reactions["sorry"].expression == "sorry"  # the rest kept
    assert reaction_messages(settings.reactions["wave"]) == [SetExpression(Expression.HAPPY)]
    assert "happy" in settings.reactions and "handoff" in settings.reactions


@pytest.mark.parametrize(
    ("yaml", "where"),
    [
        ("head:\n  states:\n    idle:\n      led: [0, 0, 256]\n", "head.states.idle"),
        ("head:\n  states:\n    idle:\n      expression: grumpy\n", "head.states.idle.expression"),
        ("head:\n  states:\n    dozing: {}\n", "head.states.dozing"),
        ("head:\n  states:\n    idle:\n      tilt: 80\n", "head.states.idle.tilt"),
        ("head:\n  lipsync:\n    window_ms: 5\n", "head.lipsync.window_ms"),
    ],
)
def test_bad_behaviour_config_names_the_key(yaml: str, where: str) -> None:
    with pytest.raises(ConfigError, match=where.replace(".", r"\.")):
        parse_config(yaml)


def test_fit_to_device_degrades() -> None:
    caps = Caps(expressions=frozenset({Expression.NEUTRAL, Expression.HAPPY}),
                gestures=frozenset({GestureKind.NOD}),
                commands=frozenset({SetExpression.TYPE, DoGesture.TYPE}))
    msgs = [SetExpression(Expression.THINKING), SetExpression(Expression.HAPPY),
            SetHeadPose(1, 2, 3), DoGesture(GestureKind.SHAKE), DoGesture(GestureKind.NOD)]
    assert fit_to_device(msgs, caps) == [SetExpression(Expression.NEUTRAL),
                                         SetExpression(Expression.HAPPY),
                                         DoGesture(GestureKind.NOD)]
