"""`geonews gazetteer build --geonames FILE…` on a small fixture in the exact GeoNames formats.

The rows are made up for this test (invented villages), written in the column layout of the
GeoNames export (country files such as UA.zip holding UA.txt, and alternateNamesV2.zip)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from geonews.errors import GazetteerError
from geonews.gazetteer.build import build_index
from geonews.gazetteer.geonames_dump import kind_of_feature
from geonews.gazetteer.index import Gazetteer


def _main_row(
    gid: int, name: str, alternates: str, lat: float, lon: float, fclass: str, fcode: str
) -> str:
    # geonameid name asciiname alternatenames lat lon class code cc cc2 admin1 admin2 admin3
    # admin4 population elevation dem timezone modified
    return "\t".join(
        [str(gid), name, name, alternates, str(lat), str(lon), fclass, fcode, "UA", "", "05",
         "", "", "", "0", "", "150", "Europe/Kyiv", "2024-01-01"]
    )  # fmt: skip


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("geonames")
    rows = [
        _main_row(990000001, "Testivka", "Testovka,Тестівка", 48.11, 37.21, "P", "PPL"),
        _main_row(990000002, "Probne Reservoir", "", 48.3, 37.4, "H", "RSV"),
        _main_row(990000003, "Zrazkivska Hromada", "", 48.2, 37.3, "A", "ADM3"),
        _main_row(990000004, "Some Hotel", "", 48.2, 37.3, "S", "HTL"),
    ]
    main = folder / "UA.zip"
    with zipfile.ZipFile(main, "w") as archive:
        archive.writestr("UA.txt", "\n".join(rows) + "\n")
        archive.writestr("readme.txt", "GeoNames country file\n")
    alternates = [
        "1\t990000001\ten\tTestiwka\t\t\t\t\t\t",
        "2\t990000001\tlink\thttps://example.org/Testivka\t\t\t\t\t\t",
        "3\t999999999\ten\tNowhere At All\t\t\t\t\t\t",
        "4\t703448\tde\tKyjiwstadt\t\t\t\t\t\t",
    ]
    names = folder / "alternateNamesV2.zip"
    with zipfile.ZipFile(names, "w") as archive:
        archive.writestr("alternateNamesV2.txt", "\n".join(alternates) + "\n")
    return [names, main]  # alternate names first: the import reads main tables first anyway


@pytest.fixture(scope="module")
def index(dumps: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("index") / "gazetteer.sqlite"
    build_index(path, progress=False, geonames=dumps)
    return Gazetteer(path)


@pytest.mark.slow
def test_villages_and_features_of_the_dump_are_found(index: Gazetteer) -> None:
    (village,) = index.lookup("Testivka")
    assert (village.geonameid, village.kind, village.country_code) == (990000001, "city", "UA")
    assert index.lookup("Testovka")[0].geonameid == 990000001  # alternatenames column
    assert index.lookup("Testiwka")[0].geonameid == 990000001  # alternateNamesV2
    assert index.lookup("Probne Reservoir")[0].kind == "physical"
    assert index.lookup("Zrazkivska Hromada")[0].kind == "admin2"
    assert index.lookup("Some Hotel") == []  # hotels are not imported
    assert index.lookup("Nowhere At All") == []  # an alternate name of no imported place
    assert index.lookup("https://example.org/Testivka") == []
    assert index.lookup("Kyjiwstadt")[0].geonameid == 703448  # packages' places gain names
    assert index.meta["geonames_files"] == "UA.zip,alternateNamesV2.zip"
    assert int(index.meta["geonames_places_added"]) == 3


@pytest.mark.slow
def test_dump_names_fold_like_the_packages_names(index: Gazetteer) -> None:
    assert index.lookup("Testyvka")[0].geonameid == 990000001


def test_feature_kinds() -> None:
    assert kind_of_feature("P", "PPLX") == "city"
    assert kind_of_feature("H", "SEA") == "physical"
    assert kind_of_feature("T", "SPIT") == "physical"
    assert kind_of_feature("A", "ADM1") is None  # regions come from the packages
    assert kind_of_feature("S", "HTL") is None


def test_a_broken_dump_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "UA.txt"
    bad.write_text("this is not\ta GeoNames table\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"UA\.txt:1: not a GeoNames table row"):
        build_index(tmp_path / "g.sqlite", progress=False, geonames=[bad])
    assert not (tmp_path / "g.sqlite").exists()
    with pytest.raises(GazetteerError, match="does not exist"):
        build_index(tmp_path / "g.sqlite", progress=False, geonames=[tmp_path / "missing.zip"])
