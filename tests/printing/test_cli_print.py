"""`print --printer virtual` and `emulate` end to end through the command line."""

from __future__ import annotations

import io
import json
import stat

from PIL import Image

from phocol_desktop.protocol.quyin import frames
from tests.cli import run as cli


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def photo(photos):
    return str(photos.camera)


def test_print_on_the_virtual_printer_saves_the_exact_raster_as_paper(photos, model_table, tmp_path):
    from phocol_desktop.imaging.pipeline import photo_to_raster

    out_png = tmp_path / "paper.png"
    code, out, err = cli("print", photo(photos), "--printer", "virtual", "--paper", str(out_png),
                         "--model", "phomemo.m02", "--density", "6")
    assert code == 0, err
    assert "Printed:" in out and "0 bytes lost" in out
    assert stat.S_IMODE(out_png.stat().st_mode) == 0o600
    model = model_table.get("phomemo.m02")
    raster = photo_to_raster(photo(photos), model)
    im = Image.open(out_png)
    assert im.size[0] == model.head_dots
    # 1 px per dot, black = 1: the paper's first rows are the rendered raster bit for bit
    printed = im.crop((0, 0, model.head_dots, raster.height)).convert("1")
    packed = bytes(b ^ 0xFF for b in printed.tobytes())
    assert packed == raster.data


def test_progress_bar_only_on_a_terminal(photos):
    tty = Tty()
    code, out, _ = cli("print", photo(photos), "--printer", "virtual", stdout=tty)
    assert code == 0 and "\r[" in out and "100%" in out
    code, out, _ = cli("print", photo(photos), "--printer", "virtual")
    assert code == 0 and "\r[" not in out


def test_copies_out_of_range_and_virtual_only_options_are_clear_errors(photos, tmp_path):
    code, _, err = cli("print", photo(photos), "--copies", "0")
    assert code == 1 and "copies" in err
    code, _, err = cli("print", photo(photos), "--density", "99")
    assert code == 1 and "outside" in err
    code, _, err = cli("print", photo(photos), "--printer", "AA:BB:CC:DD:EE:FF", "--paper", str(tmp_path / "x.png"))
    assert code == 1 and "--printer virtual" in err


def test_a_fault_scenario_fails_the_print_with_the_printers_reason(photos, tmp_path):
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({"faults": [{"kind": "paper_out", "at_row": 30}]}))
    code, out, err = cli("print", photo(photos), "--scenario", str(scenario), "--paper", str(tmp_path / "p.png"))
    assert code == 1 and "out of paper" in err
    assert "30 rows printed" in out


def test_trace_is_written_as_btsnoop(photos, tmp_path):
    from phocol_desktop.support.btsnoop import import_btsnoop

    trace = tmp_path / "t.btsnoop"
    code, _, err = cli("print", photo(photos), "--trace", str(trace), "--model", "phomemo.m220")
    assert code == 0, err
    imported = import_btsnoop(trace.read_bytes())
    assert imported is not None


def test_emulate_reads_hex_host_bytes_and_writes_notifications_and_paper(tmp_path, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(b"1F1108 1B40 1D7630000100020080FF\n"))
    paper = tmp_path / "paper.png"
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, err = cli("emulate", "--model", "phomemo.m220", "--hex", "--paper", str(paper))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:2] == [frames.battery(90).hex(), frames.job_finished().hex()]  # battery answer, then completion
    assert lines[-1].startswith("# model=phomemo.m220") and "rows=2" in lines[-1] and "bricked=false" in lines[-1]
    im = Image.open(paper)
    assert im.size == (576, 2) and im.getpixel((0, 0)) == 0 and im.getpixel((1, 0)) == 255


def test_emulate_raw_input_file_with_a_bricking_command_and_its_log(tmp_path):
    data = tmp_path / "in.bin"
    data.write_bytes(bytes.fromhex("1F1108" "1F1115" "1F1108"))
    log = tmp_path / "log.json"
    code, out, _ = cli("emulate", "--model", "phomemo.m02", "--input", str(data), "--log", str(log))
    assert code == 0
    battery = frames.battery(90).hex()
    assert out.splitlines()[0] == battery and "bricked=true" in out and out.count(battery) == 1
    doc = json.loads(log.read_text())
    assert doc["bricked"] and doc["wire"][0]["from"] == "host" and doc["wire"][0]["hex"] == "1f11081f11151f1108"
    assert any("BRICKED by 1F 11 15" in e["what"] for e in doc["events"])


def test_emulate_bad_hex_is_a_clear_error(tmp_path):
    data = tmp_path / "in.txt"
    data.write_text("zz")
    code, _, err = cli("emulate", "--input", str(data), "--hex")
    assert code == 1 and "not hex" in err
