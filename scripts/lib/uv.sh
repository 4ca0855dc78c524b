# shellcheck shell=bash
# ensure_uv: make `uv` available without touching the system Python.
# Order: uv already on PATH; uv in ~/.local/bin; `pipx install uv`; `pip install --user uv`;
# a private virtualenv under ~/.local/share/chanx/uv. Each install is announced first.

ensure_uv() {
  if command -v uv >/dev/null 2>&1; then
    return 0
  fi
  export PATH="$HOME/.local/bin:$PATH"
  if command -v uv >/dev/null 2>&1; then
    return 0
  fi
  if command -v pipx >/dev/null 2>&1; then
    echo "chanx: installing uv for this user with pipx (pipx install uv; into ~/.local/bin)" >&2
    pipx install --quiet uv >&2 && command -v uv >/dev/null 2>&1 && return 0
  fi
  echo "chanx: installing uv for this user (python3 -m pip install --user uv; into ~/.local)" >&2
  if python3 -m pip install --user --quiet uv >&2 2>/dev/null && command -v uv >/dev/null 2>&1; then
    return 0
  fi
  local venv="$HOME/.local/share/chanx/uv"
  echo "chanx: installing uv into a private virtualenv ($venv; linked from ~/.local/bin)" >&2
  python3 -m venv "$venv" >&2 && "$venv/bin/python" -m pip install --quiet uv >&2 || {
    echo "chanx: could not install uv; install it yourself (pipx install uv) and rerun" >&2
    return 1
  }
  mkdir -p "$HOME/.local/bin"
  ln -sf "$venv/bin/uv" "$HOME/.local/bin/uv"
  command -v uv >/dev/null 2>&1
}
