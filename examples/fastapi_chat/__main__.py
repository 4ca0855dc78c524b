"""``python -m examples.fastapi_chat [--host H] [--port P]``: serve the app with uvicorn."""

import argparse

import uvicorn

from chanx.core.connection.server_flags import uvicorn_options
from examples.fastapi_chat.app import create_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the chanx FastAPI chat example.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    # Frame limit = chanx's, no compression, bounded graceful shutdown (chanx server-flags).
    uvicorn.run(
        create_app(), host=args.host, port=args.port, log_level="warning", **uvicorn_options()
    )


if __name__ == "__main__":
    main()
