"""The danger-list guard (PROTOCOL.md §9): allowlist only, whole packets refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phocol_desktop.domain.errors import DangerousCommand, ProtocolError
from phocol_desktop.protocol import status_codec
from phocol_desktop.protocol.quyin import guard, table


@pytest.fixture
def m02(model_table):
    return model_table.get("phomemo.m02")


def test_the_bricking_command_is_refused(m02):
    with pytest.raises(DangerousCommand, match="1F 11 15"):
        guard.check(bytes.fromhex("1F1115"), m02)
    with pytest.raises(DangerousCommand):
        guard.check(bytes.fromhex("1B40" "1F1115"), m02)  # hidden behind a valid command


def test_queries_are_limited_to_the_models_own_list(m02, model_table):
    guard.check(bytes.fromhex("1F1108"), m02)
    with pytest.raises(DangerousCommand, match="allowed queries"):
        guard.check(bytes.fromhex("1F1138"), m02)  # documented, but not measured on this model
    codec = status_codec(model_table.get("phomemo.m220"))
    assert codec.query(0x38) == bytes.fromhex("1F1138")
    with pytest.raises(DangerousCommand):
        codec.query(0x15)


def test_lzo_is_refused_for_models_without_it(m02):
    guard.check(bytes.fromhex("1F113500"), m02)
    with pytest.raises(DangerousCommand, match="LZO"):
        guard.check(bytes.fromhex("1F113501"), m02)


@pytest.mark.parametrize("hexbytes", [
    "1D7630000100050000",  # header announcing 5 bytes, 1 present
    "1D76300000000100",  # zero-width raster
    "1B",  # a truncated ESC
    "FF",
    "1F1200",
    "1B6105",  # ESC a with an undefined alignment
])
def test_malformed_or_unknown_sequences_are_refused(hexbytes, m02):
    with pytest.raises(DangerousCommand):
        guard.check(bytes.fromhex(hexbytes), m02)


def test_split_commands_names_what_it_found(m02):
    names = [c.name for c in guard.split_commands(bytes.fromhex(
        "10FFFE01" "1B40" "1B6101" "1F110204" "1D7630000100020080FF" "1B6402" "1F1108" "1FF005001FF00300"), m02)]
    assert names == ["m02_prefix", "init", "align", "density", "raster", "feed_lines", "query", "footer_1",
                     "footer_2"]


@given(code=st.integers(0, 255))
def test_any_undocumented_1F_11_code_is_refused(code):
    from phocol_desktop.domain.printer_model import load_model_table

    model = load_model_table().get("phomemo.p12")
    data = bytes((0x1F, 0x11, code, 0x00))
    known = code in set(table.QUERIES) | set(table.SETTINGS_WITH_ARG) | set(table.MEDIA_SELECTORS) | {table.COMPRESSION}
    if known:
        try:
            guard.check(data, model)
        except DangerousCommand:
            pass  # a documented code may still be refused (e.g. a query this model does not allow)
    else:
        with pytest.raises(DangerousCommand):
            guard.check(data, model)


@given(st.binary(max_size=64))
def test_the_guard_raises_only_its_typed_error_on_arbitrary_bytes(data):
    from phocol_desktop.domain.printer_model import load_model_table

    try:
        guard.check(data, load_model_table().get("phomemo.m220"))
    except ProtocolError:
        pass


def test_a_refusal_says_where_the_refused_bytes_start(m02):
    with pytest.raises(DangerousCommand) as exc:
        guard.split_commands(bytes.fromhex("1B40 1F1115"), m02)  # the undocumented 1F 11 xx after ESC @
    assert exc.value.offset == 2
