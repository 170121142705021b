"""Class 6 of issue #12 (and #16 item 9): the app log, crash logs and support bundles never hold a path or
the name of a user's file, whatever its spelling: spaces, unicode, relative, other mounts, Windows drives."""

from __future__ import annotations

import io
import logging
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phocol_desktop.domain.redaction import USER_FILE_EXTENSIONS, redact_paths
from phocol_desktop.support.crash import format_exception
from phocol_desktop.support.redact import redact_text

LEAKS = [
    ("opened <home>/My Projects/alice_birthday.phocol", "alice"),
    ("opened '/home/u/My Projects/alice_birthday.phocol'", "alice"),
    ("No such file or directory: '/media/bob/My Photos/IMG 1234.jpg'", "bob"),
    ("No such file or directory: '/media/bob/My Photos/IMG 1234.jpg'", "IMG"),
    ("saved to /media/alice smith/summer trip.png, done", "smith"),
    ("saved to /media/alice smith/summer trip.png, done", "summer"),
    ("read /mnt/usb/carol/party.heic", "carol"),
    ("read /run/media/dave/CAMERA/DCIM/100/x.jpg", "dave"),
    (r"C:\Users\Erin Doe\Pictures\beach day.jpg failed", "Erin"),
    (r"C:\Users\Erin Doe\Pictures\beach day.jpg failed", "beach"),
    ("C:/Users/frank/Desktop/plan.pdf", "frank"),
    (r"\\nas\share\grace\x.csv", "grace"),
    ("relative Projects/heidi_wedding.phocol", "heidi"),
    ("relative ./ivan/photos/x.png", "ivan"),
    ("opened 生日 照片.jpg", "照片"),
    ("opened '生日 照片.jpg'", "生日"),
    ("file:///home/judy/a.png", "judy"),
    ("photo kim.JPG, and IMG_0001.heic.", "kim"),
    ("project 'Lee family.phocol'", "Lee"),
    ('File "/media/mallory/scripts/run.py", line 3', "mallory"),
]


@pytest.mark.parametrize(("text", "secret"), LEAKS)
def test_the_grammar_removes_every_part_of_a_path_or_file_name(text, secret):
    assert secret not in redact_text(text)


@pytest.mark.parametrize("text", [
    'File "phocol_desktop/services/app.py", line 3, in open_photo',
    'File "bleak/backends/bluezdbus/client.py", line 9',
    "printed 300 rows in 1.2 s (density 3/5)",
    "see https://phocol.com/privacy for the policy",
    "and/or 1/2 ratio 3:4",
])
def test_code_locations_web_addresses_and_prose_stay(text):
    assert redact_text(text) == text


def test_the_placeholders_keep_the_kind_of_file():
    assert redact_paths("opened alice.JPG and /x/y/b.phocol") == "opened <file>.jpg and <path>"


_COMPONENT = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd"),
                                            whitelist_characters="-_ "), min_size=3, max_size=12) \
    .map(str.strip).filter(lambda c: len(c) >= 3)
_PREFIXES = ["/", "~/", "/media/", "/mnt/", "/run/media/", "C:\\", "D:/", "\\\\nas\\", "./", "../", "", "file:///"]
_TEMPLATES = ["opened {p}", "error: '{p}'", 'File "{p}", line 3', "could not read {p}: damaged", "({p})",
              "[Errno 2] No such file or directory: '{p}'", "saved {p}, 3 pages", "{p}"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(_PREFIXES), parts=st.lists(_COMPONENT, min_size=1, max_size=4),
       name=_COMPONENT, ext=st.sampled_from(USER_FILE_EXTENSIONS), upper=st.booleans(),
       template=st.sampled_from(_TEMPLATES))
def test_property_no_component_of_a_random_path_survives(prefix, parts, name, ext, upper, template):
    sep = "\\" if "\\" in prefix else "/"
    if prefix in ("", "./", "../") and " " in parts[0]:
        parts = [parts[0].replace(" ", "_"), *parts[1:]]  # an unquoted relative path starts at a word
    path = prefix + sep.join([*parts, f"{name}.{ext.upper() if upper else ext}"])
    line = template.format(p=path)
    out = redact_text(line)
    around = template.replace("{p}", "")
    for comp in [*parts, name]:
        for word in comp.split():
            if len(word) >= 3 and word not in around and word not in "<path><file><home>":
                assert word not in out, (line, out)


def test_crash_logs_lose_paths_on_other_mounts_and_file_names():
    try:
        raise FileNotFoundError(2, "No such file or directory", "/media/oscar/Holiday Photos/IMG 77.heic")
    except FileNotFoundError as exc:
        text = format_exception(type(exc), exc, exc.__traceback__)
    assert "oscar" not in text and "Holiday" not in text and "IMG" not in text
    assert "test_redaction.py" in text or "line" in text  # the traceback's code locations stay useful


def test_the_app_log_never_holds_a_photo_path_or_name(app_paths, tmp_path):
    from phocol_desktop.storage.logging_setup import configure_logging

    handler = configure_logging(app_paths)
    try:
        log = logging.getLogger("phocol_desktop.test")
        photo = tmp_path / "media" / "peggy smith" / "birthday party.jpg"
        log.info("opened %s", photo)
        log.warning("could not read %r", str(photo))
        try:
            open(photo)  # noqa: SIM115 - raises
        except OSError:
            log.exception("load failed")
        handler.flush()
        text = (app_paths.logs / "phocol-desktop.log").read_text(encoding="utf-8")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    for secret in ("peggy", "smith", "birthday", "party", str(tmp_path)):
        assert secret not in text, secret
    assert text.count("<path>") >= 3


def test_stderr_logging_is_redacted_too(app_paths):
    from phocol_desktop.storage.logging_setup import configure_logging

    stream = io.StringIO()
    handler = configure_logging(app_paths, to_stderr=True)
    console = next(h for h in logging.getLogger().handlers if getattr(h, "_phocol", False) and h is not handler)
    console.setStream(stream)
    try:
        logging.getLogger("phocol_desktop.test").warning("project /media/quinn/x.phocol")
    finally:
        for h in (handler, console):
            logging.getLogger().removeHandler(h)
            h.close()
    assert "quinn" not in stream.getvalue() and "<path>" in stream.getvalue()


def test_no_printable_ascii_separator_is_missed():
    for sep in "/\\":
        for ch in string.ascii_letters[:5]:
            assert "secretname" not in redact_text(f"x {sep}{ch}{sep}secretname.png y")


@pytest.mark.parametrize("text", ["opened /0 0 000/0 0 0.jpg", "saved /srv/My Old Holiday/Best Of/IMG 1.heic, 3 pages"])
def test_plain_words_between_the_pieces_of_a_path_are_part_of_it(text):
    """Hypothesis found "/0 0 000/0 0 0.jpg" leaving "000": a folder name of several words between pieces."""
    out = redact_text(text)
    assert "000" not in out and "Holiday" not in out and "Best" not in out and "<path>" in out
