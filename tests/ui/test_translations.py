"""Simplified Chinese UI translation: in step with the code, shipped in the package, loaded per language.

Covers the translation part of PRIVACY.md AT-38 (the notice and permission prompts exist in zh-CN and en)
and the honest note that Phocol has not provided an authoritative Chinese policy text (M6/Q1).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from phocol_desktop.ui.consent_dialogs import ALLOW, ALLOW_ONCE, NOT_NOW, NoticeDialog, PermissionPrompt
from phocol_desktop.ui.i18n import LANGUAGES, install_translator, policy_language_note

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
POLICY_SHA256 = "c837526d73e32a8ad3e55b3fab469e6c767d68ea5dd7719c4a71c01d72ea1617"


def _load_tool():
    spec = importlib.util.spec_from_file_location("phocol_translations_tool", ROOT / "tools" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


@pytest.fixture
def language(qapp):
    """Install a UI language on the shared QApplication and undo it afterwards (translators are global)."""
    before = QLocale()

    def install(code: str) -> QTranslator | None:
        return install_translator(qapp, code)

    yield install
    install_translator(qapp, "en")
    QLocale.setDefault(before)


# --------------------------------------------------------------------------------- files in step with code
def test_committed_qm_is_what_lrelease_builds_from_committed_ts(tmp_path):
    built = tmp_path / tool.QM_FILE.name
    tool.run_lrelease(tool.TS_FILE, built)
    assert tool.QM_FILE.read_bytes() == built.read_bytes(), (
        f"{tool.QM_FILE.name} is out of date with {tool.TS_FILE.name}: {tool.HINT}")


def test_every_ui_string_is_in_the_ts_file():
    missing, gone = tool.stale(tool.read_messages(tool.TS_FILE), tool.code_messages())
    lines = [f"  new in the code: {c}: {s!r}" for c, s, _ in sorted(missing)]
    lines += [f"  no longer in the code: {c}: {s!r}" for c, s, _ in sorted(gone)]
    assert not lines, f"{tool.TS_FILE.name} does not match the UI strings; {tool.HINT}\n" + "\n".join(lines)


def test_a_new_ui_string_is_reported_as_missing(tmp_path):
    ui = tmp_path / "ui"
    ui.mkdir()
    (ui / "new_panel.py").write_text(
        "from PySide6.QtWidgets import QWidget\n\n\nclass NewPanel(QWidget):\n"
        "    def __init__(self):\n        super().__init__()\n        self.setWindowTitle(self.tr('Brand new'))\n")
    missing, gone = tool.stale(tool.read_messages(tool.TS_FILE), tool.code_messages(ui))
    assert ("NewPanel", "Brand new", "") in missing
    assert ("NoticeDialog", "&Disagree", "") in gone


def test_the_scan_sees_the_ui_strings():
    # Guards the test above: an lupdate that found nothing would make "nothing missing" meaningless.
    keys = {(m.context, m.source) for m in tool.code_messages()}
    assert ("NoticeDialog", "&Agree and continue") in keys
    assert ("PermissionPrompt", "&Don't allow") in keys
    assert len(keys) > 150


@pytest.mark.parametrize("context", ["NoticeDialog", "PermissionPrompt"])
def test_consent_dialogs_have_no_unfinished_translation(context):
    messages = [m for m in tool.read_messages(tool.TS_FILE) if m.context == context]
    assert messages, f"no {context} strings in {tool.TS_FILE.name}"
    unfinished = [m.source for m in messages if not m.finished]
    assert not unfinished, f"untranslated {context} strings {unfinished}: {tool.HINT}"


def test_finished_translations_keep_placeholders_accelerators_and_ellipses():
    bad = [f"{m.context}: {m.source!r} -> {m.translation!r}: {tool.problems(m.source, m.translation)}"
           for m in tool.read_messages(tool.TS_FILE) if m.finished and tool.problems(m.source, m.translation)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(("source", "translation"), [
    ("Opened {0}", "已打开"),                                   # placeholder lost
    ("{2:.0f} mm", "{2} 毫米"),                                 # format spec changed
    ("&Open photo…", "打开照片…"),                              # accelerator lost
    ("&Open photo…", "打开照片(&P)…"),                          # a different accelerator key
    ("Export my data…", "导出我的数据"),                        # the dialog ellipsis lost
])
def test_problem_check_catches_broken_translations(source, translation):
    assert tool.problems(source, translation)


def test_problem_check_accepts_chinese_accelerator_style():
    assert tool.problems("&Open photo…", "打开照片(&O)…") == []
    assert tool.problems("{0} × {1} dots · {2:.0f} mm", "{0} × {1} 点 · {2:.0f} 毫米") == []


def test_apply_fills_checked_translations_and_todo_suggests_known_ones(tmp_path):
    ts = tmp_path / "phocol_zh_CN.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="zh_CN">\n'
        "<context><name>A</name>"
        '<message><source>&amp;Print</source><translation type="unfinished"></translation></message>'
        '<message><source>Cancel</source><translation>取消</translation></message></context>\n'
        "<context><name>B</name>"
        '<message><source>Cancel</source><translation type="unfinished"></translation></message>'
        '<message><source>&amp;Quit</source><translation type="unfinished"></translation></message>'
        '<message numerus="yes"><source>%n copies</source><translation type="unfinished">'
        "<numerusform></numerusform></translation></message></context>\n"
        "</TS>\n", encoding="utf-8")
    assert tool.todo(tool.read_messages(ts)) == {"A": {"&Print": ""},
                                                 "B": {"Cancel": "取消", "&Quit": "", "%n copies": ""}}

    filled, errors = tool.apply_translations(ts, {"A": {"&Print": "打印(&P)"},
                                                  "B": {"&Quit": "退出", "Gone": "x", "%n copies": "%n 份"}})
    assert filled == 2
    assert any("accelerator" in e for e in errors) and any("'Gone' is not in" in e for e in errors)
    state = {(m.context, m.source): (m.translation, m.finished) for m in tool.read_messages(ts)}
    assert state[("A", "&Print")] == ("打印(&P)", True)
    assert state[("B", "&Quit")] == ("", False)
    assert state[("B", "%n copies")] == ("%n 份", True)


def test_qm_ships_as_package_data():
    qm = resources.files("phocol_desktop.assets").joinpath("i18n", "phocol_zh_CN.qm")
    assert qm.is_file()
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    package = ROOT / "phocol_desktop"
    shipped = {p for pattern in patterns["phocol_desktop"] for p in package.glob(pattern)}
    assert package / "assets" / "i18n" / "phocol_zh_CN.qm" in shipped, "package-data must include assets/i18n/*.qm"


# --------------------------------------------------------------------------------------- loading languages
def test_zh_cn_makes_the_notice_and_prompt_chinese(qtbot, language):
    assert language("zh_CN") is not None
    notice = NoticeDialog("<p>summary</p>", "policy text", "03,01, 2025", POLICY_SHA256)
    qtbot.addWidget(notice)
    texts = [b.text() for b in notice.buttons.values()]
    assert texts == ["同意并继续(&A)", "不同意(&D)"]
    assert [b.accessibleName() for b in notice.buttons.values()] == ["同意并继续", "不同意"]  # no "(A)" read aloud
    assert notice.windowTitle() == "隐私告知"
    prompt = PermissionPrompt("蓝牙", "rationale", "details", (ALLOW, ALLOW_ONCE, NOT_NOW))
    qtbot.addWidget(prompt)
    assert [b.text() for b in prompt.buttons.values()] == ["允许(&A)", "仅本次允许(&O)", "不允许(&D)"]
    # Qt's own dialogs (file dialogs, standard buttons) follow the same language.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_english_installs_no_translator_and_removes_an_earlier_one(qtbot, language):
    language("zh_CN")
    assert language("en") is None
    notice = NoticeDialog("<p>summary</p>", "policy text", "03,01, 2025", POLICY_SHA256)
    qtbot.addWidget(notice)
    assert [b.text() for b in notice.buttons.values()] == ["&Agree and continue", "&Disagree"]
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_installing_twice_does_not_stack_translators(qapp, language):
    language("zh_CN")
    language("zh_CN")
    names = [t.objectName() for t in qapp.findChildren(QTranslator)]
    assert names.count("phocol_translator") == 1


def test_language_menu_offers_the_shipped_languages():
    assert set(LANGUAGES) == {"system", "en", "zh_CN"}
    assert (tool.I18N_DIR / "phocol_zh_CN.qm").is_file()


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh_CN.UTF-8", "不同意(&D) installed"),
    ("en_US.UTF-8", "&Disagree none"),
    ("zh_TW.UTF-8", "&Disagree none"),  # Traditional Chinese readers get English, not Simplified
])
def test_system_language_follows_qlocale(lang, expected):
    # QLocale.system() is read from the environment once per process, so each locale gets its own process.
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in {"LANG", "LANGUAGE"}}
    env.update(LANG=lang, QT_QPA_PLATFORM="offscreen")
    script = (
        "from PySide6.QtCore import QCoreApplication as C\n"
        "from phocol_desktop.ui.i18n import install_translator\n"
        "app = C([])\n"
        "t = install_translator(app, 'system')\n"
        "print(C.translate('NoticeDialog', '&Disagree'), 'none' if t is None else 'installed')\n"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True,
                         timeout=60)
    assert out.stdout.strip() == expected


# ------------------------------------------------------------------------------- the policy language note
def test_policy_note_says_in_both_languages_that_no_official_chinese_text_exists():
    note = policy_language_note(POLICY_SHA256)
    zh, en = note.split("\n")
    assert "尚未提供官方的简体中文版隐私政策" in zh and POLICY_SHA256 in zh
    assert "has not yet provided an authoritative Simplified Chinese text" in en and POLICY_SHA256 in en
    # The policy itself is not translated: nothing in the .ts carries policy clauses.
    policy = resources.files("phocol_desktop.assets").joinpath("phocol-privacy-policy.txt").read_text("utf-8")
    long_lines = {line.strip() for line in policy.splitlines() if len(line.strip()) > 40}
    assert not long_lines & {m.source.strip() for m in tool.read_messages(tool.TS_FILE)}
