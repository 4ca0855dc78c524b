"""A URLconf with no routes (the docs page is not routed)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
