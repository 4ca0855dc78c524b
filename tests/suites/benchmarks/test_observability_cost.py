"""The observability-cost benchmark measures each side it names, with that side in force."""

from benchmarks.compare import compare
from benchmarks.observability_cost import _child, in_process_workloads

from chanx.observability import state


async def test_metrics_and_tracing_workloads_report_ratios() -> None:
    workloads = in_process_workloads(200)
    assert [w.subject for w in workloads] == ["obs-metrics", "obs-tracing"]
    for workload in workloads:
        rows = await compare(workload, reps=1)
        assert [row.metric.key for row in rows] == ["cpu us/round-trip", "us/round-trip"]
        assert rows[0].cost_target == (1.10 if workload.subject == "obs-metrics" else 1.35)
        assert all(value > 0 for row in rows for value in row.medians.values())
    assert state.active is None  # every side switched it back off


def test_installed_and_blocked_children_measure() -> None:
    # The blocked child asserts by itself that nothing of the extra was imported.
    for blocked in (True, False):
        values = _child(blocked, 50, 2)
        assert len(values) == 2 and all(v > 0 for v in values)
