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
