"""Render one trace of JSON-lines span files as an HTML waterfall (docs' trace picture).

Usage: ``uv run python scripts/trace_waterfall.py SPANS_DIR OUT.html [TRACE_ID]``. The span
files are those the scale test servers write (``tests/suites/scale/observed.py``: one object a
line with name, kind, trace_id, span_id, parent_id, start, end, pid, attributes). Without a
trace id, the trace with the most processes is drawn. Each process gets its own colour.
"""

import html
import json
import sys
from pathlib import Path
from typing import Any

COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759")
SHOWN_ATTRIBUTES = ("url.path", "chanx.event.action", "messaging.destination.name")


def load(directory: Path) -> list[dict[str, Any]]:
    spans = []
    for path in sorted(directory.glob("spans-*.jsonl")):
        spans += [json.loads(line) for line in path.read_text().splitlines() if line]
    return spans


def pick_trace(spans: list[dict[str, Any]], trace_id: str | None) -> list[dict[str, Any]]:
    if trace_id is None:
        by_trace: dict[str, set[int]] = {}
        for span in spans:
            by_trace.setdefault(span["trace_id"], set()).add(span["pid"])
        trace_id = max(by_trace, key=lambda t: len(by_trace[t]))
    return [s for s in spans if s["trace_id"] == trace_id]


def ordered(trace: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """Spans depth-first from the root, children by start time, with their depth."""
    children: dict[str | None, list[dict[str, Any]]] = {}
    ids = {s["span_id"] for s in trace}
    for span in trace:
        parent = span["parent_id"] if span["parent_id"] in ids else None
        children.setdefault(parent, []).append(span)
    out: list[tuple[int, dict[str, Any]]] = []
    stack = [(0, s) for s in sorted(children.get(None, []), key=lambda s: -s["start"])]
    while stack:
        depth, span = stack.pop()
        out.append((depth, span))
        kids = sorted(children.get(span["span_id"], []), key=lambda s: -s["start"])
        stack += [(depth + 1, kid) for kid in kids]
    return out


def render(trace: list[dict[str, Any]]) -> str:
    start = min(s["start"] for s in trace)
    end = max(s["end"] for s in trace)
    total = max(end - start, 1)
    processes = {
        pid: n
        for n, pid in enumerate(
            sorted(
                {s["pid"] for s in trace},
                key=lambda p: min(s["start"] for s in trace if s["pid"] == p),
            )
        )
    }
    rows = []
    for depth, span in ordered(trace):
        left = (span["start"] - start) / total * 100
        width = max((span["end"] - span["start"]) / total * 100, 0.4)
        process = processes[span["pid"]]
        colour = COLOURS[process % len(COLOURS)]
        detail = ", ".join(
            f"{k}={span['attributes'][k]}" for k in SHOWN_ATTRIBUTES if k in span["attributes"]
        )
        duration = (span["end"] - span["start"]) / 1e6
        rows.append(
            f'<tr><td class="name" style="padding-left:{8 + depth * 18}px">'
            f"{html.escape(span['name'])}<div class='meta'>{span['kind'].lower()} · process "
            f"{'AB'[process] if process < 2 else process} · {html.escape(detail)}</div></td>"
            f'<td class="lane"><div class="bar" style="left:{left:.2f}%;width:{width:.2f}%;'
            f'background:{colour}"></div><span class="ms" style="left:{min(left + width, 88):.2f}%">'
            f"{duration:.2f} ms</span></td></tr>"
        )
    legend = " ".join(
        f'<span class="key" style="background:{COLOURS[n % len(COLOURS)]}"></span>process '
        f"{'AB'[n] if n < 2 else n} (pid {pid})"
        for pid, n in processes.items()
    )
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
body {{ font: 14px system-ui, sans-serif; margin: 16px; color: #222; }}
h1 {{ font-size: 16px; margin: 0 0 4px; }} .sub {{ color: #666; margin-bottom: 10px; }}
table {{ border-collapse: collapse; width: 100%; }} td {{ border-top: 1px solid #eee; }}
td.name {{ width: 38%; padding: 5px 8px; white-space: nowrap; }}
.meta {{ color: #777; font-size: 11px; }} td.lane {{ position: relative; }}
.bar {{ position: absolute; top: 10px; height: 16px; border-radius: 3px; }}
.ms {{ position: absolute; top: 10px; padding-left: 6px; font-size: 11px; color: #555; }}
.key {{ display: inline-block; width: 12px; height: 12px; border-radius: 2px;
  vertical-align: middle; margin: 0 4px 0 12px; }}
</style></head><body><h1>Trace {trace[0]["trace_id"]}</h1>
<div class="sub">{len(trace)} spans · {total / 1e6:.2f} ms · {legend}</div>
<table>{"".join(rows)}</table></body></html>"""


def main(argv: list[str]) -> None:
    spans = load(Path(argv[1]))
    trace = pick_trace(spans, argv[3] if len(argv) > 3 else None)
    Path(argv[2]).write_text(render(trace), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv)
