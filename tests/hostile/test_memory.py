"""Class 4 of issue #12: legal but huge inputs keep peak memory bounded (early caps, streaming conversions).
bench/memory.py measures the issue's full sizes; these tests run smaller inputs in child processes and check
proportional caps, plus the early refusals in process."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from phocol_desktop.support import btsnoop, trace
from phocol_desktop.support.trace import Trace, TraceError

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(180)


def _bench():
    spec = importlib.util.spec_from_file_location("bench_memory", REPO / "bench" / "memory.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def bench():
    return _bench()


def test_a_btsnoop_with_more_packets_than_the_cap_is_refused_while_reading(tmp_path, monkeypatch, bench):
    monkeypatch.setattr(btsnoop, "MAX_EVENTS", 1000)
    log = tmp_path / "many.btsnoop"
    bench.make_btsnoop(log, 1001)
    with pytest.raises(TraceError, match="more than 1000 ATT packets"):
        btsnoop.import_btsnoop(log.read_bytes())
    bench.make_btsnoop(log, 1000)
    assert len(btsnoop.import_btsnoop(log.read_bytes()).trace.events) >= 1000


def test_a_json_trace_of_millions_of_empty_events_is_refused_before_parsing(tmp_path, monkeypatch, bench):
    monkeypatch.setattr(trace, "MAX_EVENTS", 1000)
    parsed = []
    monkeypatch.setattr(trace, "loads_json", lambda *a, **k: parsed.append(1))
    doc = tmp_path / "empty.json"
    bench.make_json_trace(doc, 50_000)
    with pytest.raises(TraceError, match="more than 1000 events"):
        Trace.from_json(doc.read_bytes())
    assert parsed == []  # never handed to the JSON parser


def test_trace_json_round_trips_event_by_event():
    from phocol_desktop.support.trace import TraceEvent

    t = Trace([TraceEvent(0.5, "write", b"\x1b@", "x"), TraceEvent(1.0, "notify", b"\x01")], {"mtu": 185})
    assert Trace.from_json(t.to_json()) == t
    assert Trace.from_json(Trace().to_json()) == Trace()


def _peak(bench, tmp_path, argv):
    env = {**os.environ, "PHOCOL_DESKTOP_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(REPO)}
    return bench.peak_rss_mb(bench.cli(*argv), env)


def test_peak_rss_of_huge_inputs_stays_proportionally_bounded(tmp_path, bench):
    """Each case in its own child (``os.wait4``'s ru_maxrss). The bounds are the full-size goal (1 GB) scaled
    down with the input, plus the interpreter and libraries (the baseline child)."""
    import subprocess

    for scale, cases in (("0.04", "btsnoop_decode,json_trace"), ("0.25", "tiff")):
        subprocess.run([sys.executable, str(REPO / "bench" / "memory.py"), "--generate", str(tmp_path),
                        "--scale", scale, "--cases", cases], check=True)
    base, code, _, _ = _peak(bench, tmp_path, ["models"])
    assert code == 0
    log, doc, tiff = (tmp_path / bench.INPUT_NAMES[k] for k in ("btsnoop", "json", "tiff"))
    # 200 k tiny writes decoded and rendered (the 5 M took 3.2 GB: 640 B per write, 128 MB here).
    mb, code, _, err = _peak(bench, tmp_path, ["trace", "decode", str(log), "--render", str(tmp_path / "a.png")])
    assert code == 0, err
    assert mb < base + 60, (mb, base)
    # 3.3 M empty JSON events: refused before parsing (the 83 M took 6.4 GB: 250 MB here).
    mb, code, _, err = _peak(bench, tmp_path, ["trace", "decode", str(doc)])
    assert code == 1 and "events" in err
    assert mb < base + 80, (mb, base)
    # a 4000x4000 32-bit TIFF (64 MB decoded): itself plus one 8-bit copy, not four float64 copies (512 MB).
    mb, code, _, err = _peak(bench, tmp_path, ["render", str(tiff), "-o", str(tmp_path / "t.png")])
    assert code == 0, err
    assert mb < base + 200, (mb, base)


def test_a_32bit_tiff_converts_in_strips_without_warnings(recwarn):
    import numpy as np
    from PIL import Image

    from phocol_desktop.imaging.load import _high_depth_to_l

    arr = np.full((600, 300), np.nan, np.float32)
    arr[:300] = 0.5
    gray = _high_depth_to_l(Image.fromarray(arr, "F"))
    assert gray.mode == "L" and gray.getpixel((0, 0)) == 128 and gray.getpixel((0, 599)) == 0
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
    big = Image.new("I", (700, 600), 65535)
    assert _high_depth_to_l(big).getpixel((699, 599)) == 255
