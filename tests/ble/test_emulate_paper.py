"""`emulate --bluez --paper OUT.png`: the paper of each job the app printed over unmodified bleak is saved."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys

import pytest
from PIL import Image

from phocol_desktop.cli import main

pytestmark = [pytest.mark.dbus, pytest.mark.timeout(90)]


def png_rows(path) -> tuple[int, int, bytes]:
    """The PNG decoded by Pillow, as packed rows with 1 = black (the raster convention)."""
    with Image.open(path) as im:
        bits = im.convert("1").tobytes()
        return im.width, im.height, bytes(b ^ 0xFF for b in bits)


async def test_each_job_is_saved_as_its_own_png_and_the_whole_paper(tmp_path_factory, monkeypatch,
                                                                      bluetoothctl_shim, model_table):
    from phocol_desktop.imaging.pipeline import photo_to_raster

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    rundir = tmp_path_factory.mktemp("pp")
    out = rundir / "paper.png"
    photos = []
    for i, colour in enumerate(("black", "grey")):
        photo = rundir / f"p{i}.png"
        im = Image.new("RGB", (300, 200 + 100 * i), "white")
        im.paste(Image.new("RGB", (150, 100), colour), (20 * i, 30))
        im.save(photo)
        photos.append(photo)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(rundir)}
    proc = subprocess.Popen([sys.executable, "-m", "phocol_desktop", "emulate", "--bluez", "--model", "phomemo.m220",
                             "--paper", str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        first = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), 30)
        assert first.startswith("DBUS_SYSTEM_BUS_ADDRESS="), first + proc.stderr.read()
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", first.strip().split("=", 1)[1])
        await asyncio.to_thread(proc.stdout.readline)
        await asyncio.to_thread(proc.stdout.readline)
        for n, photo in enumerate(photos, 1):
            err = io.StringIO()
            code = await asyncio.to_thread(main, ["print", str(photo), "--printer", "M220-VIRTUAL",
                                                  "--allow-bluetooth"], io.StringIO(), err)
            assert code == 0, err.getvalue()
            line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), 15)
            assert line.strip() == f"paper: job {n} saved to paper-{n}.png (all jobs: paper.png)"
    finally:
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(proc.wait, 15) == 0
    model = model_table.get("phomemo.m220")
    expected = [photo_to_raster(str(p), model) for p in photos]
    for n, raster in enumerate(expected, 1):
        width, height, data = png_rows(rundir / f"paper-{n}.png")
        assert (width, height) == (model.head_dots, raster.height)
        assert data == raster.data  # bit for bit what the app sent, decoded by an independent PNG reader
        assert (rundir / f"paper-{n}.png").stat().st_mode & 0o077 == 0
    width, height, data = png_rows(out)
    assert height == sum(r.height for r in expected) and data == b"".join(r.data for r in expected)


async def test_paper_may_not_overwrite_the_scenario(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    scenario = tmp_path / "s.json"
    scenario.write_text("{}")
    err = io.StringIO()
    code = await asyncio.to_thread(main, ["emulate", "--bluez", "--scenario", str(scenario), "--paper",
                                          str(scenario)], io.StringIO(), err)
    assert code == 1 and "overwrite" in err.getvalue()
    assert scenario.read_text() == "{}"
