"""kb.processes: a function run in a forked process, its value or its exception sent back."""

import os
import time

import pytest

from kb import processes
from kb.processes import Forked, process_count


def child_pid_and_sum(numbers: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def refuse(path: str) -> None:
    raise FileNotFoundError(2, "No such file or directory", path)


def sleep_long() -> None:
    time.sleep(60)


def exit_at_once() -> None:
    os._exit(3)


def test_forked_returns_the_value_computed_in_another_process():
    pid, total = Forked(child_pid_and_sum, [1, 2, 3]).result()
    assert (pid != os.getpid(), total) == (True, 6)


def test_forked_raises_the_childs_exception_here():
    with pytest.raises(FileNotFoundError) as raised:
        Forked(refuse, "missing.yml").result()
    assert (raised.value.errno, raised.value.strerror, raised.value.filename) == (2, "No such file or directory", "missing.yml")


def test_a_child_that_ends_without_a_result_is_an_error():
    with pytest.raises(ChildProcessError, match=r"^the forked process ended without sending its result \(exit status 3\)$"):
        Forked(exit_at_once).result()


def test_stop_ends_a_child_at_once():
    child = Forked(sleep_long)
    start = time.monotonic()
    child.stop()
    assert (child.process.is_alive(), time.monotonic() - start < 30) == (False, True)


def test_process_count_is_one_per_core_with_enough_items(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(processes, "usable_cores", lambda: 2)
    assert [process_count(items, 1_000) for items in (0, 999, 1_000, 1_999, 2_000, 50_000)] == [1, 1, 1, 1, 2, 2]


def test_process_count_is_one_where_processes_cannot_be_forked(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(processes, "usable_cores", lambda: 8)
    monkeypatch.setattr(processes, "can_fork", lambda: False)
    assert process_count(50_000, 1_000) == 1
