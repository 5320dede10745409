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
