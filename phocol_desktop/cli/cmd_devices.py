"""``scan`` and ``status``: find printers nearby and read one printer's state, over the BLE worker.

Both ask for Bluetooth through the privacy gate first (``cli._bluetooth``). Scan results are printed and
forgotten: nothing about other people's devices is written anywhere (PRIVACY.md AT-12).
"""

from __future__ import annotations

import json
from dataclasses import asdict

from phocol_desktop.cli._args import printer_name
from phocol_desktop.cli._bluetooth import CONNECT_WAIT_S, add_adapter_flag, add_permission_flag, device_service, wait
from phocol_desktop.cli._table import format_table
from phocol_desktop.domain.errors import PhocolError
from phocol_desktop.domain.status_words import status_lines
from phocol_desktop.transport.discovery import DiscoveredDevice


class UsageProblem(PhocolError):
    advice = "See `phocol-desktop COMMAND --help`."


def register(sub) -> None:  # type: ignore[no-untyped-def]
    s = sub.add_parser("scan", help="list nearby Phocol printers (asks for Bluetooth permission)")
    s.add_argument("--all", action="store_true", help="show every Bluetooth LE device, not only printers")
    s.add_argument("--timeout", type=float, default=5.0, metavar="S", help="seconds to listen (default 5)")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    add_adapter_flag(s)
    add_permission_flag(s)
    s.set_defaults(handler=run_scan)

    st = sub.add_parser("status", help="show a printer's battery, paper, cover and temperature")
    st.add_argument("--printer", type=printer_name, required=True, metavar="ADDR|NAME|virtual",
                    help="the printer's address or name, or `virtual` for the built-in virtual printer")
    st.add_argument("--model", help="printer model id, when its name does not tell (see `models`)")
    st.add_argument("--timeout", type=float, default=10.0, metavar="S",
                    help="seconds to look for it (default 10)")
    st.add_argument("--json", action="store_true", help="machine-readable output")
    add_adapter_flag(st)
    add_permission_flag(st)
    st.set_defaults(handler=run_status)


def _device_json(d: DiscoveredDevice) -> dict[str, object]:
    return {"address": d.address, "name": d.name, "rssi": d.rssi, "printer": d.is_printer, "model": d.model_id,
            "model_name": d.model_name, "families": list(d.families), "matched_by": d.matched_by}


def run_scan(args, ctx) -> int:  # type: ignore[no-untyped-def]
    if not 0 < args.timeout <= 120:
        raise UsageProblem("--timeout must be between 0 and 120 seconds.")
    with device_service(args, ctx) as service:
        found = wait(service.scan(args.timeout, show_all=args.all), args.timeout + 30)
        service.forget_scan()
    if args.json:
        ctx.out(json.dumps([_device_json(d) for d in found], indent=2))
        return 0
    if not found:
        what = "Bluetooth LE devices" if args.all else "printers"
        ctx.out(f"No {what} found in {args.timeout:g} s. Is the printer switched on and not connected to a phone?")
        return 0
    rows = [(d.name or "(no name)", d.address, d.rssi, d.describe()) for d in found]
    for line in format_table(("NAME", "ADDRESS", "RSSI", "MODEL"), rows, right=frozenset({2})):
        ctx.out(line)
    return 0


def run_status(args, ctx) -> int:  # type: ignore[no-untyped-def]
    model = ctx.model(args.model) if args.model else None  # an unknown model fails here, before any Bluetooth use
    if args.printer.lower() == "virtual":
        # The built-in printer, read as the app's printer panel reads it: no radio, so nothing is asked.
        from phocol_desktop.services.virtual_printer import VirtualPrinterHost, virtual_link_info

        model = model or ctx.models.default
        status, info = VirtualPrinterHost().status(model), virtual_link_info()
    else:
        with device_service(args, ctx, scan_timeout_s=args.timeout) as service:
            info = wait(service.connect(args.printer, model.id if model else None), args.timeout + CONNECT_WAIT_S)
            try:
                status = wait(service.query_status(), 30)
                model = service.model
            finally:
                wait(service.disconnect(), 15)
    assert model is not None
    fields = asdict(status)
    if args.json:
        ctx.out(json.dumps({"model": model.id, "mtu": info.mtu, "max_write": info.max_write, **fields}, indent=2))
        return 0
    line = "{0:<13}{1}".format
    ctx.out(line("Printer:", f"{args.printer} ({model.display_name}"
                             f"{', unverified profile' if model.unverified else ''})"))
    words = status_lines(status)  # the same words as the app's printer panel and `trace decode`
    for status_line in words:
        if status_line.field != "not_ready":
            ctx.out(line(status_line.label + ":", status_line.value))
    ctx.out(line("Link:", f"MTU {info.mtu}, {info.max_write}-byte writes "
                          f"{'with' if info.write_with_response else 'without'} response"))
    for status_line in words:
        if status_line.field == "not_ready":
            ctx.out(line(status_line.label + ":", status_line.value))
    return 0
