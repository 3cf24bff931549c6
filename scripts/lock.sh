#!/usr/bin/env bash
# Refresh constraints.txt, the lock of every package the README's install commands take
# (the dependencies of pyproject.toml and its "test" extra, for every platform and
# Python >= 3.11), with uv from PyPI. Commit the result after `bash .ci/run` passes on it.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet 'uv>=0.5'
python3 -m uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
  --no-header --upgrade --quiet -o constraints.txt
echo "constraints.txt: $(grep -c '==' constraints.txt) pinned packages"
