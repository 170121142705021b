"""Quyin job encoder: a raster plus job options become tagged packets, in the model's ``job_template`` order.

The template is data (assets/printer_models.json); each step id must be in ``STEPS``, the allowlist of
encoders. Every packet is checked by the guard before the job is returned, so a bad template or an
override file naming an undocumented command can never reach a printer.

The raster is in head orientation (rows as they pass the head); imaging has already rotated it for
``rotate: 90`` models and rendered it at most ``head_dots`` wide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from phocol_desktop.domain.errors import DangerousCommand, ProtocolError
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.printer_model import LevelSetting, PrinterModel
from phocol_desktop.domain.raster import BandedRaster, Raster
from phocol_desktop.domain.words import QT_TRANSLATE_NOOP
from phocol_desktop.protocol.packets import EncodedJob, Packet, PacketKind, PacketStream, StreamedJob
from phocol_desktop.protocol.quyin import commands, guard

MAX_ROWS = commands.MAX_RASTER_ROWS
P12_REPLY_WAIT_S = 0.5  # phomymo waits up to 500 ms for a notification after each handshake group


class InvalidJobOptions(ProtocolError):
    advice = QT_TRANSLATE_NOOP("Errors", "Choose a value inside the printer's range (see `phocol-desktop models`).")


@dataclass(frozen=True)
class _Ctx:
    model: PrinterModel
    options: JobOptions
    raster: Raster
    blocks: tuple[Raster, ...]
    printer_copies: int
    copy_index: int


def _setting(kind: PacketKind, data: bytes, step: str, ctx: _Ctx) -> list[Packet]:
    return [Packet(kind, data, step, copy_index=ctx.copy_index)]


def _level_step(name: str) -> Callable[[_Ctx, Mapping[str, Any]], list[Packet]]:
    def step(ctx: _Ctx, args: Mapping[str, Any]) -> list[Packet]:
        setting: LevelSetting | None = getattr(ctx.model, name)
        if setting is None:
            return []  # the model has no such setting: the template step is a no-op for it
        value = getattr(ctx.options, name)
        return _setting(PacketKind.SETTING, commands.level(setting, value), name, ctx)

    return step


def _left_margin(ctx: _Ctx, args: Mapping[str, Any]) -> list[Packet]:
    spare = ctx.model.bytes_per_line - ctx.raster.bytes_per_row
    margin = {"right": spare, "center": spare // 2}.get(ctx.model.align, 0)
    return _setting(PacketKind.SETTING, commands.left_margin(margin), "left_margin", ctx)


def _media(ctx: _Ctx, args: Mapping[str, Any]) -> list[Packet]:
    return _setting(PacketKind.SETTING, commands.media(ctx.options.media or ctx.model.media_default), "media", ctx)


def _raster(ctx: _Ctx, args: Mapping[str, Any]) -> list[Packet]:
    return [Packet(PacketKind.RASTER, commands.raster_block(b.bytes_per_row, b.data), "raster", rows=b.height,
                   copy_index=ctx.copy_index) for b in ctx.blocks]


def _feed_lines(ctx: _Ctx, args: Mapping[str, Any]) -> list[Packet]:
    return _setting(PacketKind.FEED, commands.feed_lines(int(args.get("n", 0))), "feed_lines", ctx)


def _feed_dots(ctx: _Ctx, args: Mapping[str, Any]) -> list[Packet]:
    return _setting(PacketKind.FEED, commands.feed_dots(int(args.get("n", 0))), "feed_dots", ctx)


def _esc7_heat(ctx: _Ctx, args: Mapping[str, Any]) -> list[Packet]:
    """ESC 7 (D30 variants of phomymo and PhomemoStudio): max dots, heat time, interval from the template."""
    data = commands.esc7_heat(int(args.get("max_dots", 7)), int(args.get("heat_time", 120)),
                              int(args.get("interval", 2)))
    return _setting(PacketKind.SETTING, data, "esc7_heat", ctx)


def _query(ctx: _Ctx, args: Mapping[str, Any]) -> list[Packet]:
    try:
        code = int(str(args["code"]), 16)
    except (KeyError, ValueError):
        raise DangerousCommand(f"A 'query' step needs a hex 'code', got {dict(args)!r}.") from None
    return _setting(PacketKind.QUERY, commands.query(code), "query", ctx)


def _p12_init(ctx: _Ctx, args: Mapping[str, Any]) -> list[Packet]:
    out = []
    for group in commands.P12_HANDSHAKE:
        for n, code in enumerate(group):
            wait = P12_REPLY_WAIT_S if n == len(group) - 1 else 0.0
            out.append(Packet(PacketKind.QUERY, commands.query(code), "p12_init", copy_index=ctx.copy_index,
                              await_reply_s=wait))
    return out


def _fixed(kind: PacketKind, name: str, make: Callable[[], bytes]) -> Callable[[_Ctx, Mapping[str, Any]], list[Packet]]:
    return lambda ctx, args: _setting(kind, make(), name, ctx)


STEPS: dict[str, Callable[[_Ctx, Mapping[str, Any]], list[Packet]]] = {
    "m02_prefix": _fixed(PacketKind.SETTING, "m02_prefix", commands.m02_prefix),
    "init": _fixed(PacketKind.INIT, "init", commands.init),
    "align_center": _fixed(PacketKind.SETTING, "align_center", commands.align_center),
    "density": _level_step("density"),
    "speed": _level_step("speed"),
    "heat": _level_step("heat"),
    "media": _media,
    "esc7_heat": _esc7_heat,
    "left_margin": _left_margin,
    "copies": lambda ctx, args: _setting(PacketKind.SETTING, commands.copies(ctx.printer_copies), "copies", ctx),
    "compression_off": _fixed(PacketKind.SETTING, "compression_off", commands.compression_off),
    "raster": _raster,
    "feed_lines": _feed_lines,
    "feed_dots": _feed_dots,
    "query": _query,
    "m110_footer": _fixed(PacketKind.FOOTER, "m110_footer", commands.m110_footer),
    "p12_init": _p12_init,
}


def _check_options(options: JobOptions, model: PrinterModel) -> None:
    for name in ("density", "speed", "heat"):
        value = getattr(options, name)
        setting: LevelSetting | None = getattr(model, name)
        if value is None:
            continue
        if setting is None:
            raise InvalidJobOptions(f"{model.display_name} has no {name} setting.")
        if not setting.min <= value <= setting.max:
            raise InvalidJobOptions(f"{name.capitalize()} {value} is outside {setting.min}..{setting.max} "
                                    f"for {model.display_name}.")
    if options.media is not None and options.media not in model.media_kinds:
        raise InvalidJobOptions(f"{model.display_name} does not take {options.media!r} media.",
                                "Choose one of: " + ", ".join(model.media_kinds))


def _split(raster: Raster, max_rows: int) -> tuple[Raster, ...]:
    step = max(1, min(max_rows, MAX_ROWS))
    return tuple(raster.rows(start, start + step) for start in range(0, raster.height, step))


def encode_job(raster: Raster | BandedRaster, options: JobOptions, model: PrinterModel) -> EncodedJob:
    """The whole job for ``model``: packets in wire order, each one checked by the guard.

    A ``BandedRaster`` (a strip too long to hold as one image) gives a ``StreamedJob``: the same packets,
    made block by block from the bands while the job is sent.
    """
    if isinstance(raster, BandedRaster):
        return _encode_bands(raster, options, model)
    if raster.width > model.head_dots:
        raise ProtocolError(f"The image is {raster.width} dots wide; the {model.display_name} head has "
                            f"{model.head_dots}.", "Render the photo for this printer model.")
    if raster.height == 0:
        raise ProtocolError("The image has no rows to print.", "Choose a photo or a longer paper size.")
    _check_options(options, model)
    template = model.job_template
    unknown = [s.step for s in template if s.step not in STEPS]
    if unknown:
        raise DangerousCommand(f"{model.display_name}'s job template names unknown step(s) {', '.join(unknown)}.",
                               "Fix the model table or its override: only allowlisted steps can be sent.")
    if sum(1 for s in template if s.step == "raster") != 1:
        raise ProtocolError(f"{model.display_name}'s job template must have exactly one 'raster' step.")

    copies = options.copies
    printable = raster
    repeats = copies
    printer_copies = 1
    if model.single_block:
        # One GS v 0 only (the M04 ignores later headers): copies become one tall raster.
        if raster.height * copies > MAX_ROWS:
            raise ProtocolError(f"{copies} copies of {raster.height} rows exceed the {model.display_name}'s "
                                f"single raster of at most {MAX_ROWS} rows.", "Print fewer copies at a time.")
        printable = Raster(raster.width, raster.height * copies, raster.data * copies)
        repeats = 1
    blocks = _split(printable, model.max_rows_per_block if not model.single_block else MAX_ROWS)
    if any(s.step == "copies" for s in template) and len(blocks) == 1 and not model.single_block:
        # "1F 11 21 n" repeats the next raster; with several blocks it would print A A B B, so repeat instead.
        printer_copies, repeats = copies, 1

    packets: list[Packet] = []
    for copy_index in range(repeats):
        ctx = _Ctx(model, options, raster, blocks, printer_copies, copy_index)
        for step in template:
            packets.extend(STEPS[step.step](ctx, step.args))
    for packet in packets:
        guard.check(packet.data, model)
    raster_packets = sum(1 for p in packets if p.kind is PacketKind.RASTER)
    return EncodedJob(
        model_id=model.id,
        packets=tuple(packets),
        bytes_per_row=raster.bytes_per_row,
        rows_per_copy=raster.height,
        copies=copies,
        printer_copies=printer_copies,
        blocks_per_copy=len(blocks),
        expected_completions=raster_packets if model.completion == "frame" else 0,
    )


def _check_template(model: PrinterModel) -> None:
    unknown = [s.step for s in model.job_template if s.step not in STEPS]
    if unknown:
        raise DangerousCommand(f"{model.display_name}'s job template names unknown step(s) {', '.join(unknown)}.",
                               "Fix the model table or its override: only allowlisted steps can be sent.")
    if sum(1 for s in model.job_template if s.step == "raster") != 1:
        raise ProtocolError(f"{model.display_name}'s job template must have exactly one 'raster' step.")


def _blocks_from_bands(page: BandedRaster, block_rows: list[int]) -> Iterator[Raster]:
    """Regroup the page's bands into printer blocks of ``block_rows`` rows (a band may span blocks)."""
    bpr = page.bytes_per_row
    pending = bytearray()
    sizes = iter(block_rows)
    want = next(sizes, 0)
    for band in page.bands():
        if band.width != page.width:
            raise ProtocolError(f"A band is {band.width} dots wide; the page is {page.width}.")
        pending += band.data
        while want and len(pending) >= want * bpr:
            yield Raster(page.width, want, bytes(pending[: want * bpr]))
            del pending[: want * bpr]
            want = next(sizes, 0)
    if want or pending:
        raise ProtocolError(f"The bands do not add up to the page's {page.height} rows.")


def _encode_bands(page: BandedRaster, options: JobOptions, model: PrinterModel) -> EncodedJob:
    """``encode_job`` for a page made band by band: the packets are made as they are sent (``StreamedJob``)."""
    if page.width > model.head_dots:
        raise ProtocolError(f"The image is {page.width} dots wide; the {model.display_name} head has "
                            f"{model.head_dots}.", "Render it for this printer model.")
    if page.height == 0:
        raise ProtocolError("The image has no rows to print.", "Choose a longer strip.")
    _check_options(options, model)
    _check_template(model)
    max_rows = MAX_ROWS if model.single_block else max(1, min(model.max_rows_per_block, MAX_ROWS))
    block_rows = [min(max_rows, page.height - start) for start in range(0, page.height, max_rows)]
    if model.single_block and (len(block_rows) > 1 or options.copies > 1 and page.height * options.copies > MAX_ROWS):
        raise ProtocolError(f"The {model.display_name} takes one raster of at most {MAX_ROWS} rows; this strip is "
                            f"{page.height} rows long.", "Print a shorter strip.")
    # Copies of a strip are repeated (its bands rendered again), never stacked or made by the printer.
    repeats = options.copies
    probe = Raster(page.width, 1, bytes(page.bytes_per_row))  # what the non-raster steps read (its width)
    template = model.job_template

    def copy_packets(copy_index: int) -> Iterator[Packet]:
        ctx = _Ctx(model, options, probe, (), 1, copy_index)
        for step in template:
            if step.step != "raster":
                for packet in STEPS[step.step](ctx, step.args):
                    guard.check(packet.data, model)
                    yield packet
                continue
            for block in _blocks_from_bands(page, block_rows):
                packet = Packet(PacketKind.RASTER, commands.raster_block(block.bytes_per_row, block.data), "raster",
                                rows=block.height, copy_index=copy_index)
                guard.check(packet.data, model)
                yield packet

    def make() -> Iterator[Packet]:
        for copy_index in range(repeats):
            yield from copy_packets(copy_index)

    ctx = _Ctx(model, options, probe, (), 1, 0)
    other = sum(len(p.data) for step in template if step.step != "raster" for p in STEPS[step.step](ctx, step.args))
    raster_bytes = sum(len(commands.raster_header(page.bytes_per_row, rows)) + rows * page.bytes_per_row
                       for rows in block_rows)
    return StreamedJob(
        model_id=model.id, packets=PacketStream(make), bytes_per_row=page.bytes_per_row,  # type: ignore[arg-type]
        rows_per_copy=page.height, copies=options.copies, printer_copies=1, blocks_per_copy=len(block_rows),
        expected_completions=len(block_rows) * repeats if model.completion == "frame" else 0,
        sizes=((other + raster_bytes) * repeats, raster_bytes * repeats, page.height * repeats))
