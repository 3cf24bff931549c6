import geonews


def test_all_is_in_sync_with_the_package() -> None:
    public = {n for n in dir(geonews) if not n.startswith("_")} - {
        "errors",
        "gazetteer",
        "config",
        "cli",
    }
    assert set(geonews.__all__) - {"__version__"} == public
