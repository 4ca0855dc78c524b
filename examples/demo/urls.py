"""HTTP routes of the demo."""

from django.urls import include, path

from chanx.channels.metrics import metrics_view
from examples.demo.views import chat_page, favicon, notify

urlpatterns = [
    path("", chat_page, name="chat"),
    path("favicon.ico", favicon, name="favicon"),
    path("rooms/<str:room>/notify/", notify, name="notify"),
    path("asyncapi/", include("chanx.channels.urls")),
    path("metrics", metrics_view, name="metrics"),
]
