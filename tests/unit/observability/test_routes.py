"""Both adapters' ``/metrics`` serve the enabled registry in Prometheus text."""

from collections.abc import Iterator

import pytest
from django.test import RequestFactory
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from chanx import observability
from chanx.channels.metrics import metrics_view
from chanx.fast_channels.metrics import metrics_endpoint


@pytest.fixture
def metrics() -> Iterator[observability.Observer]:
    m = observability.enable(registry=CollectorRegistry())
    m.connection_opened("Echo")
    yield m
    observability.disable()


def open_connections(text: str) -> float:
    for family in text_string_to_metric_families(text):
        if family.name == "chanx_open_connections":
            return float(family.samples[0].value)
    raise AssertionError("chanx_open_connections missing")


def test_fastapi_endpoint(metrics: observability.Observer) -> None:
    app = Starlette(routes=[Route("/metrics", metrics_endpoint)])
    response = TestClient(app).get("/metrics")
    assert response.status_code == 200
    assert open_connections(response.text) == 1


def test_django_view(metrics: observability.Observer) -> None:
    response = metrics_view(RequestFactory().get("/metrics"))
    assert response.status_code == 200
    assert open_connections(response.content.decode()) == 1
