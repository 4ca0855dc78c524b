"""Run the demo: ``uv run python -m examples.demo [--host H] [--port P] [--redis URL]``."""

import argparse
import os
import socket
import sys

import structlog
import uvicorn

from chanx.core.connection.server_flags import uvicorn_options
from examples.demo.logs import configure_logging


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on ``host:port``, or None when it can."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description="chanx demo chat server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--redis",
        metavar="URL",
        default="",
        help="Redis channel layer (e.g. redis://127.0.0.1:6379/0): demo processes on one "
        "Redis share rooms, history and presence. Default: in memory, this process only.",
    )
    args = parser.parse_args()
    problem = port_problem(args.host, args.port)
    if problem is not None:
        sys.exit(
            f"chanx demo: cannot listen on {args.host}:{args.port} ({problem}); "
            "choose another port with --port"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examples.demo.settings")
    if args.redis:
        os.environ["CHANX_DEMO_REDIS_URL"] = args.redis
    log_config = configure_logging()
    log = structlog.get_logger("chanx.demo")
    log.info(f"chanx demo: chat page http://{args.host}:{args.port}/")
    log.info(f"chanx demo: AsyncAPI  http://{args.host}:{args.port}/asyncapi/docs/")
    log.info(f"chanx demo: websocket ws://{args.host}:{args.port}/ws/rooms/ (topics room:<name>)")
    log.info(f"chanx demo: websocket ws://{args.host}:{args.port}/ws/chat/<room>/")
    log.info(f"chanx demo: channel layer {'Redis ' + args.redis if args.redis else 'in memory'}")
    # Frame limit = chanx's, no compression, bounded graceful shutdown (chanx server-flags).
    uvicorn.run(
        "examples.demo.asgi:application",
        host=args.host,
        port=args.port,
        log_level="info",
        log_config=log_config,  # uvicorn's lines in the same UTC-stamped format
        **uvicorn_options(),
    )


if __name__ == "__main__":
    main()
