"""scripts/trace_waterfall.py draws the trace that spans the most processes, root first."""

import importlib.util
import json
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "trace_waterfall.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("trace_waterfall", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def span(name: str, trace: str, span_id: str, parent: str | None, pid: int, start: int) -> str:
    return json.dumps(
        {
            "name": name,
            "kind": "SERVER",
            "trace_id": trace,
            "span_id": span_id,
            "parent_id": parent,
            "attributes": {"url.path": "/notify"} if parent is None else {},
            "start": start,
            "end": start + 1_000_000,
            "pid": pid,
        }
    )


def test_renders_the_cross_process_trace(tmp_path: Path) -> None:
    (tmp_path / "spans-1.jsonl").write_text(
        "\n".join([span("view", "t1", "a", None, 1, 0), span("lonely", "t2", "c", None, 1, 5)])
    )
    (tmp_path / "spans-2.jsonl").write_text(span("process event", "t1", "b", "a", 2, 500_000))
    out = tmp_path / "trace.html"
    load_script().main(["trace_waterfall.py", str(tmp_path), str(out)])
    page = out.read_text()
    assert "Trace t1" in page and "lonely" not in page
    assert page.index("view") < page.index("process event")
    assert "process B" in page and "url.path=/notify" in page
