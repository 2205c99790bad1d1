"""The one writer of data files (ametijuhend.writer): what it writes reads back as the same model."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ametijuhend.load import load_dataset
from ametijuhend.models import Position
from ametijuhend.writer import data_file, dump, scalar

SEED = Path(__file__).parent / "data" / "seeds" / "nounik-perelepitus.yaml"


@pytest.mark.parametrize("text", ["tavaline tekst", "3.1", "2024-01-04", "true", "No", "a: b", "# kommentaar",
                                  " algab tühikuga", "rida\nteine rida", 'jutumärgid "sees"', "{{ 7*7 }}",
                                  "- loend?", "[x]", "&ankur", "*viide", "!silt", "tab\tsees", "ü"])
def test_any_text_reads_back_as_itself(text: str) -> None:
    assert yaml.safe_load(f"key: {scalar(text)}") == {"key": text}


def test_a_seed_position_reads_back_as_the_same_model(tmp_path: Path) -> None:
    position = Position.model_validate(yaml.safe_load(SEED.read_text(encoding="utf-8")))
    (tmp_path / "catalogues").mkdir()
    for catalogue in (SEED.parent / "catalogues").iterdir():
        (tmp_path / "catalogues" / catalogue.name).write_bytes(catalogue.read_bytes())
    (tmp_path / f"{position.id}.yaml").write_text(data_file("position", position, catalogue=False,
                                                            comments=["kommentaar\nuus rida ei lõpeta seda"]),
                                                  encoding="utf-8")
    data = load_dataset(tmp_path)
    assert not [p for p in data.problems if p.severity.value == "error"], [p.format() for p in data.problems]
    assert data.positions == [position]
    assert Position.model_validate(yaml.safe_load(dump(position))) == position
