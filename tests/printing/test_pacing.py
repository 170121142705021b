"""The pacer's plan and its flow-control gates (families with credit or pause/resume flow control)."""

from __future__ import annotations

import dataclasses

from phocol_desktop.domain.clock import SimClock
from phocol_desktop.domain.job import JobOptions
from phocol_desktop.domain.raster import Raster
from phocol_desktop.protocol import encode_job
from phocol_desktop.protocol.packets import FlowSignal
from phocol_desktop.transport.base import LinkInfo
from phocol_desktop.transport.pacing import Pacer, PacingPlan, plan_for


def job_for(model):
    return encode_job(Raster(model.head_dots, 10, bytes(model.bytes_per_line * 10)), JobOptions(), model)


def test_chunk_is_the_smallest_of_profile_mtu_att_and_write_size(model_table):
    model = model_table.get("phomemo.m02")
    job = job_for(model)
    assert plan_for(model, LinkInfo("ble", 23, 20, False), job).chunk == 20
    assert plan_for(model, LinkInfo("ble", 247, 244, False), job).chunk == 128  # fixed: the profile's 128
    measured = dataclasses.replace(model, pacing=dataclasses.replace(model.pacing, buffer_bytes=4096,
                                                                     lines_per_s=100))
    plan = plan_for(measured, LinkInfo("ble", 517, 512, False), job)
    assert plan.mode == "buffer" and plan.chunk == 512 and plan.drain_bytes_per_s == 4800
    assert plan_for(measured, LinkInfo("ble", 517, 180, False), job).chunk == 180  # max write size wins


async def test_buffer_mode_bursts_to_the_buffer_then_streams_at_head_speed():
    clock = SimClock()
    plan = PacingPlan("buffer", 100, 0, 0, 0, 0, buffer_bytes=1000, drain_bytes_per_s=1000)
    pacer = Pacer(plan, clock, bytes_per_row=10)
    for _ in range(9):  # 900 bytes fit under 1000 - 2 rows of headroom at once
        await pacer.before_write(100)
        pacer.wrote(100)
    assert clock.now() == 0
    await pacer.before_write(100)  # now it waits for exactly the head to make room
    assert abs(clock.now() - 0.02) < 1e-9


async def test_pause_resume_flow_control_holds_writes_until_resumed():
    clock = SimClock()
    plan = PacingPlan("fixed", 100, 0.0, 0, 0, 0, None, None, flow_control="pause_resume")
    pacer = Pacer(plan, clock, 10)
    pacer.signal(FlowSignal("pause"))
    import asyncio

    async def resume_later():
        while clock.now() < 0.5:
            await asyncio.sleep(0)
        pacer.signal(FlowSignal("resume"))

    task = asyncio.create_task(resume_later())
    await pacer.before_write(100)
    await task
    assert 0.5 <= clock.now() < 0.52


async def test_credit_flow_control_spends_credits_and_falls_back_when_none_come():
    clock = SimClock()
    pacer = Pacer(PacingPlan("fixed", 90, 0.0, 0, 0, 0, None, None, flow_control="credit"), clock, 10)
    pacer.signal(FlowSignal("credit", 2))
    for _ in range(2):
        await pacer.before_write(90)
        pacer.wrote(90)
    assert clock.now() == 0 and pacer.credits == 0
    await pacer.before_write(90)  # no credit for 1 s: carry on slowly rather than hang
    assert clock.now() >= 1.0


def test_a_small_buffer_gets_chunks_of_at_most_half_of_it(model_table):
    model = model_table.get("phocol.generic384")
    small = dataclasses.replace(model, pacing=dataclasses.replace(model.pacing, buffer_bytes=1024, lines_per_s=100))
    plan = plan_for(small, LinkInfo("ble", 517, 512, False), job_for(small))
    assert plan.chunk == (1024 - 2 * 48) // 2
