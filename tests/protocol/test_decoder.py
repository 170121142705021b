"""The incremental notification decoder: split, batched, out of order, garbage, unknown frames; fuzz."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from phocol_desktop.domain.errors import ProtocolError
from phocol_desktop.domain.events import (
    AutoOff,
    BatteryLevel,
    ChipType,
    CoverStatus,
    FirmwareVersion,
    JobCancelled,
    JobFinished,
    PaperStatus,
    PaperType,
    PrinterState,
    PrinterStatus,
    SerialNumber,
    Temperature,
    UnknownFrame,
)
from phocol_desktop.domain.status_words import fault_words
from phocol_desktop.protocol.quyin.decoder import NotificationDecoder

FRAMES = {
    "1A035A": Temperature(False, 0x5A),
    "1A03A9": Temperature(True, 0xA9),
    "1A0464": BatteryLevel(100),
    "1A04A1": BatteryLevel(None, "low_10"),
    "1A04A4": BatteryLevel(None, "empty_or_dry_cells"),
    "1A0598": CoverStatus(True, 0x98),
    "1A0599": CoverStatus(False, 0x99),
    "1A0688": PaperStatus(False),
    "1A0689": PaperStatus(True),
    "1A07030001": FirmwareVersion("3.0.1"),
    "1A08" + b"Q198G5949230062".hex(): SerialNumber("Q198G5949230062"),
    "1A0906": AutoOff(30),
    "1A0BB8": JobCancelled(),
    "1A0C0B": PaperType("continuous"),
    "1A0C26": PaperType("mark"),
    "1A0C0A": PaperType("gap"),
    "1A0D": PrinterState("ack"),
    "1A0F0C": JobFinished(),
    "1A1708": ChipType(8),
    "1A1D01": PrinterState("idle", bytes.fromhex("1A1D01")),
    "1A3E01": PrinterState("busy", bytes.fromhex("1A3E01")),
    "1A3B0102030405": PrinterState("capabilities", bytes.fromhex("1A3B0102030405")),
}
ALL = bytes.fromhex("".join(FRAMES))


def decoder(polarity="98_open"):
    return NotificationDecoder(polarity, 0)


def test_each_documented_frame_decodes():
    for hexframe, event in FRAMES.items():
        assert decoder().feed(bytes.fromhex(hexframe)) == [event], hexframe


def test_batched_frames_in_one_notification():
    assert decoder().feed(ALL) == list(FRAMES.values())


def test_frames_split_at_every_byte_boundary():
    for cut in range(1, len(ALL)):
        d = decoder()
        assert d.feed(ALL[:cut]) + d.feed(ALL[cut:]) == list(FRAMES.values()), cut


def test_one_byte_per_notification():
    d = decoder()
    events = [e for b in ALL for e in d.feed(bytes([b]))]
    assert events == list(FRAMES.values())
    assert d.pending == b""


def test_cover_polarity_comes_from_the_model():
    assert decoder("98_closed").feed(bytes.fromhex("1A0598")) == [CoverStatus(False, 0x98)]
    assert decoder("unknown").feed(bytes.fromhex("1A0598")) == [CoverStatus(None, 0x98)]


def test_the_0D_frame_length_comes_from_the_profile_and_a_mac_is_not_kept():
    d = NotificationDecoder("98_open", notify_0d_length=6)
    assert d.feed(bytes.fromhex("1A0D112233445566" "1A0464")) == [PrinterState("mac_reported"), BatteryLevel(100)]


def test_garbage_before_a_frame_is_reported_and_skipped():
    d = decoder()
    assert d.feed(bytes.fromhex("FFEE00" "1A0688")) == [UnknownFrame(bytes.fromhex("FFEE00")), PaperStatus(False)]
    assert d.stats.garbage_bytes == 3 and d.stats.frames == 1


def test_unknown_cmd_is_reported_and_the_decoder_resyncs_at_the_next_1A():
    d = decoder()
    events = d.feed(bytes.fromhex("1A99AABB" "1A0F0C"))
    assert events == [UnknownFrame(bytes.fromhex("1A99AABB")), JobFinished()]
    assert d.stats.unknown_frames == 1


def test_out_of_range_values_are_unknown_frames_not_guesses():
    assert decoder().feed(bytes.fromhex("1A06FF1A04C8")) == [UnknownFrame(bytes.fromhex("1A06FF")),
                                                             UnknownFrame(bytes.fromhex("1A04C8"))]


def test_out_of_order_and_unsolicited_frames_fold_into_the_status():
    status = PrinterStatus()
    for event in decoder().feed(bytes.fromhex("1A0689" "1A0464" "1A0688" "1A03A9")):
        status = status.apply(event)
    assert status.paper_present is False and status.battery == 100 and status.overheated is True
    assert fault_words(status) == "The printer is out of paper."


def test_non_bytes_input_is_a_protocol_error():
    try:
        decoder().feed("1A0464")  # type: ignore[arg-type]
    except ProtocolError:
        return
    raise AssertionError("expected ProtocolError")


@given(st.lists(st.sampled_from(sorted(FRAMES)), max_size=20), st.data())
def test_any_split_of_any_frame_sequence_gives_the_same_events(frames, data):
    stream = bytes.fromhex("".join(frames))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=8)))
    d, events, last = decoder(), [], 0
    for cut in [*cuts, len(stream)]:
        events += d.feed(stream[last:cut])
        last = cut
    assert events == [FRAMES[f] for f in frames]


@settings(max_examples=300)
@given(st.lists(st.binary(max_size=40), max_size=10))
def test_fuzz_random_notifications_never_raise(chunks):
    d = decoder()
    for chunk in chunks:
        for event in d.feed(chunk):
            assert event is not None
    assert len(d.pending) <= 17  # a pending partial frame is bounded by the longest frame


@given(st.lists(st.sampled_from(sorted(FRAMES)), min_size=1, max_size=10), st.binary(max_size=30), st.integers(0, 200))
def test_fuzz_mutated_streams_resync_onto_later_valid_frames(frames, noise, position):
    """Noise injected into a valid stream may garble frames around it, but the decoder always recovers."""
    stream = bytes.fromhex("".join(frames))
    position %= len(stream) + 1
    d = decoder()
    d.feed(stream[:position] + noise.replace(b"\x1a", b"") + stream[position:])
    tail = d.feed(bytes.fromhex("1A0F0C" * 20))
    # Noise can turn a 1A into the start of the longest frame (1A 08 + 15 bytes of serial), which then
    # swallows up to 15 tail bytes (5 frames), plus one frame lost while resyncing.
    assert tail.count(JobFinished()) >= 14
