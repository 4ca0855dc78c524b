"""docs/observability.md: every Python example runs; the Grafana dashboard queries only metrics
that chanx exposes; the trace picture it shows is in the repository."""

import json
import re
from pathlib import Path

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from chanx import observability
from tests.suites.docs.markdown_examples import python_blocks, run_markdown_examples

ROOT = Path(__file__).resolve().parents[3]
GUIDE = ROOT / "docs" / "observability.md"
DASHBOARD = ROOT / "docs" / "grafana" / "chanx-dashboard.json"
SAMPLE_SUFFIXES = {
    "counter": ("_total",),
    "gauge": ("",),
    "histogram": ("_bucket", "_sum", "_count"),
}


def test_observability_guide_examples_run() -> None:
    assert len(python_blocks(GUIDE)) == 4
    ran = run_markdown_examples(GUIDE, "observability_guide_examples")
    assert ran == ["test_one_trace_from_the_caller_to_the_push"]


def exposed_sample_names() -> set[str]:
    """Every sample name chanx's registry can expose (families present even when empty)."""
    registry = CollectorRegistry()
    observability.enable(registry=registry)
    try:
        text = generate_latest(registry).decode()
    finally:
        observability.disable()
    names = set()
    for family in text_string_to_metric_families(text):
        for suffix in SAMPLE_SUFFIXES[family.type]:
            names.add(family.name + suffix)
    return names


def test_dashboard_queries_only_exposed_metrics() -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    queried = {
        name
        for panel in dashboard["panels"]
        for target in panel["targets"]
        for name in re.findall(r"\bchanx_[a-z_]+", target["expr"])
    }
    exposed = exposed_sample_names()
    assert queried and queried <= exposed, queried - exposed
    # Every metric of the guide's table is on the dashboard.
    documented = set(re.findall(r"^\| `(chanx_[a-z_]+)` \|", GUIDE.read_text(), re.MULTILINE))
    on_dashboard = {re.sub(r"_(bucket|sum|count)$", "", name) for name in queried}
    assert documented == on_dashboard, documented ^ on_dashboard


def test_the_trace_picture_exists() -> None:
    for image in re.findall(r"\]\((images/[^)]+)\)", GUIDE.read_text()):
        assert (ROOT / "docs" / image).is_file(), image
