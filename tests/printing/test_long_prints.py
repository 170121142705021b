"""Long strips: rendered and sent band by band (BandedRaster -> StreamedJob), same bytes as the whole image,
with progress, ETA and a cancel that stops within a second."""

from __future__ import annotations

import threading
import time

import pytest

from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.raster import BandedRaster, Raster
from phocol_desktop.imaging.banner import banner, banner_tile
from phocol_desktop.protocol import encode_job
from phocol_desktop.protocol.packets import StreamedJob


def banded(raster: Raster, band_rows: int) -> BandedRaster:
    def bands():
        for start in range(0, raster.height, band_rows):
            yield raster.rows(start, start + band_rows)

    return BandedRaster(raster.width, raster.height, bands)


@pytest.mark.parametrize("model_id", ["phomemo.m02", "phomemo.m220", "phocol.generic384", "phomemo.m04s",
                                      "phomemo.d30", "phomemo.p12"])
@pytest.mark.parametrize("copies", [1, 2])
def test_a_banded_page_encodes_to_exactly_the_bytes_of_the_whole_image(model_table, model_id, copies):
    model = model_table.get(model_id)
    whole = banner("Phocol 123", model.head_dots, 1500)
    raster = Raster(whole.width, whole.height, b"".join(b.data for b in whole.bands()))
    options = JobOptions(copies=copies)
    if model.single_block and copies > 1:
        options = JobOptions()
    expected = encode_job(raster, options, model)
    streamed = encode_job(banded(raster, 333), options, model)
    assert isinstance(streamed, StreamedJob)
    if model.copies_mode == "command" and expected.printer_copies > 1:
        pytest.skip("the printer makes the copies of a one-block image; a strip repeats instead")
    assert streamed.total_bytes == len(streamed.stream()) == expected.total_bytes
    assert streamed.stream() == expected.stream()
    assert streamed.stream() == expected.stream()  # a second pass renders the bands again, identically
    assert (streamed.raster_rows, streamed.expected_completions) == (expected.raster_rows,
                                                                     expected.expected_completions)


def test_bands_that_do_not_add_up_are_refused(model_table):
    from phocol_desktop.domain.errors import ProtocolError

    model = model_table.get("phomemo.m02")
    short = BandedRaster(384, 100, lambda: iter([Raster.blank(384, 60)]))
    with pytest.raises(ProtocolError, match="do not add up"):
        encode_job(short, JobOptions(), model).stream()


def test_a_strip_longer_than_one_raster_is_refused_where_the_model_takes_only_one(model_table):
    from phocol_desktop.domain.errors import ProtocolError

    model = model_table.get("phomemo.m04s")
    with pytest.raises(ProtocolError, match="one raster"):
        encode_job(banner("x", model.head_dots, 70_000), JobOptions(), model)


def test_banner_text_is_checked():
    from phocol_desktop.imaging.banner import BannerError

    with pytest.raises(BannerError):
        banner_tile("   ", 384)
    with pytest.raises(BannerError):
        banner_tile("x" * 501, 384)
    with pytest.raises(BannerError):
        banner("ok", 384, 0)
    assert banner_tile("Phocol", 384).shape[1] == 384


def test_a_long_strip_prints_whole_with_an_eta_and_cancel_stops_within_a_second(model_table):
    from phocol_desktop.services.banners import BannerPages
    from phocol_desktop.services.ble_worker import BleWorker
    from phocol_desktop.services.print_runner import PrintRequest, PrintRunner, VirtualTarget

    model = model_table.get("phocol.generic384")
    with BleWorker() as worker:
        runner = PrintRunner(worker)
        # Simulated time: a 2 m strip, checked row for row against the banner.
        result = runner.run(PrintRequest(BannerPages("Strip test", 2000), VirtualTarget(model, simulated_time=True),
                                         JobOptions()))
        assert result.ok, result.error
        page = BannerPages("Strip test", 2000).pages(model)[0]
        expected = b"".join(b.data for b in page.bands())
        assert result.printer.paper.raster().rows(0, page.height).data == expected

        # Real time (the fixed pacing: a 5 m strip would take minutes): progress with an ETA, then Cancel.
        seen = []
        started = threading.Event()

        def progress(p):
            seen.append(p)
            if p.fraction > 0.005:
                started.set()

        target = VirtualTarget(model, simulated_time=False)
        handle = runner.start(PrintRequest(BannerPages("Cancel me", 5000), target, JobOptions()), on_progress=progress)
        assert started.wait(30)
        asked = time.monotonic()
        handle.cancel()
        result = handle.future.result(10)
        stopped_in = time.monotonic() - asked
    assert result.outcome == "cancelled" and stopped_in < 1.0, stopped_in
    assert result.sent_bytes < result.total_bytes
    etas = [p.eta_s for p in seen if p.eta_s is not None]
    assert etas and all(e > 0 for e in etas)
