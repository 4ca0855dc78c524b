"""Run the demo app with uvicorn on 127.0.0.1 and a free port; prints ``PORT <n>`` once up."""

import asyncio

import uvicorn

from tests.client_generator.demo_app import create_app


async def serve() -> None:
    config = uvicorn.Config(
        create_app(), host="127.0.0.1", port=0, log_level="warning", lifespan="off"
    )
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
    asyncio.run(serve())
