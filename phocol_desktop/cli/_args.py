"""Argument types shared by the commands: a bad value is a usage error (exit 2) naming the option, before any
work, any permission prompt or any Bluetooth (``--printer ''`` never reaches the privacy gate)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def printer_name(value: str) -> str:
    """``--printer``: an address, an advertised name or ``virtual``; never empty."""
    if not value.strip():
        raise argparse.ArgumentTypeError("is empty: give an address, a name or 'virtual'")
    return value


def seconds(lo: float, hi: float) -> Callable[[str], float]:
    """A finite number of seconds in ``lo..hi`` (``inf`` and ``nan`` are not durations)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
        if not math.isfinite(value) or not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{text} is outside {lo:g}..{hi:g} seconds")
        return value

    return parse


def whole_in(lo: int, hi: int) -> Callable[[str], int]:
    """A whole number in ``lo..hi`` (``--strength 999`` is a usage error, not a damaged project)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{value} is outside {lo}..{hi}")
        return value

    return parse
