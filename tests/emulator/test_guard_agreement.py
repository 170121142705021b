"""The guard and the virtual printer read the Quyin dialect with two independent grammars (PROTOCOL.md §9,
§12); these tests prove they agree, so neither can drift alone (docs/TESTING.md §8).

- Property: any byte stream the guard accepts, the virtual printer consumes whole: it never bricks and
  never skips a byte it does not understand.
- The two know the same commands and answer codes.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phocol_desktop.domain.clock import SimClock
from phocol_desktop.domain.errors import DangerousCommand
from phocol_desktop.domain.printer_model import load_model_table
from phocol_desktop.emulator import virtual_printer as vp
from phocol_desktop.emulator.scenario import Scenario
from phocol_desktop.protocol.quyin import guard
from phocol_desktop.protocol.quyin import table as t

TABLE = load_model_table()
MODELS = ["phocol.generic384", "phomemo.m220", "phomemo.p12", "phomemo.d30"]
BYTE = st.integers(0, 255)


def command_pieces(model):
    """Commands of the dialect table with arbitrary arguments where the guard allows any."""
    rasters = st.tuples(st.integers(1, 80), st.integers(1, 6)).flatmap(
        lambda wh: st.binary(min_size=wh[0] * wh[1], max_size=wh[0] * wh[1]).map(
            lambda data, wh=wh: t.RASTER_SIGNATURE + wh[0].to_bytes(2, "little") + wh[1].to_bytes(2, "little")
            + data))
    esc_args = {0x61: st.integers(0, t.ALIGN_MAX).map(lambda n: bytes((n,))),
                0x4E: st.tuples(st.sampled_from(sorted(t.ESC_N_SETTINGS)), BYTE).map(bytes)}
    return st.one_of(
        st.sampled_from(sorted(t.ESC_COMMANDS)).flatmap(
            lambda op: esc_args.get(op, st.binary(min_size=t.ESC_COMMANDS[op][1] - 2,
                                                  max_size=t.ESC_COMMANDS[op][1] - 2)).map(
                lambda args, op=op: bytes((t.ESC, op)) + args)),
        BYTE.map(lambda n: bytes((t.GS, t.GS_DENSITY, n))),
        rasters,
        st.just(t.M02_PREFIX),
        st.sampled_from(sorted(t.FOOTERS)),
        st.tuples(st.sampled_from(sorted(t.SETTINGS_WITH_ARG)), BYTE).map(lambda a: t.US_11 + bytes(a)),
        st.sampled_from([0, 1] if model.compression == "lzo" else [0]).map(
            lambda on: t.US_11 + bytes((t.COMPRESSION, on))),
        st.sampled_from(sorted(t.MEDIA_SELECTORS)).map(lambda code: t.US_11 + bytes((code,))),
        st.sampled_from(model.queries).map(lambda code: t.US_11 + bytes((code,))),
    )


def streams(model):
    """A job-like run of commands with a few arbitrary bytes spliced in somewhere (often none)."""
    commands = st.lists(command_pieces(model), min_size=1, max_size=12)
    return st.tuples(commands, st.binary(max_size=4), st.integers(0, 12)).map(
        lambda parts: b"".join(parts[0][: parts[2]]) + parts[1] + b"".join(parts[0][parts[2]:]))


def accepted_prefix(data: bytes, model) -> bytes:
    """The longest prefix the guard accepts: it refuses at the first byte that starts no documented command."""
    try:
        guard.check(data, model)
        return data
    except DangerousCommand as refused:
        assert refused.offset is not None
        prefix = data[: refused.offset]
        guard.check(prefix, model)  # everything before the refused byte is whole, allowed commands
        return prefix


def printed_by_virtual_printer(stream: bytes, model) -> vp.VirtualPrinter:
    clock = SimClock()
    printer = vp.VirtualPrinter(model, Scenario(buffer_bytes=1 << 30, lines_per_s=1e9), clock=clock)
    printer.receive(stream)
    clock.advance(3600.0)
    printer.advance()
    return printer


@pytest.mark.parametrize("model_id", MODELS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_stream_the_guard_accepts_neither_bricks_the_printer_nor_loses_a_byte(model_id, data):
    model = TABLE.get(model_id)
    stream = accepted_prefix(data.draw(streams(model)), model)
    printer = printed_by_virtual_printer(stream, model)
    assert not printer.bricked, printer.event_log
    assert printer.stats.unknown_bytes == 0
    assert printer.buffered == 0  # every byte was read as part of a command
    assert printer.stats.lost_bytes == 0


def test_the_property_can_fail():
    """The same check on a stream the guard refuses: the printer bricks or skips, so the test has teeth."""
    model = TABLE.get("phocol.generic384")
    for refused in (bytes.fromhex("1F1115"), bytes.fromhex("1B40FF1B40")):
        with pytest.raises(DangerousCommand):
            guard.check(refused, model)
        printer = printed_by_virtual_printer(refused, model)
        assert printer.bricked or printer.stats.unknown_bytes > 0


def test_guard_and_virtual_printer_know_the_same_commands():
    assert set(t.QUERIES) == set(vp.ANSWERED_QUERIES) | set(vp.SILENT_QUERIES)
    assert {code for code, q in t.QUERIES.items() if q.answer is not None} == set(vp.ANSWERED_QUERIES)
    assert set(t.SETTINGS_WITH_ARG) | {t.COMPRESSION} == set(vp.ONE_ARG_1F11)
    assert t.MEDIA_SELECTORS.keys() == vp.MEDIA_1F11.keys()
    assert {code: length for code, (_, length) in t.ESC_COMMANDS.items()} == vp.ESC_LENGTHS


@pytest.mark.parametrize("code", sorted(c for c, q in t.QUERIES.items() if q.answer is not None))
def test_the_virtual_printer_answers_each_query_with_the_documented_answer_code(code):
    model = TABLE.get("phocol.generic384")
    assert code in model.queries
    printer = printed_by_virtual_printer(t.US_11 + bytes((code,)), model)
    (answer,) = printer.pop_notifications()
    assert answer[0] == t.FRAME_START and answer[1] == t.QUERIES[code].answer
    assert len(answer) == 2 + t.PAYLOAD_LENGTHS[answer[1]]
