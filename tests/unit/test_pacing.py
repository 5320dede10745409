import asyncio

from bot.pacing import Pacer


class FakeTime:
    """A monotonic clock that only moves when the pacer sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


async def test_a_burst_is_spread_to_the_rate() -> None:
    time = FakeTime()
    pacer = Pacer(rate=40, monotonic=time.monotonic, sleep=time.sleep)
    for _ in range(41):
        await pacer.wait()
    assert len(time.sleeps) == 40
    assert abs(time.now - 101.0) < 1e-9


async def test_an_idle_pacer_does_not_wait() -> None:
    time = FakeTime()
    pacer = Pacer(rate=40, monotonic=time.monotonic, sleep=time.sleep)
    await pacer.wait()
    time.now += 1
    await pacer.wait()
    time.now += 0.5
    await pacer.wait()
    assert time.sleeps == []


async def test_work_with_a_slot_taken_for_it_makes_its_first_request_on_that_slot() -> None:
    time = FakeTime()
    pacer = Pacer(rate=40, monotonic=time.monotonic, sleep=time.sleep)
    for _ in range(10):  # ten timer runs back to back, each making two requests
        await pacer.wait()
        with pacer.prepaid():
            await pacer.wait()
            await pacer.wait()
    assert abs(time.now - 100.0 - 19 / 40) < 1e-9  # 20 slots, not 30


async def test_a_prepaid_slot_is_used_once_even_by_tasks_the_work_starts() -> None:
    time = FakeTime()
    pacer = Pacer(rate=40, monotonic=time.monotonic, sleep=time.sleep)
    await pacer.wait()
    with pacer.prepaid():
        await asyncio.gather(*(asyncio.ensure_future(pacer.wait()) for _ in range(3)))
    await pacer.wait()
    assert len(time.sleeps) == 3  # the run's slot, then three more slots for four requests
