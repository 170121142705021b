"""A fake BlueZ D-Bus service hosting the virtual printer, so unmodified bleak can be tested (TESTING.md §3).

This is the one module under ``emulator`` allowed to import dbus-fast (the import-linter contract).
"""

from phocol_desktop.emulator.fake_bluez.host import (
    ADAPTER_PATH,
    SENTINEL_ADAPTER_ADDRESS,
    SENTINEL_SYSTEM_NAME,
    CallRecord,
    FakeBlueZ,
    FakePrinterSpec,
    HostedPrinter,
    WriteRecord,
    list_bus_names,
    spec_for_model,
)

__all__ = [
    "ADAPTER_PATH",
    "SENTINEL_ADAPTER_ADDRESS",
    "SENTINEL_SYSTEM_NAME",
    "CallRecord",
    "FakeBlueZ",
    "FakePrinterSpec",
    "HostedPrinter",
    "WriteRecord",
    "list_bus_names",
    "spec_for_model",
]
