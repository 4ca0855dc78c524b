"""Run a demo app with uvicorn on 127.0.0.1 and a free port; prints ``PORT <n>`` once up.

``python -m tests.unit.client_generator.demo_server [demo|topics]``.
"""

import asyncio
import sys

import uvicorn

from tests.unit.client_generator.demo_app import create_app
from tests.unit.client_generator.topic_demo_app import create_app as create_topic_app


async def serve(app_name: str) -> None:
    app = create_topic_app() if app_name == "topics" else create_app()
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(600):  # up to 30 s
        if server.started:
            break
        await asyncio.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    await task


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1] if len(sys.argv) > 1 else "demo"))
