"""Smoke-test an installed chanx wheel (run by scripts/check_wheel.sh inside a fresh virtualenv).

Usage: ``python wheel_smoke.py channels|fast-channels README.md``, from a directory holding a
copy of ``examples/`` (and no chanx sources). Checks, in order:

1. chanx is imported from the virtualenv, not from a checkout;
2. the README's "A consumer and its test" example passes under pytest;
3. the demo (Django: ``examples.demo``; FastAPI: ``examples.fastapi_chat``) answers ping with pong;
4. ``chanx generate-client`` turns the demo's AsyncAPI schema into an importable, formatted client;
5. the demo's docs page and every viewer asset it loads come from the installed package.

Only loopback is used. Exits non-zero with a message on the first failure.
"""

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import websockets

# A README block that starts with ``# name.py`` is that file of the example project.
FILE_NAME = re.compile(r"^# ([A-Za-z_][A-Za-z0-9_]*\.py)\n")
ADAPTER_PACKAGE = {"channels": "chanx.channels", "fast-channels": "chanx.fast_channels"}
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
APPS = {
    # extra: (module, websocket path, schema path, docs page path)
    "channels": ("examples.demo", "/ws/chat/lobby/", "/asyncapi/schema/", "/asyncapi/docs/"),
    "fast-channels": ("examples.fastapi_chat", "/ws/chat/lobby", "/asyncapi.json", "/asyncapi"),
}


def step(text: str) -> None:
    print(f"wheel-smoke: {text}", flush=True)


def run(command: list[str], env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, env=env
    )
    if result.returncode != 0:
        sys.exit(f"wheel-smoke: {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def check_installed_copy() -> None:
    import chanx

    location = Path(chanx.__file__).resolve()
    if not location.is_relative_to(Path(sys.prefix).resolve()):
        sys.exit(f"wheel-smoke: chanx imported from {location}, not from the virtualenv")
    step(f"chanx imported from {location.parent}")


def readme_example(extra: str, readme: Path) -> None:
    """Write the README example's files as a user copies them and run pytest, unconfigured."""
    text = readme.read_text(encoding="utf-8").split("## A consumer and its test", 1)[1]
    blocks = BLOCK.findall(text.split("\n## ", 1)[0])
    files = {m.group(1): block for block in blocks if (m := FILE_NAME.match(block))}
    if sorted(files) != ["consumers.py", "test_consumers.py"]:
        sys.exit(f"wheel-smoke: expected consumers.py and test_consumers.py, got {sorted(files)}")
    for name, block in files.items():
        Path(name).write_text(block.replace("chanx.channels", ADAPTER_PACKAGE[extra]))
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    output = run([sys.executable, "-m", "pytest", "-q", "test_consumers.py"], env)
    if "2 passed" not in output:
        sys.exit(f"wheel-smoke: README example did not pass:\n{output}")
    step("README example tests passed")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_demo(module: str, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["CHANX_REDIS_URL"] = ""  # the FastAPI example's in-memory layer
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            sys.exit(f"wheel-smoke: {module} exited early:\n{output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit(f"wheel-smoke: {module} did not listen on {port} within 30 s")


async def ping_pong(url: str) -> None:
    async with websockets.connect(url) as ws:
        await ws.send(json.dumps({"action": "ping"}))
        answer = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
    if answer != {"action": "pong", "payload": None}:
        sys.exit(f"wheel-smoke: ping got {answer!r}")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        data: bytes = response.read()
        return data


def generate_client(schema_url: str) -> None:
    out = Path("generated") / "smoke_client"
    chanx = str(Path(sys.executable).with_name("chanx"))
    report = run([chanx, "generate-client", "-s", schema_url, "-o", str(out)])
    if "Warning" in report:
        sys.exit(f"wheel-smoke: generate-client warned:\n{report}")
    sources = "".join(path.read_text() for path in sorted(out.rglob("*.py")))
    if "send_send_" in sources or "on_on_" in sources:
        sys.exit("wheel-smoke: generated method names repeat their prefix")
    env = {**os.environ, "PYTHONPATH": str(out.parent)}
    run([sys.executable, "-c", "import smoke_client"], env)
    run([sys.executable, "-m", "ruff", "format", "--isolated", "--check", str(out)])
    run([sys.executable, "-m", "ruff", "check", "--isolated", str(out)])
    step("generate-client wrote an importable, formatted, lint-clean client")


def docs_page(page_url: str) -> None:
    page = fetch(page_url).decode()
    if re.search(r"(src|href)=\"(https?:)?//", page):
        sys.exit("wheel-smoke: the docs page loads something from another host")
    names = re.findall(r"\?asset=([\w.]+)", page)
    if not {"asyncapi.js", "asyncapi.css"} <= set(names):
        sys.exit(f"wheel-smoke: the docs page does not load the vendored viewer ({names})")
    from chanx.asyncapi.docs import read_asset

    for name in sorted(set(names)):
        served = fetch(f"{page_url}?asset={name}")
        found = read_asset(name)
        packaged = found[0] if found else b""
        if served != packaged or not packaged:
            sys.exit(f"wheel-smoke: asset {name} differs from the installed package's copy")
    step(
        f"docs page served with {len(set(names))} packaged assets: {', '.join(sorted(set(names)))}"
    )


def main() -> None:
    extra, readme = sys.argv[1], Path(sys.argv[2])
    module, ws_path, schema_path, docs_path = APPS[extra]
    check_installed_copy()
    readme_example(extra, readme)
    port = free_port()
    process = start_demo(module, port)
    try:
        asyncio.run(ping_pong(f"ws://127.0.0.1:{port}{ws_path}"))
        step(f"{module}: ping answered with pong")
        generate_client(f"http://127.0.0.1:{port}{schema_path}")
        docs_page(f"http://127.0.0.1:{port}{docs_path}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    step(f"all checks passed for chanx[{extra}]")


if __name__ == "__main__":
    main()
