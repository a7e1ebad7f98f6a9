"""The deadline watcher shared by the response deadline and the extraction budget."""

from __future__ import annotations

import math
import threading
import time

from pipeline.deadlines import Deadlines


def test_an_earlier_deadline_armed_after_a_later_one_fires_on_time() -> None:
    deadlines = Deadlines("test-deadlines")
    fired = threading.Event()
    late = deadlines.arm(time.monotonic() + 60, lambda: None)  # the watcher now sleeps for 60 s
    started = time.monotonic()
    early = deadlines.arm(time.monotonic() + 0.05, fired.set)
    assert fired.wait(5), "an earlier deadline must wake the watcher"
    assert time.monotonic() - started < 2
    assert deadlines.disarm(early) is True
    assert deadlines.disarm(late) is False


def test_disarmed_deadlines_never_fire_and_do_not_pile_up() -> None:
    deadlines = Deadlines("test-deadlines")
    calls: list[int] = []
    for n in range(1000):  # one page after another: arm, disarm
        key = deadlines.arm(time.monotonic() + 0.2, lambda n=n: calls.append(n))  # type: ignore[misc]
        assert deadlines.disarm(key) is False
    assert len(deadlines._heap) <= 1  # the disarmed ones were dropped as the next was armed
    time.sleep(0.4)
    assert calls == []


def test_same_length_budgets_fire_in_order() -> None:
    deadlines = Deadlines("test-deadlines")
    order: list[int] = []
    done = threading.Event()
    now = time.monotonic()
    keys = [deadlines.arm(now + 0.05 * (n + 1), lambda n=n: order.append(n)) for n in range(3)]  # type: ignore[misc]
    deadlines.arm(now + 0.3, done.set)
    assert done.wait(5)
    assert order == [0, 1, 2]
    assert all(deadlines.disarm(k) for k in keys)


def test_expire_all_fires_infinite_deadlines_with_their_tags() -> None:
    deadlines = Deadlines("test-deadlines")
    own: list[str] = []
    keys = [deadlines.arm(math.inf, lambda: own.append("timed out"), tag=n) for n in range(3)]
    expired: list[object] = []
    assert deadlines.expire_all(expired.append) == 3
    assert expired == [0, 1, 2] and own == []  # the interrupt's action, not the deadline's
    assert deadlines.expire_all(expired.append) == 3 and len(expired) == 3  # once each
    assert all(deadlines.disarm(k) for k in keys)


def test_an_alarm_left_without_disarming_stops_raising_once_its_block_frame_is_gone() -> None:
    """A raise delivered inside ``__exit__`` itself aborts the disarming: the repeats must not then
    land in whatever code runs next (they once could, and crashed a benchmark run under load)."""
    from pipeline.deadlines import REPEAT_S, ThreadAlarm, TimeLimit

    alarm = ThreadAlarm(Deadlines("test-alarm"), 0.05, TimeLimit)

    def enter_and_leave_without_exit() -> str:
        try:
            alarm.__enter__()
            while True:
                pass
        except TimeLimit:
            return "stopped"  # leaves the block's frame with the alarm still armed

    assert enter_and_leave_without_exit() == "stopped"
    time.sleep(4 * REPEAT_S)  # a repeat raised here would fail the test
    assert alarm._key is None  # it disarmed itself


def test_a_child_forked_while_another_thread_holds_the_lock_arms_its_own_deadlines() -> None:
    """A process pool forks its workers from the driver. A driver that fetched or extracted pages
    itself before (the Python API called again, a test process: ``test_scheduled_runs`` timed out
    once at load 10) has the watcher thread, which holds the lock between two waits; a worker
    forked then inherited the lock held, and its first page's deadline waited for it for ever.
    The child now starts its deadlines afresh (a real fork while a thread holds the lock)."""
    import multiprocessing

    deadlines = Deadlines("test-deadlines")
    deadlines.disarm(deadlines.arm(time.monotonic() + 60, lambda: None))  # the watcher thread runs
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with deadlines._cond:
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    assert held.wait(5)
    fired = multiprocessing.get_context("fork").Event()

    def child() -> None:
        key = deadlines.arm(time.monotonic() + 0.05, fired.set)
        fired.wait(5)
        deadlines.disarm(key)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    release.set()
    process.join(20)  # a failure bound: the child waited for ever before
    if process.is_alive():
        process.kill()
        process.join()
    assert process.exitcode == 0 and fired.is_set()
