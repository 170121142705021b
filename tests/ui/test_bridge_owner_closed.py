"""A background result that arrives after its window closed is dropped quietly (bridge.Background)."""

from __future__ import annotations

import threading

import pytest

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("fails", [False, True])
def test_result_after_the_owner_was_deleted_is_dropped(qtbot, fails):
    from PySide6.QtCore import QObject

    from phocol_desktop.ui.bridge import Background

    owner = QObject()
    background = Background(owner)
    started, release = threading.Event(), threading.Event()
    delivered = []

    def work():
        started.set()
        release.wait(10)
        if fails:
            raise ValueError("late failure")
        return "late result"

    background.run(work, delivered.append, delivered.append)
    assert started.wait(10)
    owner.deleteLater()  # the window closes while the job still runs: its relay is closed, never deleted
    qtbot.waitUntil(lambda: not _alive(owner), timeout=5000)
    assert background.relay.closed and _alive(background.relay)  # a worker may still emit on it safely
    release.set()
    assert background.pool.waitForDone(10_000)
    qtbot.wait(50)
    assert delivered == []  # and no "Signal source has been deleted" in the Qt event loop (pytest-qt fails on it)


def _alive(obj) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)
