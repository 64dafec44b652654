"""kb.bench: the synthetic records it measures are valid records."""

from pathlib import Path

from kb.bench import synthetic_records
from kb.check import check_records


def test_synthetic_records_are_valid(tmp_path: Path):
    synthetic_records(tmp_path / "records", 60)
    records, problems = check_records(tmp_path / "records")
    assert [str(problem) for problem in problems] == []
    assert len(records) == 60
