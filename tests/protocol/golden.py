"""Hex golden files under tests/golden/: byte-exact, rewritten only with ``--update-goldens``."""

from __future__ import annotations

from pathlib import Path

from phocol_desktop.protocol.packets import EncodedJob

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "protocol"


def job_listing(job: EncodedJob) -> str:
    """One packet per line: kind, step, rows, hex. Diffs of a golden show which command changed."""
    lines = [f"# model={job.model_id} copies={job.copies} printer_copies={job.printer_copies} "
             f"blocks_per_copy={job.blocks_per_copy} expected_completions={job.expected_completions}"]
    for p in job.packets:
        lines.append(f"{p.kind.value} {p.step} rows={p.rows} copy={p.copy_index} wait={p.await_reply_s} "
                     f"{p.data.hex()}")
    return "\n".join(lines) + "\n"


def check_golden(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return
    assert path.exists(), f"missing golden {path}; run pytest --update-goldens and review it"
    assert text == path.read_text(), f"{name} differs from its golden (byte-exact)"
