#!/usr/bin/env bash
# Run the demo (Django Channels under uvicorn) on http://127.0.0.1:8000/: in-memory channel layer,
# or Redis with --redis URL. Options: --host, --port, --redis.
# Installs what it needs, saying so first: uv (for this user, never into the system Python) and
# the locked environment (.venv).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/uv.sh
source scripts/lib/uv.sh
ensure_uv
[ -d .venv ] || echo "chanx: creating the project environment (.venv) from uv.lock" >&2
uv sync --frozen --quiet
exec uv run python -m examples.demo "$@"
