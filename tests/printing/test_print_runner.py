"""The print runner: one path from pages to paper for the GUI and the command line (services/print_runner.py)."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from phocol_desktop.domain.raster import Raster
from phocol_desktop.services.ble_worker import BleWorker
from phocol_desktop.services.print_runner import (
    BluetoothTarget,
    PhotoPages,
    PrintProgress,
    PrintRequest,
    PrintRunner,
    VirtualTarget,
)
from tests.cli import run

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker():
    with BleWorker() as w:
        yield w


@pytest.fixture
def photo(tmp_path):
    """A photo made here: a gradient with shapes, so every dithering gives a different picture."""
    image = Image.linear_gradient("L").resize((640, 480)).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.ellipse((120, 80, 420, 380), fill=(200, 40, 40))
    draw.rectangle((380, 260, 600, 460), fill=(20, 20, 120))
    path = tmp_path / "photo.jpg"
    image.save(path, quality=92)
    return path


def stripes(width: int, rows: int, period: int) -> Raster:
    row = bytes((0xF0 if (i // period) % 2 == 0 else 0x0F) for i in range(width // 8))
    return Raster(width, rows, row * rows)


@dataclass(frozen=True)
class Labels:
    """A new kind of source, as a PDF or a CSV batch would add one: one page per item, made lazily."""

    periods: tuple[int, ...]

    def pages(self, model):
        return (stripes(model.head_dots, 40, p) for p in self.periods)  # a generator: no page count


class History:
    def __init__(self):
        self.entries = []

    def add(self, **fields):
        self.entries.append(fields)
        return True


def paper_bits(raster: Raster) -> np.ndarray:
    return np.unpackbits(np.frombuffer(raster.data, np.uint8).reshape(raster.height, -1), axis=1)


def test_a_new_page_source_prints_its_pages_in_order_with_progress_and_history(worker, model_table):
    model = model_table.get("phomemo.m02")
    progress: list[PrintProgress] = []
    history = History()
    result = PrintRunner(worker).run(PrintRequest(Labels((1, 2, 3)), VirtualTarget(model, simulated_time=True)),
                                     on_progress=progress.append, history=history)
    assert result.ok and len(result.jobs) == 3
    paper = paper_bits(result.printer.paper.raster())
    printed = [paper_bits(stripes(model.head_dots, 40, p)) for p in (1, 2, 3)]
    for page in printed:  # each page appears on the paper, in order
        hits = [i for i in range(paper.shape[0] - 39) if np.array_equal(paper[i : i + 40], page)]
        assert hits, "a page is missing from the paper"
    starts = [next(i for i in range(paper.shape[0] - 39) if np.array_equal(paper[i : i + 40], page))
              for page in printed]
    assert starts == sorted(starts)
    assert [p.page for p in progress] == sorted(p.page for p in progress) and progress[-1].page == 3
    assert all(p.pages is None for p in progress)  # a generator does not say how many
    assert [e["result"] for e in history.entries] == ["printed"] * 3
    assert history.entries[0] == {"model_id": model.id, "copies": 1, "density": None, "width": model.head_dots,
                                  "height": 40, "result": "printed"}


def test_progress_counts_pages_of_a_sized_source_and_cancel_stops_the_run(worker, model_table):
    model = model_table.get("phomemo.m02")

    @dataclass(frozen=True)
    class Three:
        def pages(self, model):
            return [stripes(model.head_dots, 300, p) for p in (1, 2, 3)]

    seen: list[float] = []
    holder = {}

    def on_progress(p: PrintProgress) -> None:
        seen.append(p.fraction)
        assert p.pages == 3
        if p.page == 2 and p.sent_bytes > 0:
            holder["handle"].cancel()

    runner = PrintRunner(worker)
    holder["handle"] = runner.start(PrintRequest(Three(), VirtualTarget(model, simulated_time=True)),
                                    on_progress=on_progress)
    result = holder["handle"].future.result(60)
    assert [job.outcome for job in result.jobs] == ["printed", "cancelled"]  # the third page never started
    assert result.outcome == "cancelled" and not result.ok
    assert seen == sorted(seen) and 1 / 3 <= max(seen) < 2 / 3 + 0.01


def test_the_session_is_traced_when_asked(worker, model_table):
    from phocol_desktop.support.trace import WRITE, TraceRecorder

    model = model_table.get("phomemo.m220")
    recorder = TraceRecorder(time.monotonic)
    result = PrintRunner(worker).run(PrintRequest(Labels((2,)), VirtualTarget(model, simulated_time=True)),
                                     trace=recorder)
    assert result.trace is recorder.current
    sent = b"".join(e.data for e in result.trace.events if e.kind == WRITE)
    assert len(sent) >= result.sent_bytes > 0


def test_a_bluetooth_printer_that_is_not_connected_gets_nothing(worker, model_table):
    from phocol_desktop.services.devices import DeviceService
    from phocol_desktop.transport.base import LinkLost

    devices = DeviceService(worker, model_table)
    with pytest.raises(LinkLost, match="not connected"):
        PrintRunner(worker).start(PrintRequest(Labels((1,)), BluetoothTarget(devices)))


def test_pages_of_the_wrong_width_are_refused_before_anything_is_sent(worker, model_table):
    from phocol_desktop.services.print_runner import PrintNotPossible, RasterPages

    m02, m220 = model_table.get("phomemo.m02"), model_table.get("phomemo.m220")
    handle = PrintRunner(worker).start(PrintRequest(RasterPages((stripes(m220.head_dots, 8, 1),)),
                                                    VirtualTarget(m02, simulated_time=True)))
    with pytest.raises(PrintNotPossible, match="dots wide"):
        handle.future.result(30)


# --------------------------------------------------------------------------------- the two surfaces agree

def test_a_cli_print_records_the_same_history_entry_as_the_app(app_paths, photo, model_table):
    from phocol_desktop.services.app import AppServices

    model = model_table.default
    (raster,) = PhotoPages(photo).pages(model)
    services = AppServices.start(app_paths)
    try:
        services.print("virtual", raster, copies=2, density=5).future.result(60)
        gui = services.privacy.data.print_history.entries()
    finally:
        services.shutdown()
    code, _out, err = run("print", photo, "--printer", "virtual", "--copies", "2", "--density", "5")
    assert code == 0, err
    services = AppServices.start(app_paths)
    try:
        both = services.privacy.data.print_history.entries()
    finally:
        services.shutdown()
    assert len(gui) == 1 and len(both) == 2
    without_time = [{k: v for k, v in e.items() if k != "ts"} for e in both]
    assert without_time[0] == without_time[1]
    assert without_time[0] == {"model_id": model.id, "copies": 2, "density": 5, "width": raster.width,
                               "height": raster.height, "result": "printed"}


def test_print_takes_every_render_option_and_prints_what_render_shows(photo, tmp_path):
    edits = tmp_path / "edits.json"
    edits.write_text('{"brightness": 15, "contrast": 20, "text": "Hi", "crop": [0.1, 0.1, 0.7, 0.7]}')
    picture = ["--model", "M110", "--preset", "40x30", "--dither", "atkinson", "--strength", "80",
               "--fit", "fill", "--edits", edits]
    code, out, err = run("render", photo, "-o", tmp_path / "render.png", *picture)
    assert code == 0, err
    code, out, err = run("print", photo, "--printer", "virtual", "--paper", tmp_path / "paper.png", *picture)
    assert code == 0, err
    rendered, paper = Image.open(tmp_path / "render.png"), Image.open(tmp_path / "paper.png")
    assert rendered.width == paper.width
    printed = paper.crop((0, 0, rendered.width, rendered.height))
    assert np.array_equal(np.asarray(printed.convert("1")), np.asarray(rendered.convert("1")))
    code, _out, _err = run("render", photo, "-o", tmp_path / "custom.png", "--width-mm", "40", "--length-mm", "25")
    assert code == 0
    code, _out, _err = run("print", photo, "--paper", tmp_path / "custom-paper.png", "--width-mm", "40",
                           "--length-mm", "25")
    assert code == 0
    rendered = Image.open(tmp_path / "custom.png")
    paper = Image.open(tmp_path / "custom-paper.png").crop((0, 0, rendered.width, rendered.height))
    assert np.array_equal(np.asarray(paper.convert("1")), np.asarray(rendered.convert("1")))


@pytest.mark.parametrize("name", ["phomemo.m110", "Phomemo M110", "M110", "m110", "  phomemo m110 "])
def test_a_model_is_found_by_id_name_or_advertised_name(model_table, name):
    assert model_table.lookup(name).id == "phomemo.m110"


def test_an_unknown_model_names_what_was_given(photo, tmp_path):
    code, _out, err = run("print", photo, "--model", "Nonesuch 9000")
    assert code == 1 and "Nonesuch 9000" in err and "models" in err


def test_the_command_line_builds_no_print_job_of_its_own():
    found = subprocess.run(["grep", "-rn", r"PrintJob(\|VirtualPrinter(\|encode_job(", "phocol_desktop/cli"],
                           cwd=REPO, capture_output=True, text=True, check=False)
    assert found.stdout == ""


def test_models_keeps_its_columns_aligned_for_long_names(app_paths):
    import json

    app_paths.printer_overrides.mkdir(parents=True, exist_ok=True)
    app_paths.printer_overrides.joinpath("long.json").write_text(json.dumps({"models": [
        {"id": "phomemo.m02", "display_name": "Phomemo M02 with a much longer name than any column expects 标签机"}]}))
    code, out, err = run("models")
    assert code == 0, err
    table = out.split("\n\n")[0].splitlines()
    assert any("标签机" in line for line in table)
    family_at = {line.index("quyin.") + sum(1 for ch in line[: line.index("quyin.")] if ord(ch) > 0x2E80)
                 for line in table[1:]}  # a CJK character takes two cells
    assert len(family_at) == 1 and table[0].index("FAMILY") in family_at


@pytest.mark.parametrize("argv", [("status", "--printer", "virtual", "--json"), ("emulate", "--input", "-")])
def test_every_command_takes_a_model_by_name(argv, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, out, err = run(*argv, "--model", "phomemo m220")
    assert code == 0, err
    assert "phomemo.m220" in out
    code, _out, err = run(*argv, "--model", "Q155E1")  # the advertised name of an M220
    assert code == 0, err
