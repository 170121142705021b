"""What every Bluetooth command shares: the explicit permission step, the privacy gate and the BLE worker.

Bluetooth is never used silently from the command line. The gate asks for the purpose
``bt.discover_connect_print``; on a terminal the user answers a y/N prompt, in scripts ``--allow-bluetooth``
answers "only this time". Either way the answer goes through ``PrivacyGate`` and is written to its ledger
as an in-context decision, in the same on-disk ledger the `privacy` commands show. A standing grant
(`privacy grant bt.discover_connect_print`) is honoured without asking; a revoke refuses. Without a
terminal, a grant or the flag, the command stops before any bleak object exists (AT-08).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from phocol_desktop.cli._ask import terminal_asker
from phocol_desktop.domain.errors import PermissionDenied
from phocol_desktop.privacy.gate import Asker, PrivacyGate
from phocol_desktop.services.ble_worker import BleWorker
from phocol_desktop.services.devices import DeviceService
from phocol_desktop.transport.base import PrinterNotResponding

if TYPE_CHECKING:
    from phocol_desktop.services.privacy import PrivacyService

T = TypeVar("T")

ALLOW_FLAG = "--allow-bluetooth"
ALLOW_DEST = "allow_bluetooth"
CONNECT_WAIT_S = 90.0  # scan (up to the scan timeout) + three connect attempts with backoff


def add_permission_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(ALLOW_FLAG, action="store_true",
                        help="allow Bluetooth for this command only (recorded in the privacy ledger); "
                             "on a terminal you are asked instead")


def add_adapter_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--adapter", metavar="hciN", type=adapter_name,
                        help="Linux: the Bluetooth adapter to use (see `adapters`); default: the system's choice")


def adapter_name(value: str) -> str:
    """``--adapter``: a BlueZ adapter name such as hci0 (never an address)."""
    import re

    if not re.fullmatch(r"hci[0-9]{1,3}", value):
        raise argparse.ArgumentTypeError(f"{value!r} is not an adapter name like hci0 (see `phocol-desktop adapters`)")
    return value


@contextlib.contextmanager
def privacy_service(args: argparse.Namespace, ctx: Any) -> Iterator[PrivacyService]:
    """The app's privacy service over the on-disk ledger (the one `privacy status|grant|revoke` use).

    A standing grant (`privacy grant bt.discover_connect_print`) lets Bluetooth commands run without
    asking; an in-context answer (prompt or --allow-bluetooth) is recorded there as "only this time".
    """
    from phocol_desktop.services.privacy import PrivacyService

    service = PrivacyService.open(ctx.paths, surface="cli")
    try:
        yield service
    finally:
        service.close()


def cli_asker(args: argparse.Namespace, ctx: Any) -> Asker | None:
    """The in-context Bluetooth question, or None when nobody can be asked (no terminal, no flag)."""
    return terminal_asker(ctx, "Allow Bluetooth for this command?", allowed_by_flag=getattr(args, ALLOW_DEST, False))


@contextlib.contextmanager
def device_service(args: argparse.Namespace, ctx: Any, *, privacy: PrivacyService | None = None,
                   **options: Any) -> Iterator[DeviceService]:
    """A started BLE worker with a DeviceService behind the CLI's gate; stopped (link closed) on exit."""
    from phocol_desktop.storage.tuning import TuningStore

    options.setdefault("personalise", TuningStore(ctx.paths).personalise)  # this printer's measured speed
    options.setdefault("adapter", getattr(args, "adapter", None))
    with contextlib.ExitStack() as stack:
        if privacy is None:
            privacy = stack.enter_context(privacy_service(args, ctx))
        worker = stack.enter_context(BleWorker())
        yield DeviceService(worker, ctx.models, require=explain_refusal(privacy.gate, cli_asker(args, ctx)),
                            keepalive_s=None, **options)


def explain_refusal(gate: PrivacyGate, asker: Asker | None) -> Any:
    """The gate's ``require`` with this command's asker, and the CLI's own way to say yes in the advice."""

    def require(purpose_id: str, /, *, feature: str) -> None:
        try:
            gate.require(purpose_id, feature=feature, asker=asker)
        except PermissionDenied as exc:
            if getattr(exc, "why", "") == "undetermined":
                raise PermissionDenied(
                    "Bluetooth has not been allowed for Phocol Desktop.",
                    f"Run the command on a terminal to be asked, or add {ALLOW_FLAG} to allow it for this "
                    "command only.") from exc
            raise

    return require



def wait(future: concurrent.futures.Future[T], seconds: float | None) -> T:
    """Block the CLI on work running on the BLE worker; a timeout or Ctrl-C cancels the work there."""
    try:
        return future.result(seconds)
    except concurrent.futures.TimeoutError:
        future.cancel()
        raise PrinterNotResponding("The printer or the Bluetooth service did not answer in time.") from None
    except BaseException:
        future.cancel()
        raise
