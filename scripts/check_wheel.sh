#!/usr/bin/env bash
# Build the wheel and sdist, check their metadata, then install the BUILT WHEEL (never this
# checkout) into a fresh virtualenv per extra and smoke-test it (scripts/wheel_smoke.py): the
# README example test, the demo's ping/pong, `chanx generate-client` on the demo's schema, and
# the docs page with its vendored viewer, served from the installed package over loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=lib/uv.sh
source scripts/lib/uv.sh
ensure_uv

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

uv build --quiet --out-dir "$work/dist"
wheel=$(ls "$work"/dist/chanx-*.whl)
sdist=$(ls "$work"/dist/chanx-*.tar.gz)
echo "check-wheel: built $(basename "$wheel") and $(basename "$sdist")"
uv run --frozen twine check --strict "$wheel" "$sdist"

if tar tzf "$sdist" | grep -qE "/node_modules/|/site/|/test-artifacts/|/\.nox/"; then
  echo "check-wheel: the sdist carries local caches or build output"; exit 1
fi
# The sdist must rebuild into the same set of files as the wheel built from the checkout.
uv build --quiet --wheel --out-dir "$work/from-sdist" "$sdist"
diff <(unzip -Z1 "$wheel" | sort) <(unzip -Z1 "$work"/from-sdist/chanx-*.whl | sort) \
  || { echo "check-wheel: the wheel rebuilt from the sdist has different files"; exit 1; }

python=$(uv run --frozen python -c 'import sys; print(sys.executable)')
for extra in channels fast-channels; do
  venv="$work/venv-$extra"
  app="$work/app-$extra"
  uv venv --quiet --python "$python" "$venv"
  uv pip install --quiet --python "$venv/bin/python" \
    "chanx[$extra,cli,observability] @ file://$wheel" pytest pytest-asyncio uvicorn  # the demo serves /metrics
  mkdir -p "$app/examples"
  cp examples/__init__.py "$app/examples/"
  cp -r examples/demo examples/fastapi_chat "$app/examples/"
  (cd "$app" && env -u DJANGO_SETTINGS_MODULE -u PYTHONPATH \
    "$venv/bin/python" "$root/scripts/wheel_smoke.py" "$extra" "$root/README.md")
done
echo "check-wheel: OK"
