"""kb.records.check: a records folder read in one process or several gives the same records and problems."""

from pathlib import Path

import pytest

from kb.records.check import check_records, read_records, split_runs
from tests.conftest import INVALID, VALID



def summary(records_dir: Path, processes: int) -> tuple[list, list[str]]:
    records, problems = check_records(records_dir, processes)
    return records, [str(p) for p in problems]


@pytest.mark.parametrize("folder", [VALID, INVALID], ids=["valid", "invalid"])
def test_several_processes_read_what_one_reads(folder: Path):
    one = summary(folder, 1)
    assert summary(folder, 2) == one
    assert summary(folder, 3) == one
    assert one[0] and (one[1] == []) == (folder == VALID)


def test_read_records_keeps_the_order_of_the_files():
    records, _ = read_records(INVALID, 4)
    files = [record.file for record in records]
    assert files == sorted(files, key=lambda file: (Path(file).parent.name, Path(file).name))


def test_split_runs_gives_the_first_run_a_larger_share_and_loses_nothing():
    assert split_runs(list(range(9)), 2) == [[0, 1, 2, 3, 4], [5, 6, 7, 8]]
    assert split_runs(list(range(10_000)), 2)[0] == list(range(5_455))
    assert split_runs(list(range(3)), 5) == [[0], [1], [2]]
    assert split_runs([], 2) == [[]]
    assert [len(run) for run in split_runs(list(range(100)), 3)] == [38, 31, 31]
