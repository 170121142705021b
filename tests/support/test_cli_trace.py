"""`phocol-desktop trace decode` on JSON and btsnoop files, with and without --render."""


from PIL import Image

from phocol_desktop.protocol.quyin import frames
from phocol_desktop.support.btsnoop import export_btsnoop
from phocol_desktop.support.trace import NOTIFY, WRITE, Trace, TraceEvent
from tests.cli import run

JOB = bytes.fromhex("1b40" "1b6101" "1f110204" "1d763000" "0200" "0300") + bytes([0xF0, 0x0F] * 3) + \
    bytes.fromhex("1b6402" "1f1108")


def write_traces(tmp_path):
    trace = Trace([TraceEvent(0.0, WRITE, JOB[:9]), TraceEvent(0.02, WRITE, JOB[9:]),
                   TraceEvent(0.05, NOTIFY, frames.battery(65))], {"model_id": "phomemo.m02"})
    (tmp_path / "t.json").write_text(trace.to_json())
    (tmp_path / "t.btsnoop").write_bytes(export_btsnoop(trace))
    return trace


def test_decode_json_lists_commands_and_answers(tmp_path):
    write_traces(tmp_path)
    code, out, err = run("trace", "decode", str(tmp_path / "t.json"))
    assert code == 0, err
    assert "model: phomemo.m02" in out
    for expected in ("init", "align centre", "density level 4",
                     "GS v 0 raster block: 2 bytes x 3 rows (16 x 3 dots), 6 data bytes",
                     "ESC d: print and feed 2 lines", "status query: battery (1F 11 08)", "battery        65 %"):
        assert expected in out, expected


def test_decode_btsnoop_with_render_writes_the_paper(tmp_path):
    write_traces(tmp_path)
    png = tmp_path / "paper.png"
    code, out, err = run("trace", "decode", str(tmp_path / "t.btsnoop"), "--model", "phomemo.m02",
                         "--render", str(png))
    assert code == 0, err
    assert "write handle 0x002a" in out and "virtual printer: 3 rows printed" in out
    img = Image.open(png)
    assert img.size == (384, 3 + 2 * 16)  # 3 raster rows, then 2 feed lines of 16 dots
    # centred 16-dot raster: F0 0F -> dots 0-3 and 12-15 of the 16 are black
    x0 = (384 - 16) // 2
    row = [img.getpixel((x0 + i, 0)) for i in range(16)]
    assert row == [0] * 4 + [255] * 8 + [0] * 4
    assert (png.stat().st_mode & 0o777) == 0o600


def test_decode_of_a_bad_file_is_one_line_and_exit_1(tmp_path):
    (tmp_path / "junk.log").write_bytes(b"btsnoop\x00\x00\x00\x00\x01\x00\x00\x03\xea" + b"\xff" * 40)
    code, out, err = run("trace", "decode", str(tmp_path / "junk.log"))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "btsnoop" in err
    write_traces(tmp_path)
    code, _, err = run("trace", "decode", str(tmp_path / "t.json"), "--model", "no.such")
    assert code == 1 and "models" in err


def test_decode_an_android_phone_log_with_other_devices(tmp_path):
    from tests.support.test_btsnoop import android_print_log

    data, _writes = android_print_log()
    (tmp_path / "btsnoop_hci.log").write_bytes(data)
    code, out, err = run("trace", "decode", str(tmp_path / "btsnoop_hci.log"), "--model", "phomemo.m110",
                         "--render", str(tmp_path / "phone.png"))
    assert code == 0, err
    assert "1 other connection(s) ignored" in out and "MTU 247" in out
    assert "status query: battery (1F 11 08)" in out and "speed level 5" in out
    assert "GS v 0 raster block: 2 bytes x 2 rows (16 x 2 dots), 4 data bytes" in out
    assert "steps" not in out  # the fitness band's traffic is not listed
    assert Image.open(tmp_path / "phone.png").size[0] == 384
