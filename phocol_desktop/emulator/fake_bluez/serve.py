"""Serve a virtual printer as a fake BlueZ on a private dbus-daemon until told to stop.

Support staff and GUI tests point the real app at it with ``DBUS_SYSTEM_BUS_ADDRESS=<address>``; bleak
then finds, connects to and prints on the virtual printer exactly as it would on a real one.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Callable, Mapping
from typing import Any

from phocol_desktop.emulator.fake_bluez.bus import PrivateBus
from phocol_desktop.emulator.fake_bluez.host import FakeBlueZ, PrinterFactory, spec_for_model

# A locally administered unicast address (bit 1 of the first octet set): never a real vendor's OUI.
VIRTUAL_ADDRESS = "C2:50:48:0C:01:01"
# Link-level scenario keys the fake itself models ("mtu" is shared with the printer's scenario);
# everything else goes to the printer model.
_LINK_KEYS = ("mtu", "on_oversize", "strict_request_limit", "reject_command_writes", "write_delay_s")
_FAKE_ONLY_KEYS = frozenset(_LINK_KEYS) - {"mtu"}


def virtual_name(model: Any) -> str:
    """An advertised name the app recognises as ``model``: its first prefix pattern, marked as virtual."""
    prefix = next((p.value for p in model.name_patterns if p.kind == "prefix"), None)
    return f"{prefix or 'Phocol'}-VIRTUAL"


JOB_IDLE_S = 3.0  # the head has been still this long after printing: the job is over (a GUI keeps the link)


class JobPapers:
    """Cuts the served printer's paper into jobs: ``on_job(n, paper_png, whole_paper_png)`` once per job.

    A job is over when the printer has printed something new and then stood idle (buffer empty, no raster
    waiting) for ``JOB_IDLE_S``, or when the link went away after it printed something.
    """

    def __init__(self, on_job: Callable[[int, bytes, bytes], None], idle_s: float = JOB_IDLE_S) -> None:
        self._on_job = on_job
        self._idle_s = idle_s
        self._cut_at = 0  # paper row where the current job started
        self.jobs = 0

    def check(self, device: Any, now: float) -> None:
        printer = device.printer
        paper = printer.paper
        if paper.height <= self._cut_at:
            return
        done_at = printer.stats.last_row_done_at or 0.0
        quiet = getattr(printer, "idle", True) and now - done_at >= self._idle_s
        if not (quiet or not device.connected):
            return
        whole = paper.raster()
        self.jobs += 1
        self._on_job(self.jobs, _png(whole.rows(self._cut_at, whole.height)), printer.paper_png())
        self._cut_at = whole.height

    async def watch(self, fake: FakeBlueZ, stop: asyncio.Event) -> None:
        while not stop.is_set():
            for device in fake.devices():
                self.check(device, device.printer.now())
            try:
                await asyncio.wait_for(stop.wait(), 0.1)
            except TimeoutError:
                pass
        for device in fake.devices():  # what the printer printed before the emulator stopped is saved too
            self.check(_Gone(device), 0.0)


class _Gone:
    """A device as seen at shutdown: treated as disconnected, so its last job is cut."""

    def __init__(self, device: Any) -> None:
        self.printer = device.printer
        self.connected = False


def _png(raster: Any) -> bytes:
    from phocol_desktop.emulator.paper import raster_png

    return raster_png(raster)


async def serve(model: Any, *, scenario: Mapping[str, Any] | None = None, name: str | None = None,
                address: str = VIRTUAL_ADDRESS, printer_factory: PrinterFactory | None = None,
                on_ready: Callable[[str, FakeBlueZ], None], stop: asyncio.Event,
                bus_parent: str | None = None, on_job: Callable[[int, bytes, bytes], None] | None = None) -> None:
    """Start a private bus and the fake on it, call ``on_ready(bus_address, fake)``, run until ``stop``.

    ``on_job(n, job_png, paper_png)`` is called after each completed job (see ``JobPapers``).
    """
    scenario = dict(scenario or {})
    link = {k: scenario[k] for k in _LINK_KEYS if k in scenario}
    printer_scenario = {k: v for k, v in scenario.items() if k not in _FAKE_ONLY_KEYS}
    spec = spec_for_model(model, address, name or virtual_name(model), scenario=printer_scenario or None, **link)
    if printer_factory is None:
        from phocol_desktop.emulator.virtual_printer import VirtualPrinter

        def printer_factory(spec: Any) -> Any:  # this very model: it may come from the user's overrides
            return VirtualPrinter(model, scenario=spec.scenario)

    bus = PrivateBus(bus_parent)
    address_of_bus = await asyncio.to_thread(bus.start)
    try:
        fake = FakeBlueZ(printer_factory)
        await fake.start(address_of_bus)
        try:
            fake.add_printer(spec)
            on_ready(address_of_bus, fake)
            if on_job is not None:
                await JobPapers(on_job).watch(fake, stop)
            else:
                await stop.wait()
        finally:
            await fake.stop()
    finally:
        await asyncio.to_thread(bus.stop)


def control(fake: FakeBlueZ, line: str) -> str:
    """Apply one control line to the served printer (`emulate --bluez --help` lists them); returns the answer."""
    words = line.split()
    if not words:
        return ""
    device = fake.devices()[0]
    command, rest = words[0].lower(), words[1:]
    try:
        if command == "trigger" and rest:
            value: Any = rest[1] if len(rest) > 1 else None
            if rest[0] == "slow_drain" and value is not None:
                value = float(value)
            device.printer.trigger(rest[0], value)  # type: ignore[attr-defined]
        elif command == "clear" and len(rest) == 1:
            device.printer.clear(rest[0])  # type: ignore[attr-defined]
        elif command == "drop" and not rest:
            fake.drop_link(device.address)
        elif command == "away" and not rest:
            fake.take_out_of_range(device.address)
        elif command == "back" and not rest:
            fake.bring_into_range(device.address)
        else:
            return f"error: unknown control {line.strip()!r} (see `emulate --help`)"
    except Exception as exc:  # a bad control must not stop the emulator  # noqa: BLE001
        return f"error: {exc}"
    return "ok"


def run_until_signal(model: Any, on_ready: Callable[[str, FakeBlueZ], None], *,
                     controls: Any = None, answer: Callable[[str], None] | None = None, **options: Any) -> None:
    """``serve`` on a fresh loop; SIGINT/SIGTERM (or ``quit``) stop it cleanly (the bus daemon is always killed).

    ``controls`` is a text stream (stdin) read on a helper thread; each line goes to ``control`` on the loop.
    """

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # no signal handlers off the main thread
                loop.add_signal_handler(sig, stop.set)
        served: dict[str, FakeBlueZ] = {}

        def ready(bus_address: str, fake: FakeBlueZ) -> None:
            served["fake"] = fake
            on_ready(bus_address, fake)
            if controls is not None:
                threading.Thread(target=read_controls, name="emulate-controls", daemon=True).start()

        def apply(line: str) -> None:
            if line.strip().lower() == "quit":
                stop.set()
                return
            reply = control(served["fake"], line)
            if reply and answer is not None:
                answer(reply)

        def read_controls() -> None:
            for line in controls:  # ends at EOF (stdin closed or /dev/null): the emulator keeps serving
                loop.call_soon_threadsafe(apply, line)

        await serve(model, on_ready=ready, stop=stop, **options)

    asyncio.run(main())


def check_scenario(scenario: Mapping[str, Any]) -> None:
    """Raise ScenarioError (a ConfigError naming the field) for a scenario the printer would refuse."""
    from phocol_desktop.emulator.scenario import Scenario

    Scenario.from_dict({k: v for k, v in scenario.items() if k not in _FAKE_ONLY_KEYS})
