"""System printer queue latency (issue #13): time from `lp` to the first byte at the printer, one-page PDF.

A private cupsd (Unix socket only; tests/system_printer/cupsd.py, needs root and Debian's cups-daemon and
cups-client) gets the Phocol queue; the app's receiver runs in this process and prints on the virtual
printer, whose link records when its first byte arrives. Baseline, in the same run: the app's own path
for the same document without CUPS (open, render at the printer's dots, first byte), i.e. what
`print doc.pdf` costs. Prints the medians and ``ratio_vs_direct``.

    sudo .venv/bin/python bench/cups_latency.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from phocol_desktop.domain.clock import SimClock  # noqa: E402
from phocol_desktop.domain.job import JobOptions  # noqa: E402
from phocol_desktop.domain.printer_model import load_model_table  # noqa: E402
from phocol_desktop.emulator.virtual_printer import VirtualPrinter  # noqa: E402
from phocol_desktop.protocol import encode_job  # noqa: E402
from phocol_desktop.services.ble_worker import BleWorker  # noqa: E402
from phocol_desktop.services.cups_queue import CupsQueue  # noqa: E402
from phocol_desktop.services.documents import DocumentPages  # noqa: E402
from phocol_desktop.services.job_receiver import JobReceiver  # noqa: E402
from phocol_desktop.services.print_job import PrintJob  # noqa: E402
from phocol_desktop.services.system_printer import IncomingJobs, PagesPrinted  # noqa: E402
from phocol_desktop.transport.virtual import LinkTiming, VirtualLink  # noqa: E402
from tests.documents.pdfs import text_pdf  # noqa: E402
from tests.system_printer.cupsd import PrivateCupsd, available  # noqa: E402


class FirstByte:
    def __init__(self) -> None:
        self.at: float | None = None
        self.event = threading.Event()

    def wrap(self, link: VirtualLink) -> VirtualLink:
        write = link.write

        async def timed(data: bytes) -> None:
            if self.at is None:
                self.at = time.perf_counter()
                self.event.set()
            await write(data)

        link.write = timed  # type: ignore[method-assign]
        return link


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    why = available()
    if why:
        print(f"skipped: {why}")
        return 1
    model = load_model_table(None).default
    worker = BleWorker().start()
    probe = FirstByte()

    def print_pages(job, rasters):  # type: ignore[no-untyped-def]
        clock = SimClock()
        printer = VirtualPrinter(model, clock=clock)
        link = probe.wrap(VirtualLink(printer, clock, LinkTiming()))

        async def run():  # type: ignore[no-untyped-def]
            await link.connect()
            try:
                return [await PrintJob(link, model, encode_job(r, JobOptions(), model), clock=clock).run()
                        for r in rasters]
            finally:
                await link.disconnect()

        results = worker.submit(run()).result()
        return PagesPrinted(sum(r.ok for r in results))

    document = text_pdf(pages=1)
    work = Path(tempfile.mkdtemp(prefix="phb-", dir="/tmp"))
    pdf = work / "one.pdf"
    pdf.write_bytes(document)
    cupsd = PrivateCupsd().start()
    import os

    os.environ["CUPS_SERVER"] = str(cupsd.socket)
    os.environ["PHOCOL_CUPS_SERVERBIN"] = str(cupsd.root / "lib")
    sock = work / "run" / "jobs.sock"
    CupsQueue("PhocolBench").install(model, sock, staging_dir=work)
    jobs = IncomingJobs(require=lambda purpose, *, feature: None, model=model, print_pages=print_pages)
    receiver = JobReceiver(sock, jobs.handle).start()
    via_cups, direct = [], []
    try:
        for _ in range(args.runs):
            probe.at = None
            probe.event.clear()
            start = time.perf_counter()
            subprocess.run(["lp", "-d", "PhocolBench", str(pdf)], env=cupsd.env, check=True, capture_output=True)
            if not probe.event.wait(30):
                print("no byte reached the printer within 30 s")
                return 1
            via_cups.append(probe.at - start)
            time.sleep(0.5)  # let the job finish before the next one
            probe.at = None
            probe.event.clear()
            start = time.perf_counter()
            print_pages(None, DocumentPages(document).pages(model))
            direct.append(probe.at - start)
    finally:
        receiver.stop()
        cupsd.cleanup()
        worker.stop()
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    cups_s, direct_s = statistics.median(via_cups), statistics.median(direct)
    print(f"lp_to_first_byte_s={cups_s:.3f} (min {min(via_cups):.3f}, max {max(via_cups):.3f}, runs={args.runs})")
    print(f"direct_to_first_byte_s={direct_s:.3f}")
    print(f"ratio_vs_direct={cups_s / direct_s:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
