"""The gate contract other layers build on: one call before any hardware or personal-data access."""

from __future__ import annotations

import pytest

from phocol_desktop.domain.errors import PermissionDenied
from phocol_desktop.privacy.gate import BLUETOOTH, CAMERA, Decision, PrivacyGate, PurposeDenied


def test_require_refuses_an_undecided_purpose_without_an_asker():
    gate = PrivacyGate.in_memory()
    with pytest.raises(PermissionDenied) as exc:
        gate.require(BLUETOOTH, feature="bt_scan")
    assert isinstance(exc.value, PurposeDenied) and exc.value.why == "undetermined"


def test_require_passes_after_grant_and_fails_after_revoke():
    gate = PrivacyGate.in_memory({BLUETOOTH: Decision.ALLOW})
    gate.require(BLUETOOTH, feature="bt_scan")
    gate.revoke(BLUETOOTH)
    with pytest.raises(PurposeDenied) as exc:
        gate.require(BLUETOOTH, feature="bt_connect")
    assert exc.value.why == "denied"


def test_allow_once_lasts_until_end_once():
    asked = []
    gate = PrivacyGate.in_memory(asker=lambda req: asked.append(req) or Decision.ALLOW_ONCE)
    gate.require(CAMERA, feature="camera_capture")
    gate.require(CAMERA, feature="camera_capture")
    assert len(asked) == 1
    gate.end_once(CAMERA)
    gate.require(CAMERA, feature="camera_capture")
    assert len(asked) == 2


def test_the_asker_is_given_per_call_and_an_actions_permit_carries_an_ask_every_time_answer():
    gate = PrivacyGate.in_memory({BLUETOOTH: Decision.ASK_EVERY_TIME})
    asked = []

    def allow(request):
        asked.append(request.feature)
        return Decision.ALLOW_ONCE

    with pytest.raises(PurposeDenied):
        gate.require(BLUETOOTH, feature="bt_scan")  # nobody to ask on this call
    permit = gate.require(BLUETOOTH, feature="scan_printers", asker=allow)  # the click asks
    assert permit.allowed_by_asking and asked == ["scan_printers"]
    gate.require(BLUETOOTH, feature="bt_scan", action=permit)  # the worker's check in that action: no prompt
    assert asked == ["scan_printers"]
    with pytest.raises(PurposeDenied):
        gate.require(BLUETOOTH, feature="bt_scan")  # another action: asked again (nobody here)
    gate.revoke(BLUETOOTH)
    with pytest.raises(PurposeDenied) as exc:  # a permit never outlives a withdrawal
        gate.require(BLUETOOTH, feature="bt_scan", action=permit)
    assert exc.value.why == "denied"
    other = PrivacyGate.in_memory({BLUETOOTH: Decision.ASK_EVERY_TIME})
    with pytest.raises(PurposeDenied):
        other.require(BLUETOOTH, feature="bt_scan", action=permit)  # nor travels to another gate
