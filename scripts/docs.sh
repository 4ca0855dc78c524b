#!/usr/bin/env bash
# The documentation site (MkDocs Material, API reference from docstrings; no web fonts, no CDN).
#   bash scripts/docs.sh                    serve it on http://127.0.0.1:8100/ (rebuilds on change)
#   bash scripts/docs.sh --port 8101        another port (--host picks the interface)
#   bash scripts/docs.sh --build [ARGS]     build it into site/, warnings are errors (ARGS go
#                                           to mkdocs build, e.g. --site-dir /tmp/site)
# The screenshots of the demo (docs/images/demo-*.png) are kept in the repository, so the site
# builds anywhere. They are refreshed from the demo's browser tests: from test-artifacts/ when
# those tests ran, or by running them here when Chromium and chromedriver are installed.
# Installs what it needs, saying so first: uv (for this user) and the locked environment (.venv,
# with the docs group).
set -euo pipefail
cd "$(dirname "$0")/.."

host=127.0.0.1
port=8100
build=0
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=1 ;;
    --port) port="${2:?--port needs a number}"; shift ;;
    --port=*) port="${1#--port=}" ;;
    --host) host="${2:?--host needs an address}"; shift ;;
    --host=*) host="${1#--host=}" ;;
    *) args+=("$1") ;;
  esac
  shift
done

# shellcheck source=lib/uv.sh
source scripts/lib/uv.sh
ensure_uv
[ -d .venv ] || echo "chanx: creating the project environment (.venv) from uv.lock" >&2
uv sync --frozen --quiet
export NO_MKDOCS_2_WARNING=1

# Where the browser tests leave their screenshots.
artifacts="${CHANX_TEST_ARTIFACTS:-test-artifacts}"
shots=(demo-chat.png demo-asyncapi.png)
have_shots() {
  local shot
  for shot in "${shots[@]}"; do
    [ -f "$artifacts/$shot" ] || return 1
  done
}
has_browser() {
  { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; } &&
    command -v chromedriver >/dev/null 2>&1
}
if ! have_shots && has_browser; then
  echo "docs: taking the demo's screenshots with the browser tests" >&2
  uv run pytest -q -p no:cacheprovider tests/suites/e2e/test_demo_browser.py >&2
fi
if have_shots; then
  for shot in "${shots[@]}"; do
    cp "$artifacts/$shot" "docs/images/$shot"
  done
else
  echo "docs: no fresh screenshots (no browser here); using the ones kept in docs/images/" >&2
fi

if [ "$build" = 1 ]; then
  exec uv run mkdocs build --strict ${args[@]+"${args[@]}"}
fi
exec uv run mkdocs serve --dev-addr "$host:$port" ${args[@]+"${args[@]}"}
