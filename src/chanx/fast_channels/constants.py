"""Constants of the FastAPI/Starlette AsyncAPI helpers."""

ASYNCAPI_TITLE_POSTFIX = " AsyncAPI documentation"
