"""``python -m examples.fastapi_chat [--host H] [--port P]``: serve the app with uvicorn."""

import argparse

import uvicorn

from examples.fastapi_chat.app import create_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the chanx FastAPI chat example.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
