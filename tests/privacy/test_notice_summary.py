"""Issue #16 items 5 and 12: the notice summary says everything a user needs before answering, in both languages."""

from __future__ import annotations

import re

from phocol_desktop.privacy.catalog import load_catalog
from phocol_desktop.privacy.gate import PrivacyGate
from phocol_desktop.privacy.notice import build_notice, summary_lines
from phocol_desktop.services.privacy_views import notice_view


def test_the_summary_names_what_is_on_by_default_the_logs_the_rights_the_15_days_and_children():
    catalog = load_catalog()
    text = "\n".join(build_notice(catalog, None).summary)
    on_by_default = [p.title for p in catalog if p.in_build and p.kind == "setting" and p.default_state == "granted"]
    assert on_by_default == ["Recent files list", "Print history"]
    line = next(s for s in text.splitlines() if s.startswith("On until you turn them off"))
    assert all(title in line for title in on_by_default) and "30 days" in line
    assert "application log" in text and "activity log" in text and "only while print history is on" in text
    assert "withdraw consent" in text and "complain to a regulator" in text
    assert "support@phocolprinter.com" in text and "within 15 days" in text
    assert "under 4" in text and "under 14" in text and "PIPL" in text


def test_the_chinese_summary_has_every_line_translated():
    gate = PrivacyGate.in_memory()
    english = notice_view(build_notice(gate.catalog, None), gate, "en")
    chinese = notice_view(build_notice(gate.catalog, None), gate, "zh_CN")
    assert chinese.locale == "zh_CN"
    assert len(chinese.summary) == len(english.summary) == len(summary_lines(gate.catalog))
    for line in chinese.summary:
        assert re.search(r"[\u4e00-\u9fff]", line), line  # no English left behind
        assert "您" in line or "你" not in line
    joined = "".join(chinese.summary)
    assert "15 天" in joined and "14 周岁" in joined and "默认开启" in joined and "应用日志" in joined
    assert chinese.text_sha256 != english.text_sha256  # the record says which text was shown
