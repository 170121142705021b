"""What the user asked to print, independent of how any printer family encodes it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JobOptions:
    copies: int = 1
    density: int | None = None  # None: the model's default
    speed: int | None = None
    heat: int | None = None
    media: str | None = None  # gap / continuous / mark / card; None: the model's default

    def __post_init__(self) -> None:
        if not 1 <= self.copies <= 99:
            raise ValueError(f"copies must be 1..99, got {self.copies}")


@dataclass(frozen=True)
class JobProgress:
    sent_bytes: int
    total_bytes: int

    @property
    def fraction(self) -> float:
        return 1.0 if self.total_bytes == 0 else min(1.0, self.sent_bytes / self.total_bytes)
