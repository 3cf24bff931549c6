"""``python -m geonews`` runs the CLI."""

from geonews.cli import main

raise SystemExit(main())
