"""geonews dashboard: ``streamlit run app.py``.

Opens on the bundled sample articles (ingested into the default store on first start).
"""

from pathlib import Path

from geonews.dashboard.assets import ensure_static
from geonews.dashboard.views import render

APP_DIR = Path(__file__).resolve().parent
ensure_static(APP_DIR / "static" / "vendor")

render(APP_DIR)
