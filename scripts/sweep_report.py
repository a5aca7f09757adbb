#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The report of an `aimcsim sweep` folder: DIR/plots/*.png|svg and DIR/index.html.

    /usr/bin/python3 scripts/sweep_report.py DIR

Reads DIR/results.json (written by the sweep), DIR/pareto.csv if present, and for the points of
the front their run reports' energy_by_component.csv and area_table.csv. Writes only inside
DIR/plots/ (files it names; older plots of its own that a new report does not make again are
removed) and DIR/index.html, each file atomically. Exit codes: 0 done; 2 bad input (one line
on stderr naming the file and what was expected). The page needs no network: images and tables
only, no script."""

import csv
import html
import json
import os
import sys
import tempfile

import sweep_plots as sp


class BadInput(Exception):
    pass


def load_results(folder):
    path = os.path.join(folder, "results.json")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise BadInput(f"{path}: missing; expected the results.json of an aimcsim sweep folder")
    except (OSError, ValueError) as e:
        raise BadInput(f"{path}: {e}; expected the results.json of an aimcsim sweep folder")
    if not isinstance(data, dict) or not isinstance(data.get("sweep"), dict) or not isinstance(data.get("points"), list):
        raise BadInput(f"{path}: expected an object with 'sweep' and 'points'")
    for key in ("name", "swept_keys", "swept_units", "metrics", "objectives"):
        if key not in data["sweep"]:
            raise BadInput(f"{path}: sweep.{key} missing; expected results.json of an aimcsim sweep")
    for i, p in enumerate(data["points"]):
        if not isinstance(p, dict) or not all(k in p for k in ("id", "status", "settings", "metrics")):
            raise BadInput(f"{path}: points[{i}]: expected id, status, settings and metrics")
    return data


def front_ids(folder):
    """Point ids of pareto.csv (first column), or an empty set without a front."""
    path = os.path.join(folder, "pareto.csv")
    if not os.path.exists(path):
        return set()
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows or not rows[0] or rows[0][0] != "point":
        raise BadInput(f"{path}: expected a header starting with 'point'")
    return {r[0] for r in rows[1:] if r}


def breakdown(folder, point, table, value_column):
    """{component: value} of one report table of a point's run, without the total row."""
    run = point.get("reports", {}).get("run")
    if not run:
        return {}
    path = os.path.join(folder, run, table)
    if not os.path.exists(path):
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if value_column not in (reader.fieldnames or []):
            raise BadInput(f"{path}: no column {value_column}")
        return {r["component"]: float(r[value_column]) for r in reader if r["component"] != "total"}


def write_atomic(path, text):
    fd, tmp = tempfile.mkstemp(prefix=".index.", suffix=".html", dir=os.path.dirname(path))
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    sp.publish(tmp, path)


def number_text(v):
    return "" if v is None else (f"{v:.6g}" if isinstance(v, float) else str(v))


def table_html(points, keys, units, metrics, css_id):
    head = ["point", "status"] + [sp.label_of(k, u) for k, u in zip(keys, units)] + [sp.label_of(m) for m in metrics] + ["error"]
    out = [f'<table id="{css_id}"><thead><tr>' + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr></thead><tbody>"]
    for p in points:
        cells = [p["id"], p["status"]] + [p["settings"].get(k, "") for k in keys]
        cells += [number_text(p["metrics"].get(m)) for m in metrics] + [p.get("error") or ""]
        cls = f' class="{html.escape(p["status"])}"'
        out.append(f"<tr{cls}>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def page(data, front, figures):
    s = data["sweep"]
    pts = data["points"]
    counts = {k: sum(1 for p in pts if p["status"] == k) for k in ("ok", "failed", "not_run")}
    keys, units, metrics = s["swept_keys"], s["swept_units"], s["metrics"]
    title = html.escape(f"aimcsim sweep {s['name']}")
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>",
             "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;font-size:12px}"
             "td,th{border:1px solid #bbb;padding:2px 6px;text-align:right}tr.failed{background:#fdd}"
             "tr.not_run{color:#999}figure{display:inline-block;margin:6px}img{max-width:720px}</style></head><body>",
             f"<h1>{title}</h1>",
             f"<p>{len(pts)} points: {counts['ok']} ok, {counts['failed']} failed, {counts['not_run']} not run, "
             f"{s.get('skipped_by_constraints', 0)} skipped by constraints. Sweep file: "
             f"<code>{html.escape(str(s.get('file', '')))}</code>; architecture <code>{html.escape(str(s.get('arch', '')))}</code>.</p>"]
    if s["objectives"]:
        goals = ", ".join(f"{o['goal']} {o['metric']}" for o in s["objectives"])
        parts.append(f"<h2>Pareto front</h2><p>Objectives: {html.escape(goals)}.</p>")
        parts.append(table_html([p for p in pts if p["id"] in front], keys, units, metrics, "front"))
    if figures:
        parts.append("<h2>Plots</h2>")
        for stem in figures:
            parts.append(f'<figure><a href="plots/{stem}.png"><img src="plots/{stem}.svg" alt="{html.escape(stem)}"></a>'
                         f"<figcaption>{html.escape(stem)}</figcaption></figure>")
    else:
        parts.append("<p>No plots: no point finished with metrics.</p>")
    parts.append("<h2>All points</h2>")
    parts.append(table_html(pts, keys, units, metrics, "results"))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def report(folder):
    data = load_results(folder)
    s = data["sweep"]
    front = front_ids(folder)
    ok = [p for p in data["points"] if p["status"] == "ok"]
    plots = os.path.join(folder, "plots")
    os.makedirs(plots, exist_ok=True)
    written, figures = [], []
    units = dict(zip(s["swept_keys"], s["swept_units"]))
    axes = sp.distinct_axes(ok, s["swept_keys"])
    for metric in s["metrics"]:
        for axis in axes:
            others = [a for a in axes if a != axis]
            stem = sp.metric_vs_axis(ok, axis, units.get(axis, ""), metric, others, plots, written)
            if stem:
                figures.append(stem)
    front_points = [p for p in ok if p["id"] in front]
    figures += sp.pareto_scatter(ok, front, s["objectives"], plots, written)
    energy = {p["id"]: breakdown(folder, p, "energy_by_component.csv", "total_energy_j") for p in front_points}
    area = {p["id"]: breakdown(folder, p, "area_table.csv", "area_total_mm2") for p in front_points}
    for stem in (sp.stacked_breakdown(front_points, energy, "total_energy_j", "energy [J]", "Energy by component of the front's runs", "front_energy_breakdown", plots, written),
                 sp.stacked_breakdown(front_points, area, "area_total_mm2", "area [mm²]", "Area by component of the front's chips", "front_area_breakdown", plots, written)):
        if stem:
            figures.append(stem)
    # Plots of an earlier report (other metrics or axes) would no longer be on the page.
    for name in os.listdir(plots):
        if name.endswith((".png", ".svg")) and name not in written:
            os.remove(os.path.join(plots, name))
    write_atomic(os.path.join(folder, "index.html"), page(data, front, figures))
    return len(figures)


def main(argv):
    if len(argv) != 2:
        print("usage: sweep_report.py SWEEP_DIR", file=sys.stderr)
        return 2
    try:
        n = report(argv[1])
    except BadInput as e:
        print(f"sweep_report: {e}", file=sys.stderr)
        return 2
    print(f"sweep_report: {n} figures (PNG and SVG) in {os.path.join(argv[1], 'plots')}, page {os.path.join(argv[1], 'index.html')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
