"""The notification frame builder against the bytes PROTOCOL.md §7 documents, and back through the decoder.

This is the one test that spells frames as literal hex: everywhere else tests build them with ``frames``.
"""

from __future__ import annotations

import pytest

from phocol_desktop.domain import events as ev
from phocol_desktop.domain.errors import ProtocolError
from phocol_desktop.protocol.quyin import frames
from phocol_desktop.protocol.quyin.decoder import NotificationDecoder

CASES = [
    (frames.battery(80), "1A0450", ev.BatteryLevel(80)),
    (frames.battery_alarm("low_5"), "1A04A2", ev.BatteryLevel(None, "low_5")),
    (frames.paper(present=False), "1A0688", ev.PaperStatus(False)),
    (frames.paper(present=True), "1A0689", ev.PaperStatus(True)),
    (frames.cover(open_=True, polarity="98_open"), "1A0598", ev.CoverStatus(True, 0x98)),
    (frames.cover(open_=True, polarity="98_closed"), "1A0599", ev.CoverStatus(True, 0x99)),
    (frames.temperature(overheated=True), "1A03A9", ev.Temperature(True, 0xA9)),
    (frames.firmware(3, 0, 1), "1A07030001", ev.FirmwareVersion("3.0.1")),
    (frames.serial("Q198G5949230062"), "1A08" + b"Q198G5949230062".hex(), ev.SerialNumber("Q198G5949230062")),
    (frames.auto_off(30), "1A0906", ev.AutoOff(30)),
    (frames.chip(8), "1A1708", ev.ChipType(8)),
    (frames.paper_type("mark"), "1A0C26", ev.PaperType("mark")),
    (frames.job_cancelled(), "1A0BB8", ev.JobCancelled()),
    (frames.job_finished(), "1A0F0C", ev.JobFinished()),
]


@pytest.mark.parametrize(("built", "documented", "event"), CASES, ids=[c[1][:6] for c in CASES])
def test_each_frame_has_the_documented_bytes_and_decodes_to_its_event(built, documented, event):
    assert built == bytes.fromhex(documented)
    polarity = "98_closed" if built == bytes.fromhex("1A0599") else "98_open"
    assert NotificationDecoder(polarity).feed(built) == [event]


def test_a_payload_of_the_wrong_length_is_refused():
    with pytest.raises(ProtocolError, match="15 byte"):
        frames.serial("SHORT")
    with pytest.raises(ProtocolError):
        frames.battery(256)
