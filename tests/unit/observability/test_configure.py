"""Turning observability on from settings: Django's ``CHANX["OBSERVABILITY"]``, FastAPI's
``instrument(app)``, and the OpenTelemetry metrics API for OTLP users."""

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.test import override_settings
from fastapi import FastAPI
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from chanx import observability
from chanx.fast_channels.metrics import instrument
from chanx.observability import state
from tests.conftest import Adapter
from tests.suites.behaviour.consumers import build


@pytest.fixture(autouse=True)
def switched_off() -> Iterator[None]:
    yield
    observability.disable()


def test_configure_maps_settings_to_enable() -> None:
    assert observability.configure(None) is None
    assert observability.configure({"ENABLED": False, "TRACING": True}) is None
    assert state.active is None
    observer = observability.configure({"metrics": False, "Tracing": True})
    assert observer is not None and state.active is observer
    assert observer.metrics is None and observer.tracing is not None
    with pytest.raises(ValueError, match="BOGUS"):
        observability.configure({"BOGUS": True})


def test_django_setting_turns_it_on_at_app_ready() -> None:
    config = next(c for c in apps.get_app_configs() if c.name == "chanx.channels")
    with override_settings(CHANX={"OBSERVABILITY": {"METRICS": True}}):
        config.ready()
    assert state.active is not None
    assert getattr(state.active, "metrics", None) is not None


def test_django_without_the_setting_stays_off() -> None:
    config = next(c for c in apps.get_app_configs() if c.name == "chanx.channels")
    config.ready()
    assert state.active is None


def test_fastapi_instrument_enables_and_mounts_metrics() -> None:
    app = FastAPI()
    observer = instrument(app, registry=CollectorRegistry())
    observer.connection_opened("Echo")
    response = TestClient(app).get("/metrics")
    assert response.status_code == 200
    families = {f.name: f for f in text_string_to_metric_families(response.text)}
    assert families["chanx_open_connections"].samples[0].value == 1
    assert "/metrics" not in app.openapi()["paths"]


async def test_otel_metrics_api(adapter: Adapter) -> None:
    reader = InMemoryMetricReader()
    observability.enable(prometheus=False, meter_provider=MeterProvider(metric_readers=[reader]))
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Quiet) as comm:
        for _ in range(2):
            await comm.send_to(text_data='{"action":"ping"}')
            assert await comm.receive_json_from() == {"action": "pong", "payload": None}
    data = reader.get_metrics_data()
    assert data is not None
    points: dict[str, list[tuple[dict[str, object], float]]] = {}
    for resource in data.resource_metrics:
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                for point in metric.data.data_points:
                    value = getattr(point, "value", None)
                    if value is None:
                        value = point.count  # type: ignore[union-attr]
                    points.setdefault(metric.name, []).append(
                        (dict(point.attributes or {}), float(value))
                    )
    received = {"consumer": "QuietConsumer", "action": "ping", "outcome": "ok"}
    assert (received, 2.0) in points["chanx_frames_received"]
    assert ({"consumer": "QuietConsumer", "action": "ping"}, 2.0) in points[
        "chanx_handler_duration_seconds"
    ]
    assert ({"consumer": "QuietConsumer", "action": "pong"}, 2.0) in points["chanx_frames_sent"]
    assert ({"consumer": "QuietConsumer"}, 0.0) in points["chanx_open_connections"]
    assert ({"consumer": "QuietConsumer", "outcome": "accepted"}, 1.0) in points["chanx_connects"]
