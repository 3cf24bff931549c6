"""The Streamlit dashboard. ``state`` and ``layers`` are plain modules; ``views`` is the page."""
