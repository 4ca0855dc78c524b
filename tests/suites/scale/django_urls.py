"""HTTP routes of the Django scale server: ``/metrics`` and the ``/notify`` view."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from chanx.channels.metrics import metrics_view


async def notify(request: HttpRequest) -> JsonResponse:
    """Broadcast ``Notify(text)`` to the room (``tests.suites.scale.observed``)."""
    from tests.suites.scale import observed
    from tests.suites.scale.django_asgi import ScaleConsumer

    text = request.GET.get("text", "")
    await observed.notify(ScaleConsumer, text)
    return JsonResponse({"sent": text})


urlpatterns = [path("metrics", metrics_view), path("notify", notify)]
