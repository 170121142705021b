"""Serve a virtual printer as a fake BlueZ on a private dbus-daemon until told to stop.

Support staff and GUI tests point the real app at it with ``DBUS_SYSTEM_BUS_ADDRESS=<address>``; bleak
then finds, connects to and prints on the virtual printer exactly as it would on a real one.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
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


async def serve(model: Any, *, scenario: Mapping[str, Any] | None = None, name: str | None = None,
                address: str = VIRTUAL_ADDRESS, printer_factory: PrinterFactory | None = None,
                on_ready: Callable[[str, FakeBlueZ], None], stop: asyncio.Event,
                bus_parent: str | None = None) -> None:
    """Start a private bus and the fake on it, call ``on_ready(bus_address, fake)``, run until ``stop``."""
    scenario = dict(scenario or {})
    link = {k: scenario[k] for k in _LINK_KEYS if k in scenario}
    printer_scenario = {k: v for k, v in scenario.items() if k not in _FAKE_ONLY_KEYS}
    spec = spec_for_model(model, address, name or virtual_name(model), scenario=printer_scenario or None, **link)
    bus = PrivateBus(bus_parent)
    address_of_bus = await asyncio.to_thread(bus.start)
    try:
        fake = FakeBlueZ(printer_factory)
        await fake.start(address_of_bus)
        try:
            fake.add_printer(spec)
            on_ready(address_of_bus, fake)
            await stop.wait()
        finally:
            await fake.stop()
    finally:
        await asyncio.to_thread(bus.stop)


def run_until_signal(model: Any, on_ready: Callable[[str, FakeBlueZ], None], **options: Any) -> None:
    """``serve`` on a fresh loop; SIGINT/SIGTERM stop it cleanly (the bus daemon is always killed)."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # no signal handlers off the main thread
                loop.add_signal_handler(sig, stop.set)
        await serve(model, on_ready=on_ready, stop=stop, **options)

    asyncio.run(main())


def check_scenario(scenario: Mapping[str, Any]) -> None:
    """Raise ScenarioError (a ConfigError naming the field) for a scenario the printer would refuse."""
    from phocol_desktop.emulator.scenario import Scenario

    Scenario.from_dict({k: v for k, v in scenario.items() if k not in _FAKE_ONLY_KEYS})
