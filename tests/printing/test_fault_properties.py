"""Property: whatever fault the printer meets, wherever in the job, the host sees the typed event and the
job ends the right way, with every byte sent exactly once."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phocol_desktop.domain.clock import SimClock
from phocol_desktop.domain.errors import PrinterFault
from phocol_desktop.domain.events import BatteryLevel, CoverStatus, PaperStatus, Temperature
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.printer_model import load_model_table
from phocol_desktop.domain.raster import Raster
from phocol_desktop.emulator.virtual_printer import VirtualPrinter
from phocol_desktop.protocol import encode_job
from phocol_desktop.services.print_job import FAILED, PRINTED, PrintJob
from phocol_desktop.transport.base import LinkLost
from phocol_desktop.transport.virtual import LinkTiming, VirtualLink

TABLE = load_model_table()
HALTING = {"paper_out": PaperStatus, "cover_open": CoverStatus, "overheat": Temperature}


async def _print(model, raster, scenario, mtu):
    clock = SimClock()
    printer = VirtualPrinter(model, scenario, clock=clock)
    link = VirtualLink(printer, clock, LinkTiming(mtu=mtu))
    await link.connect()
    result = await PrintJob(link, model, encode_job(raster, JobOptions(), model), clock=clock).run()
    await link.disconnect()
    return result, printer


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=st.sampled_from(TABLE.models), rows=st.integers(20, 200), fault=st.sampled_from(
    [*HALTING, "low_battery", "disconnect"]), where=st.floats(0.0, 0.95), mtu=st.sampled_from([23, 185, 517]),
    lines_per_s=st.sampled_from([None, 150.0]))
def test_faults_reach_the_host_as_typed_events(model, rows, fault, where, mtu, lines_per_s):
    raster = Raster(model.head_dots, rows, bytes([0x5A]) * (model.bytes_per_line * rows))
    total = len(encode_job(raster, JobOptions(), model).stream())
    if fault == "disconnect":
        spec = {"kind": "disconnect", "at_byte": 3 + int(where * total)}
    else:
        spec = {"kind": fault, "at_row": int(where * rows)}
    scenario = {"faults": [spec], "lines_per_s": lines_per_s}
    result, printer = asyncio.run(_print(model, raster, scenario, mtu))
    if fault != "disconnect":
        assert printer.stats.received_bytes == result.sent_bytes + 3  # never re-sent (+ the pre-flight query)
    if fault in HALTING:
        assert result.outcome == FAILED and isinstance(result.error, PrinterFault)
        assert any(isinstance(e, HALTING[fault]) for e in result.events)
        assert printer.stats.rows_printed == spec["at_row"]
    elif fault == "low_battery":
        assert result.outcome == PRINTED
        assert BatteryLevel(None, "low_10") in result.events
    else:
        assert result.outcome == FAILED and isinstance(result.error, LinkLost)
        assert printer.stats.received_bytes == spec["at_byte"]
        # the write that crossed the loss left the host; nothing after it did, nothing went twice
        assert 0 <= result.sent_bytes + 3 - spec["at_byte"] < result.chunk
