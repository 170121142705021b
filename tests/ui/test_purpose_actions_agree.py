"""Issue #11 item 3: one rule decides what a user may do with a purpose, and both surfaces show it.

For every purpose state × limited mode, the expected choices are written out below by hand (the table the
closing note pastes); the dashboard's buttons, ``privacy status --json`` and ``privacy status`` text must all
match it. ``ok`` = the choice is offered; otherwise the typed reason it is not.
"""

from __future__ import annotations

import json
import re

import pytest

from phocol_desktop.privacy.gate import Decision
from tests.cli import run
from tests.ui.test_privacy_gui import open_dashboard

pytestmark = pytest.mark.gui

LM, AL, NO, OK = "limited_mode", "already", "not_offered", "ok"
CORE, ABSENT = "core", "not_in_build"
# (short name, state, limited mode) -> (Allow, Ask every time, Don't allow)
TABLE = [
    ("bluetooth", "undetermined", False, (OK, OK, OK)),
    ("bluetooth", "undetermined", True, (LM, LM, OK)),
    ("bluetooth", "granted", False, (AL, OK, OK)),
    ("bluetooth", "granted", True, (LM, LM, OK)),
    ("bluetooth", "denied", False, (OK, OK, AL)),
    ("bluetooth", "denied", True, (LM, LM, AL)),
    ("bluetooth", "ask_every_time", False, (OK, AL, OK)),
    ("bluetooth", "ask_every_time", True, (LM, LM, OK)),
    ("camera", "undetermined", True, (LM, LM, OK)),
    ("camera", "denied", False, (OK, OK, AL)),
    ("files", "granted", False, (AL, NO, OK)),
    ("files", "granted", True, (AL, NO, OK)),  # opening files is not blocked by limited mode
    ("files", "denied", False, (OK, NO, AL)),
    ("files", "denied", True, (OK, NO, AL)),
    ("print-history", "granted", False, (AL, NO, OK)),
    ("print-history", "denied", True, (OK, NO, AL)),
    ("crash-logs", "undetermined", False, (OK, NO, OK)),
    ("crash-logs", "undetermined", True, (OK, NO, OK)),
    ("crash-logs", "granted", False, (AL, NO, OK)),
    ("crash-logs", "denied", True, (OK, NO, AL)),
    ("support-bundle", "ask_every_time", False, (AL, NO, OK)),  # Allow = "ask me each time" here
    ("support-bundle", "ask_every_time", True, (AL, NO, OK)),
    ("support-bundle", "denied", False, (OK, NO, AL)),  # refusing is reversible (#16.2)
    ("support-bundle", "denied", True, (OK, NO, AL)),
    ("printing", "granted", False, (CORE, CORE, CORE)),
    ("location", "not_in_build", True, (ABSENT, ABSENT, ABSENT)),
]
SET = {"granted": Decision.ALLOW, "denied": Decision.DENY, "ask_every_time": Decision.ASK_EVERY_TIME}


def cli(*argv: str) -> str:
    code, out, err = run(*argv)
    assert code == 0, err
    return out


def dashboard_view(qtbot, services, pid: str) -> tuple[str, str, str] | None:
    dashboard = open_dashboard(qtbot, services)
    buttons = dashboard.permission_buttons.get(pid)
    if buttons is None:
        return None  # not a row: nothing to decide
    by_label = {b.text(): ("ok" if b.isEnabled() else b.property("blocked")) for b in buttons.values()}
    for b in buttons.values():
        assert b.isEnabled() or b.toolTip(), f"{b.text()} is disabled without saying why"
    return by_label.get("Allow", NO), by_label.get("Ask every time", NO), by_label.get("Don't allow", NO)


def json_view(doc: dict, pid: str) -> tuple[str, str, str]:
    a = next(p for p in doc["purposes"] if p["id"] == pid)["actions"]
    return tuple(a[k] or OK for k in ("why_not_grant", "why_not_ask", "why_not_revoke"))  # type: ignore[return-value]


def text_view(text: str, name: str) -> tuple[set[str], set[str]]:
    """The choices offered (``you can:``) and the ones said to be impossible in limited mode."""
    block = re.split(r"\n(?!      )", text.split(f"[{name} · ", 1)[1], maxsplit=1)[0]  # up to the next purpose
    offered = {c for c, word in (("allow", "`privacy grant "), ("ask", "`privacy ask "), ("deny", "`privacy revoke "))
               if word in block}
    limited = {c for c, word in (("allow", "allow: not possible: off in limited mode"),
                                 ("ask", "ask every time: not possible: off in limited mode")) if word in block}
    return offered, limited


@pytest.mark.parametrize(("name", "state", "limited", "expected"), TABLE,
                         ids=[f"{n}-{s}-{'limited' if lm else 'full'}" for n, s, lm, _e in TABLE])
def test_dashboard_and_cli_agree_on_what_the_user_may_do(qtbot, services, name, state, limited, expected):
    pid = services.gate.catalog.resolve(name).id
    if state in SET and name != "printing":  # core processing has no decision to record
        services.gate.set_decision(pid, SET[state])
    services.pending_notice()
    services.notice_answered("disagreed" if limited else "agreed")
    assert services.gate.state_of(pid) == state and services.limited_mode() is limited

    doc = json.loads(cli("privacy", "status", "--json"))
    assert json_view(doc, pid) == expected
    gui = dashboard_view(qtbot, services, pid)
    if expected[0] in (CORE, ABSENT):
        assert gui is None  # no buttons on the dashboard, no choices on the CLI
        assert next(p for p in doc["purposes"] if p["id"] == pid)["actions"]["choices"] == []
        return
    assert gui == expected
    offered, said_limited = text_view(cli("privacy", "status"), name)
    assert offered == {c for c, v in zip(("allow", "ask", "deny"), expected, strict=True) if v == OK}
    assert said_limited == {c for c, v in zip(("allow", "ask"), expected[:2], strict=True) if v == LM}
