"""HTTP side of the demo: the chat page, and a plain Django view that pushes a notice."""

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from examples.demo.consumers import ChatConsumer, room_group
from examples.demo.messages import RoomNotice
from examples.demo.rooms import RoomTopic


def chat_page(request: HttpRequest) -> HttpResponse:
    return render(request, "demo/rooms.html")


# A one-colour chat bubble: browsers ask for /favicon.ico on every page.
FAVICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
    '<path d="M2 2h12v9H6l-4 3z" fill="#3b6ea8"/></svg>'
)


def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(FAVICON_SVG, content_type="image/svg+xml")


@csrf_exempt
@require_POST
def notify(request: HttpRequest, room: str) -> JsonResponse:
    """Send a server notice to a room from synchronous Django code.

    The body is ``{"text": "..."}``; anything else gets a 400 with a JSON error.
    """
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "body must be JSON"}, status=400)
    if not isinstance(body, dict) or not isinstance(body.get("text", ""), str):
        return JsonResponse({"error": 'body must be {"text": "<notice>"}'}, status=400)
    notice = RoomNotice(payload=body.get("text", ""))
    ChatConsumer.broadcast_event_sync(notice, room_group(room))
    if ":" not in room:  # the demo page's room of that name hears it too
        RoomTopic.broadcast_sync(RoomTopic.topic_for(name=room), notice)
    return JsonResponse({"sent": True})
