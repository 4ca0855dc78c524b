"""HTTP side of the demo: the chat page, and a plain Django view that pushes a notice."""

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from examples.demo.consumers import ChatConsumer, room_group
from examples.demo.messages import RoomNotice


def chat_page(request: HttpRequest) -> HttpResponse:
    return render(request, "demo/chat.html")


@csrf_exempt
@require_POST
def notify(request: HttpRequest, room: str) -> JsonResponse:
    """Send a server notice to a room from synchronous Django code."""
    text = json.loads(request.body or b"{}").get("text", "")
    ChatConsumer.broadcast_event_sync(RoomNotice(payload=str(text)), room_group(room))
    return JsonResponse({"sent": True})
