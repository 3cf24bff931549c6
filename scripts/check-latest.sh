#!/usr/bin/env bash
# Drift check: install the newest releases pyproject.toml allows (ignoring constraints.txt)
# into a throwaway venv and run the fast tests. Exit 0 when they pass; otherwise print which
# versions differ from the lock and exit 1. .ci/run runs it and reports the result without
# failing (the lock is what users install); run it by hand before `bash scripts/lock.sh`.
set -uo pipefail
cd "$(dirname "$0")/.."
venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
export GEONEWS_DATA_DIR="$(dirname "$venv")/data"  # its own gazetteer: other package versions
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
if ! "$venv/bin/python" -m pip install --quiet --upgrade -e '.[test]'; then
  echo "drift: the newest allowed releases do not install"
  exit 1
fi
changed="$("$venv/bin/python" - <<'PY'
import re, subprocess, sys

def key(name):
    return re.sub(r"[-_.]+", "-", name).lower()

def applies(marker):
    try:
        from packaging.markers import Marker
    except ImportError:
        return True
    return not marker.strip() or Marker(marker.strip()).evaluate()

def pins(lines):
    found = {}
    for line in lines:
        line, _, marker = line.split("#")[0].partition(";")
        line = line.strip()
        if "==" in line and applies(marker):
            name, version = line.split("==", 1)
            found[key(name)] = version.strip()
    return found

locked = pins(open("constraints.txt", encoding="utf-8"))
freeze = subprocess.run(
    [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
    capture_output=True, text=True, check=True,
).stdout.splitlines()
latest = pins(freeze)
print(" ".join(f"{n} {locked[n]}->{v}" for n, v in sorted(latest.items()) if n in locked and locked[n] != v))
PY
)"
if "$venv/bin/python" -m pytest -q -x -p no:cacheprovider -m "not slow and not browser and not postgres and not online"; then
  echo "drift: none that breaks the fast tests (newer than the lock: ${changed:-nothing})"
  exit 0
fi
echo "drift: the fast tests fail with the newest allowed releases; newer than the lock: ${changed:-nothing}"
exit 1
