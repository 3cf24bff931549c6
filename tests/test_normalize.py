import pytest

from geonews.gazetteer.normalize import normalize, strip_possessive


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Kyiv", "kyiv"),
        ("KYIV", "kyiv"),
        ("Zaporizhzhia", "zaporizhzhia"),
        ("U.S.", "us"),
        ("U. S.", "us"),
        ("St. Louis", "st louis"),
        ("Ivano-Frankivsk", "ivano frankivsk"),
        ("Ivano–Frankivsk", "ivano frankivsk"),
        ("Khar’kov", "kharkov"),
        ("Khar'kov", "kharkov"),
        ("Kharʼkov", "kharkov"),
        ("Île-de-France", "ile de france"),
        ("Киев", "kiev"),
        ("  Dnipropetrovsk   region ", "dnipropetrovsk region"),
        ("", ""),
        ("...", ""),
    ],
)
def test_normalize_folds_case_accents_apostrophes_hyphens_and_dots(raw: str, key: str) -> None:
    assert normalize(raw) == key


@pytest.mark.parametrize(
    ("raw", "bare"),
    [
        ("Kyiv’s", "Kyiv"),
        ("Ukraine's", "Ukraine"),
        ("Ukraineʼs", "Ukraine"),
        ("Texas'", "Texas"),
        ("Kyiv", "Kyiv"),
    ],
)
def test_strip_possessive(raw: str, bare: str) -> None:
    assert strip_possessive(raw) == bare
