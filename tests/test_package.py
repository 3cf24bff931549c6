import types

import geonews


def test_all_is_in_sync_with_the_package() -> None:
    public = {
        name
        for name in dir(geonews)
        if not name.startswith("_") and not isinstance(getattr(geonews, name), types.ModuleType)
    }
    assert set(geonews.__all__) - {"__version__"} == public
