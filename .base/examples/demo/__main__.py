"""Run the demo: ``uv run python -m examples.demo [--host 127.0.0.1] [--port 8000]``."""

import argparse
import os

import uvicorn


def main() -> None:
    parser = argparse.ArgumentParser(description="chanx demo chat server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examples.demo.settings")
    print(f"chanx demo: chat page   http://{args.host}:{args.port}/")
    print(f"            AsyncAPI    http://{args.host}:{args.port}/asyncapi/docs/")
    print(f"            websocket   ws://{args.host}:{args.port}/ws/chat/<room>/")
    uvicorn.run("examples.demo.asgi:application", host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
