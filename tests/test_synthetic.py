"""The synthetic data generator: valid, deterministic, shaped like the seeds, never over real data."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from ametijuhend import synthetic
from ametijuhend.errors import Severity, format_report
from ametijuhend.models import Status
from ametijuhend.project import load_project
from ametijuhend.synthetic import MARKER, generate

ROOT = Path(__file__).resolve().parents[1]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


@pytest.mark.parametrize(("n", "seed"), [(1, 0), (5, 3), (40, 1), (300, 0), (300, 42)])
def test_generated_data_validates_without_errors(tmp_path: Path, n: int, seed: int) -> None:
    stats = generate(tmp_path, n, seed)
    project = load_project(tmp_path)
    assert project.errors == [], format_report(project.errors)
    assert stats.positions == n == len(project.data.positions)
    assert len(project.data.units) == stats.units


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    generate(tmp_path / "a", 60, seed=7)
    generate(tmp_path / "b", 60, seed=7)
    generate(tmp_path / "c", 60, seed=8)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_every_file_and_id_is_marked_synthetic(tmp_path: Path) -> None:
    generate(tmp_path, 50)
    for name, raw in _files(tmp_path).items():
        assert MARKER in raw.decode("utf-8").split("\n", 3)[1], name
    project = load_project(tmp_path)
    ids = [*project.links.positions, *project.links.units, *project.links.competencies, *project.links.referenced]
    assert ids and all(i.startswith("sunt-") for i in ids)
    assert all(p.source and MARKER in p.source for p in project.data.positions)


def test_shapes_resemble_the_seeds(tmp_path: Path) -> None:
    generate(tmp_path, 400, seed=5)
    project = load_project(tmp_path)
    positions = project.data.positions
    sizes = [(tmp_path / f"{p.id}.yaml").stat().st_size for p in positions]
    assert 8_000 < sum(sizes) / len(sizes) < 14_000  # the seeds are 8–12 KB of text
    complete = [p for p in positions if p.status is not Status.MUSTAND]
    assert {len(p.duties) for p in complete} <= set(range(5, 13))
    assert any(d.subtasks for p in complete for d in p.duties)
    assert all(d.results for p in complete for d in p.duties)
    levels = {lvl.level for p in complete for req in p.requirements.languages for lvl in req.levels}  # type: ignore[union-attr]
    assert {"B1", "B2", "C1"} <= levels
    assert any(use.name for p in positions for use in p.competencies.additional)  # own wording
    assert {p.document_type.value for p in positions} == {"ametnik", "tootaja"}
    drafts = [p for p in positions if p.status is Status.MUSTAND]
    assert drafts and all(p.missing for p in drafts)
    # units form the three levels; substitutes are mostly mutual, some one-sided
    assert {u.kind.value for u in project.data.units} == {"osakond", "talitus", "tiim"}
    mutual = sum(1 for p in positions for t in p.substituted_by
                 if t in project.links.positions and p.id in project.links.positions[t].substitutes_for)
    assert len(project.links.one_sided) > 0 and mutual > 4 * len(project.links.one_sided)
    warnings = {p.message.key for p in project.problems if p.severity is Severity.WARNING}
    assert warnings <= {"link.one_sided"}
    # managers form a tree that ends at positions without a file
    assert project.links.referenced_by and project.links.reports
    for position in positions:
        seen, current = set(), position.manager
        while current in project.links.positions:
            assert current not in seen
            seen.add(current)
            current = project.links.positions[current].manager
        assert current is None or current in project.links.referenced


def test_units_and_catalogues_scale_with_n(tmp_path: Path) -> None:
    small = generate(tmp_path / "s", 100)
    large = generate(tmp_path / "l", 1000)
    assert 8 * small.units <= large.units <= 12 * small.units
    assert small.competencies == large.competencies  # a fixed catalogue, like the real one


def test_refuses_a_folder_with_real_data(tmp_path: Path) -> None:
    (tmp_path / "noustaja.yaml").write_text("id: noustaja\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not synthetic"):
        generate(tmp_path, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["noustaja.yaml"]


def test_refuses_the_repository_positions_folder() -> None:
    if not any((ROOT / "positions").rglob("*.yaml")):
        pytest.skip("no data in positions/")
    before = _files(ROOT / "positions")
    with pytest.raises(ValueError):
        generate(ROOT / "positions", 3)
    assert _files(ROOT / "positions") == before


def test_refuses_the_default_data_folder_even_when_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "positions").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="data folder"):
        generate(Path("positions"), 3)
    assert list((tmp_path / "positions").iterdir()) == []


def test_regenerating_replaces_an_earlier_run(tmp_path: Path) -> None:
    generate(tmp_path, 80)
    generate(tmp_path, 10)
    assert len(list(tmp_path.glob("*.yaml"))) == 10
    assert load_project(tmp_path).errors == []


def test_cli_entry_points(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    synthetic.add_arguments(parser)
    assert synthetic.run(parser.parse_args([str(tmp_path / "out"), "-n", "12", "--seed", "2"])) == 0
    assert "12 positions" in capsys.readouterr().out
    assert len(list((tmp_path / "out").glob("*.yaml"))) == 12
    assert synthetic.run(parser.parse_args([str(tmp_path / "bad"), "-n", "0"])) == 2
    assert "at least 1" in capsys.readouterr().err
