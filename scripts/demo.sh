#!/usr/bin/env bash
# Run the demo chat server (Django Channels, in-memory layer) on http://127.0.0.1:8000/.
# Installs what it needs: uv and the locked environment.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v uv >/dev/null 2>&1; then
  python3 -m pip install --quiet uv
fi
uv sync --frozen --quiet
exec uv run python -m examples.demo "$@"
