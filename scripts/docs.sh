#!/usr/bin/env bash
# The documentation site (MkDocs Material, API reference from docstrings).
#   bash scripts/docs.sh           serve it on http://127.0.0.1:8001/ (rebuilds on change)
#   bash scripts/docs.sh --build   build it into site/, warnings are errors
# The screenshots come from the browser tests (test-artifacts/); when they are missing, those
# tests run first. Installs what it needs, saying so first: uv (for this user) and the locked
# environment (.venv, with the docs group).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/uv.sh
source scripts/lib/uv.sh
ensure_uv
[ -d .venv ] || echo "chanx: creating the project environment (.venv) from uv.lock" >&2
uv sync --frozen --quiet
export NO_MKDOCS_2_WARNING=1

shots=(demo-chat.png asyncapi-docs.png)
missing=0
for shot in "${shots[@]}"; do
  [ -f "test-artifacts/$shot" ] || missing=1
done
if [ "$missing" = 1 ]; then
  echo "docs: taking the screenshots with the browser tests" >&2
  uv run pytest -q \
    tests/suites/e2e/test_demo_browser.py::test_chat_page_sends_and_receives \
    tests/unit/asyncapi/test_browser.py::test_fastapi_docs_page_renders_operations >&2
fi
mkdir -p docs/images/screenshots
for shot in "${shots[@]}"; do
  cp "test-artifacts/$shot" "docs/images/screenshots/$shot"
done

if [ "${1:-}" = "--build" ]; then
  shift
  exec uv run mkdocs build --strict "$@"
fi
exec uv run mkdocs serve --dev-addr 127.0.0.1:8001 "$@"
