"""Message models shared by several channels."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel


class ErrorMessage(BaseModel):
    action: Literal["error"] = "error"
    payload: Any


class PingMessage(BaseModel):
    action: Literal["ping"] = "ping"
    payload: None = None


class PongMessage(BaseModel):
    action: Literal["pong"] = "pong"
    payload: None = None
