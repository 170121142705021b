"""AT-03: the policy's 16 SDKs are all "not included"; the components in this build are the installed
dependency closure (the SBOM) and none of them is denylisted (analytics, social login, payments, HTTP)."""

from __future__ import annotations

import re
from importlib import resources

from phocol_desktop.privacy.disclosures import (
    LINK_NOTE,
    NOT_INCLUDED,
    POLICY_SDKS,
    components_in_build,
    denylisted,
)


def test_at03_exactly_16_policy_sdks_all_not_included_and_named_as_the_policy_names_them():
    assert len(POLICY_SDKS) == 16 and all(s.status == NOT_INCLUDED for s in POLICY_SDKS)
    policy = resources.files("phocol_desktop.assets").joinpath("phocol-privacy-policy.txt").read_text("utf-8")
    named = [m.strip() for m in re.findall(r"^SDK Name:\s*(.+)$", policy, re.M)]
    links = [m.strip() for m in re.findall(r"^Privacy Policy:\s*(\S+)", policy, re.M)]
    assert [s.name for s in POLICY_SDKS] == named
    assert [s.link for s in POLICY_SDKS] == links  # shown as given, never rewritten


def test_m7_links_that_are_not_vendor_privacy_policies_are_tagged():
    by_name = {s.name: s for s in POLICY_SDKS}
    for name in ("Matisse", "Zoho Mobilisten", "RxJavaFX"):
        assert by_name[name].link_note == LINK_NOTE
    assert by_name["GoogleSignIn"].link_note == ""


def test_at03_components_in_this_build_are_the_dependency_closure_and_none_is_denylisted():
    comps = components_in_build()
    names = {c.name.lower() for c in comps}
    assert {"bleak", "keyring", "cryptography", "pillow", "platformdirs"} <= names
    assert not {"pytest", "ruff", "hypothesis"} & names  # the test extra is not part of the build
    assert [c.name for c in comps if denylisted(c.name)] == []


def test_the_denylist_catches_what_it_must():
    for name in ("requests", "httpx", "urllib3", "sentry_sdk", "firebase-admin", "google-auth-oauthlib",
                 "keyrings.alt", "PySide6", "PySide6-WebEngine", "zohocrm", "stripe"):
        assert denylisted(name), name
    for name in ("PySide6-Essentials", "PySide6-Addons", "keyring", "bleak", "cryptography"):
        assert not denylisted(name), name
