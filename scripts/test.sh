#!/usr/bin/env bash
# Run the whole test suite. Installs what it needs, saying so first: uv (for this user, never
# into the system Python), the locked environment (.venv), and (as root on Debian) the
# headless browser used by the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/uv.sh
source scripts/lib/uv.sh
ensure_uv
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "chanx: installing headless Chromium for the browser tests (apt-get install chromium chromium-driver)" >&2
  (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) \
    || echo "note: could not install chromium; browser tests will be skipped" >&2
fi
if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    sleep 0.5
  fi
fi

[ -d .venv ] || echo "chanx: creating the project environment (.venv) from uv.lock" >&2
uv sync --frozen --quiet
exec uv run pytest "$@"
