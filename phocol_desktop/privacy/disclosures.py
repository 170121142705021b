"""Disclosures (docs/PRIVACY.md §1, AT-03): the 16 SDKs the policy lists for the mobile app, each "not
included in this desktop build", beside the components actually in this build, generated from the installed
distributions (the dependency closure of ``phocol-desktop``: the SBOM), and the build-time denylist.

Links are shown exactly as the policy gives them and never opened by the app; where a link is not a privacy
policy of that vendor it is tagged so (policy defect M7).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata

from phocol_desktop.domain.words import QT_TRANSLATE_NOOP

NOT_INCLUDED = "Not included in this desktop build"
LINK_NOTE = "link provided by policy; not a privacy policy of that vendor"
SDK_HEADING = "Components listed in the Phocol privacy policy (mobile app)"


@dataclass(frozen=True)
class PolicySdk:
    name: str
    provider: str
    purpose: str
    data: str
    link: str
    link_is_vendor_policy: bool
    status: str = NOT_INCLUDED

    @property
    def link_note(self) -> str:
        return "" if self.link_is_vendor_policy else LINK_NOTE


_FB = "https://www.facebook.com/privacy/policy/?entry_point=data_policy_redirect&entry=0"
POLICY_SDKS: tuple[PolicySdk, ...] = (
    PolicySdk("GoogleSignIn", "Google LLC", "Google-account sign-in", "Account name, email, picture, OAuth token",
              "https://policies.google.com/privacy", True),
    PolicySdk("AndroidSupportLibraryFragment", "Google Inc.", 'Framework, "main progress status"',
              "Running processes, SD card data, Android ID",
              "https://developer.android.com/topic/libraries/support-library/packages?hl=zh-cn", False),
    PolicySdk("OkHttp", "Square (Block, Inc.)", "Networking", "IP address", "https://square.github.io/okhttp/", False),
    PolicySdk("Android AppCompat Library", "Google LLC", "Compatibility, UI",
              "Device/SDK/Android version, SD card, Android ID, install list, accelerometer",
              "https://policies.google.com/?hl=zh", True),
    PolicySdk("RxJavaFX", "(none named; \"part of app logic\")", "Reactive framework; IP for anti-fraud",
              "IMEI, Android ID, SIM serial, phone number, IMSI, camera permission",
              "https://docs.github.com/en/site-policy/privacy-policies/github-privacy-statement", False),
    PolicySdk("Matisse", "Zhihu", 'Pick photos "for recognition"', "Photo storage, SD card, accelerometer",
              "https://mvnrepository.com/artifact/com.github.Shouheng88/matisse", False),
    PolicySdk("FBSDKCoreKit", "FACEBOOK", "Core, authentication, data requests",
              "Account info, friends, public profile", _FB, True),
    PolicySdk("FBSDKCoreKit_Basics", "FACEBOOK", 'Authentication, tracking, "lightweight analytics"',
              "Name, email, picture, behaviour data", _FB, True),
    PolicySdk("FBSDKLoginKit", "FACEBOOK", "Facebook login, tokens",
              "Name, picture, email, public profile, friends list", _FB, True),
    PolicySdk("Facebook SDK for Android", "FACEBOOK", "Login, sharing, user info",
              "Name, email, picture, friend list, social data", _FB, True),
    PolicySdk("Sensors Analytics SDK", "Sensors Data Co., Ltd. (Beijing)", "Analytics, modelling",
              "Android ID/IDFA/IDFV/OAID/UUID, GPS, hardware, OS, time zone, network, carrier, IP",
              "https://manual.sensorsdata.cn/sa/latest/zh_cn/sdk-22255999.html", False),
    PolicySdk("Zoho Mobilisten", "Zoho Corporation", "Support chat, photo selection, device info",
              "Device info, location, user PI, chat history", "https://github.com/zoho", False),
    PolicySdk("MMKV", "Tencent", "Local key-value store", '"Local storage access"',
              "https://github.com/Tencent/MMKV", False),
    PolicySdk("Okio", "Square, Inc.", "Low-level I/O", "None", "https://square.github.io/okio/", False),
    PolicySdk("image-cropper", "CanHub", "Local cropping", "None (needs the camera or storage permission)",
              "https://github.com/CanHub/Android-Image-Cropper", False),
    PolicySdk("Google Pay API", "Google LLC", "Payments", "Device info, payment token, transaction details",
              "https://policies.google.com/privacy", True),
)

# A distribution matching one of these must never be in the build (§5 denylist, plus analytics, social login,
# payment and HTTP-client packages in general: the "test fails if any … becomes a dependency").
DENYLIST = (
    "facebook-sdk", "facebook-business", "google-auth*", "google-analytics*", "sensorsanalyticssdk", "firebase*",
    "sentry-sdk", "zoho*", "requests", "requests-*", "httpx", "urllib3", "aiohttp", "httplib2", "pycurl",
    "tornado", "websocket*", "grpcio*", "pyside6-webengine", "pyside6", "pyside6-addons-webengine",
    "keyrings.alt", "keyrings.cryptfile", "mixpanel", "posthog", "amplitude*", "segment-analytics*",
    "analytics-python", "stripe", "braintree", "paypal*", "authlib", "oauthlib", "tweepy",
)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def denylisted(name: str) -> bool:
    n = normalise(name)
    for pattern in DENYLIST:
        p = normalise(pattern.rstrip("*"))
        if (pattern.endswith("*") and n.startswith(p)) or n == p:
            return True
    return False


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    collects_data: str  # "no" / "local files only"
    required_by: str = ""  # the distribution that pulled it in ("phocol-desktop" for a direct dependency)
    summary: str = ""  # the distribution's own one-line summary


_LOCAL_FILES = {"keyring", "platformdirs", "cryptography", "secretstorage", "jeepney"}


def _requirement_name(req: str) -> str | None:
    if ";" in req and "extra ==" in req.split(";", 1)[1]:
        return None  # an optional extra (test, camera) is not part of the build
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
    return m.group(1) if m else None


ROOT_DISTRIBUTION = "phocol-desktop"


# A distribution that declares no licence in its metadata: its files say which (the dashboard translates this).
LICENCE_NOT_DECLARED = QT_TRANSLATE_NOOP("Disclosures", "see distribution")


def components_in_build(root: str = ROOT_DISTRIBUTION) -> list[Component]:
    """The installed dependency closure of ``root`` (environment markers of extras excluded): the SBOM.

    Walked from the installed distributions' metadata (``importlib.metadata``), so the list is what this
    installation actually contains, never a hand-kept list."""
    seen: dict[str, Component] = {}
    todo = [(root, "")]
    while todo:
        name, parent = todo.pop(0)  # breadth first: ``required_by`` names the nearest parent
        key = normalise(name)
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        meta = dist.metadata
        licence = meta.get("License-Expression") or meta.get("License") or ""
        licence = licence.splitlines()[0][:60] if licence else LICENCE_NOT_DECLARED
        seen[key] = Component(meta["Name"], dist.version, licence,
                              "local files only" if key in _LOCAL_FILES else "no", parent,
                              (meta.get("Summary") or "").strip()[:120])
        for req in dist.requires or ():
            child = _requirement_name(req)
            if child is not None:
                todo.append((child, meta["Name"]))
    seen.pop(normalise(root), None)
    return sorted(seen.values(), key=lambda c: normalise(c.name))


def app_version(root: str = ROOT_DISTRIBUTION) -> str:
    try:
        return metadata.version(root)
    except metadata.PackageNotFoundError:
        return "0"


def cyclonedx_sbom(components: list[Component], *, timestamp: str, serial: str,
                   app: str = ROOT_DISTRIBUTION, version: str | None = None) -> dict[str, object]:
    """A CycloneDX 1.5 JSON SBOM of ``components`` (hand-built from the same metadata the dashboard shows, so the
    two lists are equal by construction and a test checks it). ``serial``: a UUID; ``timestamp``: RFC 3339."""
    version = version or app_version(app)

    def purl(c: Component) -> str:
        return f"pkg:pypi/{normalise(c.name)}@{c.version}"

    def ref(c: Component) -> str:
        return f"{normalise(c.name)}@{c.version}"

    by_key = {normalise(c.name): c for c in components}
    root_ref = f"{app}@{version}"
    deps: dict[str, list[str]] = {root_ref: []}
    for c in components:
        parent = by_key.get(normalise(c.required_by))
        deps.setdefault(ref(parent) if parent else root_ref, []).append(ref(c))
        deps.setdefault(ref(c), [])
    return {
        "bomFormat": "CycloneDX", "specVersion": "1.5", "serialNumber": f"urn:uuid:{serial}", "version": 1,
        "metadata": {"timestamp": timestamp,
                     "tools": {"components": [{"type": "application", "name": app, "version": version}]},
                     "component": {"type": "application", "bom-ref": root_ref, "name": app, "version": version,
                                   "purl": f"pkg:pypi/{app}@{version}"}},
        "components": [{"type": "library", "bom-ref": ref(c), "name": c.name, "version": c.version,
                        "purl": purl(c), "description": c.summary,
                        "licenses": [{"license": {"name": c.licence}}]} for c in components],
        "dependencies": [{"ref": k, "dependsOn": sorted(v)} for k, v in sorted(deps.items())],
    }
