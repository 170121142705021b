"""The desktop identity under assets/: icon files, .desktop entry, AppStream metainfo, the .phocol MIME type.

The validators are the freedesktop reference tools (desktop-file-utils, appstream, shared-mime-info), which
.ci/run installs; every file name and id is checked against the one APP_ID in phocol_desktop/__init__.py.
"""

from __future__ import annotations

import configparser
import filecmp
import re
import subprocess
import tomllib
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from phocol_desktop import APP_ID, __version__
from tests.packaging.conftest import ICONS, LINUX, ROOT, require_tool

DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME = LINUX / f"{APP_ID}.mime.xml"
# What each photo extension the app opens is called on a desktop (shared-mime-info names).
MIME_OF_SUFFIX = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "heic": "image/heic",
                  "heif": "image/heif", "tif": "image/tiff", "tiff": "image/tiff", "webp": "image/webp",
                  "gif": "image/gif", "bmp": "image/bmp", "pdf": "application/pdf"}


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_passes_desktop_file_validate():
    exe = require_tool("desktop-file-validate", "desktop-file-utils")
    out = subprocess.run([exe, str(DESKTOP)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and out.stdout.strip() == "", out.stdout + out.stderr


def test_desktop_file_launches_the_gui_script_with_the_app_icon():
    entry = desktop_entry()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["gui-scripts"]
    assert entry["Exec"].split()[0] in scripts  # the gui-script: no console window, opens files (%F)
    assert entry["Exec"].split()[1] == "%F"
    assert entry["Icon"] == APP_ID
    assert (ICONS / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()


def test_desktop_file_offers_every_photo_format_the_app_opens_plus_pdf_and_projects():
    from phocol_desktop.ui.main_window import PHOTO_FILTER

    declared = set(filter(None, desktop_entry()["MimeType"].split(";")))
    suffixes = re.findall(r"\*\.(\w+)", PHOTO_FILTER.split(";;")[0])
    assert suffixes, PHOTO_FILTER
    missing = {s for s in suffixes if MIME_OF_SUFFIX.get(s) not in declared}
    assert not missing, f"add the MIME type of {sorted(missing)} to MimeType= (and MIME_OF_SUFFIX here)"
    assert {"application/pdf", "application/x-phocol-project"} <= declared


def test_metainfo_passes_appstreamcli_validate():
    exe = require_tool("appstreamcli", "appstream")
    out = subprocess.run([exe, "validate", "--no-net", "--no-color", str(METAINFO)], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    assert not re.search(r"^[EW]:", out.stdout, re.MULTILINE), out.stdout  # no errors, no warnings


def test_metainfo_names_the_app_its_desktop_file_and_current_release():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP.name
    newest = root.find("releases/release")
    assert newest.get("version") == __version__, "add a <release> for the new version to the metainfo"
    assert newest.find("description") is not None  # release notes, not just a number
    assert root.findtext("project_license") == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "license"]


def test_metainfo_screenshots_are_the_projects_own():
    images = [e.text for e in ET.parse(METAINFO).getroot().iter("image")]
    assert images
    for url in images:
        relative = url.split("/raw/main/", 1)[1]
        assert (ROOT / relative).is_file(), f"{url}: {relative} is not in the repository"
        assert relative.startswith("docs/screenshots/")


def test_phocol_mime_type_is_installable_and_matches_project_files(tmp_path):
    exe = require_tool("update-mime-database", "shared-mime-info")
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    (packages / f"{APP_ID}.xml").write_bytes(MIME.read_bytes())
    out = subprocess.run([exe, str(tmp_path / "mime")], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "error" not in out.stderr.lower(), out.stderr
    globs = (tmp_path / "mime" / "globs2").read_text()
    assert re.search(r"^\d+:application/x-phocol-project:\*\.phocol$", globs, re.MULTILINE), globs
    assert "application/x-phocol-project" in (tmp_path / "mime" / "types").read_text()


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256, 512])
def test_theme_icon_has_its_size(size):
    with Image.open(ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png") as im:
        assert im.size == (size, size) and im.mode == "RGBA"
        alpha = im.getchannel("A")
        assert alpha.getextrema() == (0, 255)  # a shape on a transparent ground, not a filled square


def test_runtime_icons_are_the_rendered_theme_icons():
    """The package data the windows use is exactly what tools/icons.py rendered (re-run it after editing)."""
    from phocol_desktop.ui.app import ICON_SIZES

    runtime = ROOT / "phocol_desktop" / "assets" / "icons"
    for size in ICON_SIZES:
        assert filecmp.cmp(runtime / f"app-{size}.png", ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png",
                           shallow=False), size


def test_windows_and_macos_icon_files_hold_every_size():
    with Image.open(ICONS / f"{APP_ID}.ico") as ico:
        assert {16, 32, 48, 256} <= {w for w, _h in ico.info["sizes"]}
    with Image.open(ICONS / f"{APP_ID}.icns") as icns:
        assert {(16, 16, 2), (512, 512, 2)} <= set(icns.info["sizes"])


def test_svg_sources_are_plain_svg():
    for name in (f"{APP_ID}.svg", f"{APP_ID}-16.svg", f"{APP_ID}-24.svg"):
        root = ET.parse(ICONS / name).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert not [e for e in root.iter() if e.tag.endswith(("script", "image", "foreignObject"))]
