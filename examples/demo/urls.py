"""HTTP routes of the demo."""

from django.urls import include, path

from examples.demo.views import chat_page, favicon, notify

urlpatterns = [
    path("", chat_page, name="chat"),
    path("favicon.ico", favicon, name="favicon"),
    path("rooms/<str:room>/notify/", notify, name="notify"),
    path("asyncapi/", include("chanx.channels.urls")),
]
