"""The documentation's three charts, drawn from the installed data with matplotlib.

Run by the MkDocs hook before each build (tools/mkdocs_hooks.py) and by the tests.
Output is deterministic: no timestamps in the files, fixed sizes and offsets.
Every encoding has a second channel besides colour (marker shape, fill, hatch, labels).

Each chart is drawn at the width the documentation page shows it (PAGE_WIDTH inches, about
720 px in the Material theme's content column at 100 px per inch), so its text is as large on
the page as its size in points says: nothing below SMALLEST points (11 px there). DPI only adds
sharpness for high-density screens.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

import kzfacts
from kzfacts.dates import PartialDate
from kzfacts.vocabulary import ROLE_IS_MEMBERSHIP, ROLE_TERM_LIMITED

SEED = "masarat-2025"
PAGE_WIDTH = 7.2
"""Inches: the content column's width on the page, at 100 px per inch."""
DPI = 160
SMALLEST = 8.5
"""Points: the smallest text in any chart (annotations, footnotes)."""
LABEL = 9.0
"""Points: tick labels and legends."""
METADATA = {"Software": None}
CHARTS = ("corridor-cargo.png", "events-timeline.png", "memberships.png")


def _date(date: PartialDate | None) -> dt.date | None:
    """First day a partial date can mean, where spells and events are drawn from."""
    return None if date is None else date.lower


def _end(date: PartialDate | None) -> dt.date | None:
    """Last day a partial date can mean (2026 -> 2026-12-31), so spells are drawn to their end."""
    return None if date is None else date.upper


def _footnote(fig: Figure, text: str) -> None:
    """``text`` under the chart at the smallest size, wrapped to the figure's width, and the chart
    laid out above it."""
    import textwrap

    per_line = int(PAGE_WIDTH * 72 * 0.94 / (SMALLEST * 0.53))  # a DejaVu Sans glyph: ~0.53 em
    wrapped = textwrap.fill(text, per_line)
    lines = wrapped.count("\n") + 1
    fig.text(0.012, 0.012, wrapped, fontsize=SMALLEST, va="bottom", linespacing=1.3)
    bottom = (lines * SMALLEST * 1.3 / 72 + 0.12) / fig.get_figheight()
    fig.tight_layout(rect=(0, bottom, 1, 1))


def corridor_cargo(path: Path) -> None:
    """Recommended annual series as bars; every other full-year route figure as points."""
    annual = {a.year: a for a in kzfacts.annual()}
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 5.2), dpi=DPI)
    years = sorted(annual)
    ax.bar(
        years,
        [annual[y].value for y in years],
        width=0.6,
        color="#c9d7e8",
        edgecolor="#35557a",
        label="recommended full-year outcome (bar)",
    )
    for y in years:
        ax.text(y, 0.08, f"{annual[y].value:g}", ha="center", fontsize=SMALLEST, color="#1b2f4a")
    styles = {
        "outcome": dict(marker="o", facecolor="#222222", label="other reported outcome"),
        "forecast": dict(marker="^", facecolor="none", label="forecast or target (hollow triangle)"),
    }
    for q in kzfacts.quantities():
        year = q.full_year
        if year is None or (q.measure, q.scope, q.unit) != ("total-cargo", "route", "Mt"):
            continue
        recommended = annual[year].value if q.outlook == "outcome" and year in annual else None
        values = [v for v in q.values if not v.flagged and v.value != recommended]
        for i, v in enumerate(values):
            offset = (i - (len(values) - 1) / 2) * 0.09
            style = styles[q.outlook]
            seed = SEED in {s.id for s in v.sources}
            ax.scatter(
                year + offset,
                v.value,
                marker=style["marker"],
                s=60 if seed else 28,
                facecolors=style["facecolor"],
                edgecolors="#222222",
                zorder=3,
            )
            if seed:
                ax.scatter(
                    year + offset,
                    v.value,
                    marker="*",
                    s=220,
                    facecolors="#d1495b",
                    edgecolors="#222222",
                    zorder=4,
                )
                label = "seed" if q.outlook == "outcome" else "seed (forecast)"
                ax.annotate(
                    label,
                    (year + offset, v.value),
                    xytext=(7, 5),
                    textcoords="offset points",
                    fontsize=SMALLEST,
                )
    handles = [
        plt.Rectangle(
            (0, 0),
            1,
            1,
            facecolor="#c9d7e8",
            edgecolor="#35557a",
            label="recommended full-year outcome (bar)",
        ),
        Line2D(
            [], [], marker="o", linestyle="none", color="#222222", label="other reported outcome (filled dot)"
        ),
        Line2D(
            [],
            [],
            marker="^",
            linestyle="none",
            markerfacecolor="none",
            markeredgecolor="#222222",
            label="forecast or target (hollow triangle)",
        ),
        Line2D(
            [],
            [],
            marker="*",
            linestyle="none",
            markerfacecolor="#d1495b",
            markeredgecolor="#222222",
            markersize=12,
            label="figure stated by the seed article (star)",
        ),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=SMALLEST, frameon=False)
    ax.set_xticks(years)
    ax.tick_params(labelsize=LABEL)
    ax.set_ylabel("million tonnes (Mt)", fontsize=LABEL)
    ax.set_title("Middle Corridor (TITR) cargo by year, whole route", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    _footnote(
        fig,
        "Bars: Kazakh Ministry of Transport series (recommended). Points: other sources' "
        "full-year figures; flagged figures omitted.",
    )
    fig.savefig(path, metadata=METADATA)
    plt.close(fig)


SUMMIT_LABELS = {
    "gcc-central-asia-summit-2023": "GCC-C. Asia",
    "c5-plus-1-summit-2023": "C5+1",
    "sco-summit-2024": "SCO",
    "cica-summit-2022": "CICA",
    "ots-summit-2023": "OTS",
    "ots-summit-2024": "OTS",
}
TIMELINE_FROM = dt.date(2016, 7, 1)


def events_timeline(path: Path) -> None:
    """Astana process rounds, AIF editions (the cancelled one hollow), summits and talks, by date."""
    rows = {"Astana process\nrounds": 3, "Astana Intl.\nForum": 2, "summits": 1, "talks": 0}
    placed: dict[int, list[tuple[dt.date, str, object]]] = {r: [] for r in rows.values()}
    for event in kzfacts.events():
        start = _date(event.start_date) or _date(event.end_date)  # an unsourced start: plot the end
        if start is None or start < TIMELINE_FROM or event.kind in ("process", "dialogue-platform"):
            continue
        if event.id == "aif":
            continue  # the series itself, not an edition
        if event.series_id == "astana-process" and event.kind == "round":
            row, label = rows["Astana process\nrounds"], str(event.edition)
        elif event.series_id == "aif":
            row, label = rows["Astana Intl.\nForum"], event.id.replace("aif-", "AIF ")
        elif event.kind == "summit":
            row, label = rows["summits"], SUMMIT_LABELS.get(event.id, event.name_en[:12])
        else:
            row, label = rows["talks"], event.city or ""
        placed[row].append((start, label, event))
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 5.6), dpi=DPI)
    offsets = (12, -13, 23, -24)
    for row, items in placed.items():
        for index, (start, label, event) in enumerate(sorted(items, key=lambda item: item[0])):
            abroad = event.country not in (None, "KAZ")  # type: ignore[attr-defined]
            held = event.status == "held"  # type: ignore[attr-defined]
            ax.scatter(
                start,
                row,
                marker="s" if abroad else "o",
                s=30,
                zorder=3,
                facecolors="#222222" if held else "none",
                edgecolors="#222222",
            )
            text = label + ("" if held else f" ({event.status})")  # type: ignore[attr-defined]
            ax.annotate(
                text,
                (start, row),
                xytext=(0, offsets[index % len(offsets)]),
                textcoords="offset points",
                ha="center",
                va="center",
                fontsize=SMALLEST,
            )
    ax.set_yticks(list(rows.values()), list(rows), fontsize=LABEL)
    ax.tick_params(axis="x", labelsize=LABEL)
    ax.set_ylim(-0.8, 4.3)
    ax.set_xlim(TIMELINE_FROM, dt.date(2025, 12, 31))
    ax.grid(axis="x", color="#dddddd")
    handles = [
        Line2D([], [], marker="o", linestyle="none", color="#222222", label="held in Kazakhstan"),
        Line2D([], [], marker="s", linestyle="none", color="#222222", label="held abroad"),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markerfacecolor="none",
            markeredgecolor="#222222",
            label="cancelled (hollow)",
        ),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=SMALLEST, frameon=False, ncol=3)
    ax.set_title("Dated events, mid-2016 to 2025 (numbers: Astana process rounds)", fontsize=10.5)
    ax.spines[["top", "right"]].set_visible(False)
    earlier = sorted(
        f"{e.name_en} ({start.year})"
        for e in kzfacts.events()
        if e.kind not in ("process", "dialogue-platform")
        and (start := _date(e.start_date)) is not None
        and start < TIMELINE_FROM
    )
    _footnote(fig, "Before the axis: " + "; ".join(earlier) + ".")
    fig.savefig(path, metadata=METADATA)
    plt.close(fig)


def memberships(path: Path) -> None:
    """Every organisation on one timeline row: membership spells as pale bars, roles drawn over them
    (chair terms hatched, seats and presidencies crossed, hosting dotted), an initiative as a
    diamond. A membership with no end runs to the data's access date with an arrow; a term-limited
    role with no sourced end is a one-year stub ending in '?', never drawn as running to today."""
    styles = {
        "chair": ("#f2c57c", "///"),
        "non-permanent-member": ("#e8b4b4", "xx"),
        "council-president": ("#e8b4b4", "xx"),
        "headquarters-host": ("#b9d7b0", ".."),
        "secretariat-host": ("#b9d7b0", ".."),
        "leader": ("#d9c8ef", "\\\\"),
        "observer": ("#eeeeee", "--"),
        "partner": ("#eeeeee", "--"),
        "reform-advocate": ("#eeeeee", ""),
    }
    orgs = {o.id: o.acronym for o in kzfacts.organizations()}
    spells = [m for m in kzfacts.memberships() if m.start_date is not None]
    rows = sorted({m.organization_id for m in spells}, key=lambda o: orgs[o])
    row_of = {org: i for i, org in enumerate(rows)}
    today = dt.date(2026, 11, 29)  # where open-ended memberships stop: the data's access date
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 0.3 * len(rows) + 2.4), dpi=DPI)
    for m in sorted(spells, key=lambda m: (ROLE_IS_MEMBERSHIP[m.role] is False, m.start_date)):
        y = row_of[m.organization_id]
        start = _date(m.start_date)
        end = _end(m.end_date)
        assert start is not None
        if m.role == "initiator":
            ax.scatter(start, y, marker="D", s=28, facecolors="white", edgecolors="#222222", zorder=4)
            continue
        unknown_end = end is None and ROLE_TERM_LIMITED[m.role]
        stop = end or (min(start + dt.timedelta(days=365), today) if unknown_end else today)
        if ROLE_IS_MEMBERSHIP[m.role]:
            ax.barh(y, (stop - start).days, left=start, height=0.62, color="#c9d7e8", edgecolor="#7a8ea8")
        else:
            color, hatch = styles[m.role]
            ax.barh(
                y,
                max((stop - start).days, 20),
                left=start,
                height=0.34,
                color=color,
                edgecolor="#222222",
                hatch=hatch,
                zorder=3,
            )
        if end is None and not unknown_end:
            ax.annotate(
                "",
                xy=(stop + dt.timedelta(days=250), y),
                xytext=(stop, y),
                arrowprops={"arrowstyle": "->", "color": "#222222"},
            )
        if unknown_end:
            ax.text(stop, y, " ?", va="center", fontsize=LABEL, fontweight="bold")
    ax.set_yticks(range(len(rows)), [orgs[o] for o in rows], fontsize=LABEL)
    ax.tick_params(axis="x", labelsize=LABEL)
    ax.invert_yaxis()
    ax.set_title("Kazakhstan in international organisations: memberships and roles", fontsize=10.5)
    ax.grid(axis="x", color="#dddddd")
    ax.spines[["top", "right"]].set_visible(False)
    _footnote(
        fig,
        "Pale bar: membership (arrow: no end, ongoing). Over it: /// chair term, xx Security Council "
        "seat or presidency, .. headquarters or secretariat host, -- observer or partner; '?' after a "
        "one-year stub: a term-limited role with no sourced end. Diamond: initiative. Spells with no "
        "dated start are not drawn.",
    )
    fig.savefig(path, metadata=METADATA)
    plt.close(fig)


def draw_all(folder: Path) -> list[Path]:
    """Draw the three charts into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    plt.rcParams["svg.hashsalt"] = "kzfacts"
    paths = [folder / name for name in CHARTS]
    corridor_cargo(paths[0])
    events_timeline(paths[1])
    memberships(paths[2])
    return paths


if __name__ == "__main__":
    for drawn in draw_all(Path(__file__).resolve().parent.parent / "docs" / "img"):
        print(drawn)
