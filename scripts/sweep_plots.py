# SPDX-License-Identifier: Apache-2.0
"""Plots of a sweep (matplotlib, Debian python3-matplotlib): each metric against each swept
axis, the Pareto scatter, and stacked energy and area breakdowns of the front's points.
Every figure is written as PNG and SVG, each file atomically; same input, same bytes."""

import math
import os
import tempfile

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.hashsalt"] = "aimcsim-sweep"  # stable element ids in the SVG
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)

UNIT_SUFFIXES = [("_mm2", "mm²"), ("_j", "J"), ("_s", "s"), ("_w", "W"), ("_hz", "Hz")]
MAX_LINES = 8  # more combinations of the other axes than this: points, not lines


def label_of(column, unit=""):
    """Axis label with its unit: "run.tpot_s" -> "run.tpot_s [s]"; swept keys carry theirs."""
    if unit:
        return f"{column} [{unit}]"
    for suffix, name in UNIT_SUFFIXES:
        if column.endswith(suffix):
            return f"{column} [{name}]"
    return column


def as_number(text):
    try:
        v = float(text)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def publish(tmp, path):
    """Renames a finished temporary file into place with the permissions a new file gets
    (mkstemp makes it private: 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    os.replace(tmp, path)


def save(fig, folder, stem, written):
    """Writes stem.png and stem.svg into folder, each through a temporary file and rename."""
    for ext, extra in (("png", {"metadata": {"Software": None}}), ("svg", {"metadata": {"Date": None}})):
        fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=f".{ext}", dir=folder)
        with os.fdopen(fd, "wb") as out:
            fig.savefig(out, format=ext, dpi=100, **extra)
        publish(tmp, os.path.join(folder, f"{stem}.{ext}"))
        written.append(f"{stem}.{ext}")
    plt.close(fig)


def safe_stem(text):
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)


def distinct_axes(points, keys):
    """Swept keys that vary, without those that split the points exactly as an earlier key does
    (a zip partner or a derived key says nothing the first one does not)."""
    chosen, partitions = [], []
    for k in keys:
        values = [p["settings"].get(k) for p in points]
        if len(set(values)) < 2:
            continue
        partition = tuple(values.index(v) for v in values)
        if partition in partitions:
            continue
        partitions.append(partition)
        chosen.append(k)
    return chosen


def metric_vs_axis(points, axis, unit, metric, others, folder, written):
    """One figure: metric against the axis, one line per combination of the other axes when
    they are few, else the points alone. Returns the file stem or None (nothing to draw)."""
    rows = [p for p in points if p["metrics"].get(metric) is not None]
    if not rows:
        return None
    numeric = all(as_number(p["settings"][axis]) is not None for p in rows)
    categories = sorted({p["settings"][axis] for p in rows}, key=lambda t: (as_number(t) is None, as_number(t) or 0, t))

    def x_of(p):
        return as_number(p["settings"][axis]) if numeric else categories.index(p["settings"][axis])

    groups = {}
    for p in rows:
        groups.setdefault(tuple(p["settings"].get(o) for o in others), []).append(p)
    fig, ax = plt.subplots(figsize=(7.2, 4.5))
    if len(groups) <= MAX_LINES:
        def numeric_first(key):
            return tuple((as_number(v) is None, as_number(v) or 0.0, str(v)) for v in key)

        for key, members in sorted(groups.items(), key=lambda kv: numeric_first(kv[0])):
            members.sort(key=x_of)
            name = ", ".join(f"{o.split('.')[-1]}={v}" for o, v in zip(others, key)) or None
            ax.plot([x_of(p) for p in members], [p["metrics"][metric] for p in members], marker="o", label=name)
        if len(groups) > 1:
            ax.legend(fontsize=7, loc="best")
    else:
        ax.scatter([x_of(p) for p in rows], [p["metrics"][metric] for p in rows], s=14)
    ys = [p["metrics"][metric] for p in rows]
    if min(ys) > 0 and max(ys) / min(ys) > 100:
        ax.set_yscale("log")
    if not numeric:
        ax.set_xticks(range(len(categories)), categories)
    ax.set_xlabel(label_of(axis, unit))
    ax.set_ylabel(label_of(metric))
    ax.set_title(f"{metric} vs {axis}", fontsize=10)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    stem = safe_stem(f"{metric}__vs__{axis}")
    save(fig, folder, stem, written)
    return stem


def pareto_scatter(points, front_ids, objectives, folder, written):
    """The first two objectives (and every other pair): all ok points grey, the front joined in
    red; a third objective colours the front's points."""
    stems = []
    names = [o["metric"] for o in objectives]
    pairs = [(0, 1)] + [(i, j) for i in range(len(names)) for j in range(i + 1, len(names)) if (i, j) != (0, 1)]
    for i, j in pairs if len(names) >= 2 else []:
        xi, yj = names[i], names[j]
        usable = [p for p in points if p["metrics"].get(xi) is not None and p["metrics"].get(yj) is not None]
        if not usable:
            continue
        front = sorted((p for p in usable if p["id"] in front_ids), key=lambda p: p["metrics"][xi])
        fig, ax = plt.subplots(figsize=(7.2, 4.8))
        ax.scatter([p["metrics"][xi] for p in usable], [p["metrics"][yj] for p in usable], c="0.7", s=18, label="points")
        if front:
            ax.plot([p["metrics"][xi] for p in front], [p["metrics"][yj] for p in front], c="tab:red", lw=1, zorder=2)
            third = [n for n in names if n not in (xi, yj)]
            colour = [p["metrics"].get(third[0]) for p in front] if third else None
            if colour and all(c is not None for c in colour):
                sc = ax.scatter([p["metrics"][xi] for p in front], [p["metrics"][yj] for p in front], c=colour,
                                cmap="viridis", s=46, edgecolors="tab:red", zorder=3, label="Pareto front")
                fig.colorbar(sc, ax=ax).set_label(label_of(third[0]))
            else:
                ax.scatter([p["metrics"][xi] for p in front], [p["metrics"][yj] for p in front], c="tab:red", s=46,
                           zorder=3, label="Pareto front")
            for p in front:
                ax.annotate(p["id"], (p["metrics"][xi], p["metrics"][yj]), fontsize=7, xytext=(3, 3),
                            textcoords="offset points")
        for axis_set, name in ((ax.set_xscale, xi), (ax.set_yscale, yj)):
            vals = [p["metrics"][name] for p in usable]
            if min(vals) > 0 and max(vals) / min(vals) > 100:
                axis_set("log")
        ax.set_xlabel(label_of(xi))
        ax.set_ylabel(label_of(yj))
        ax.set_title("Pareto front (objectives: " + ", ".join(f"{o['goal']} {o['metric']}" for o in objectives) + ")",
                     fontsize=8)
        ax.legend(fontsize=8, loc="best")
        ax.grid(True, alpha=0.3)
        fig.tight_layout()
        stem = "pareto" if (i, j) == (0, 1) else safe_stem(f"pareto__{xi}__{yj}")
        save(fig, folder, stem, written)
        stems.append(stem)
    return stems


def stacked_breakdown(front, table_rows, value_column, ylabel, title, stem, folder, written):
    """One bar per front point, stacked by component type. table_rows maps a point id to its
    rows ({component: value}). Returns the stem, or None without data."""
    bars = [p for p in front if table_rows.get(p["id"])]
    if not bars:
        return None
    components = sorted({c for p in bars for c in table_rows[p["id"]]})
    fig, ax = plt.subplots(figsize=(max(6.0, 1.0 + 0.9 * len(bars)), 5.2))
    bottom = [0.0] * len(bars)
    cmap = plt.get_cmap("tab20")
    for k, comp in enumerate(components):
        heights = [table_rows[p["id"]].get(comp, 0.0) for p in bars]
        ax.bar(range(len(bars)), heights, bottom=bottom, label=comp, color=cmap(k % 20))
        bottom = [b + h for b, h in zip(bottom, heights)]
    ax.set_xticks(range(len(bars)), [p["id"] for p in bars])
    ax.set_xlabel("Pareto-front point")
    ax.set_ylabel(ylabel)
    ax.set_title(f"{title} ({value_column})", fontsize=10)
    ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    save(fig, folder, stem, written)
    return stem
