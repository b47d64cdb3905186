"""The documentation builds: charts drawn deterministically and mkdocs --strict clean.

Needs the docs tools (pip install -e '.[dev]'); run with: pytest checks
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS = sorted((REPO / "docs").glob("*.md"))


def test_charts_are_drawn_deterministically(tmp_path):
    import sys

    sys.path.insert(0, str(DOCS[0].parent.parent / "tools"))
    import charts

    first = [p.read_bytes() for p in charts.draw_all(tmp_path / "a")]
    second = [p.read_bytes() for p in charts.draw_all(tmp_path / "b")]
    assert first == second
    assert all(len(data) > 20_000 and data.startswith(b"\x89PNG") for data in first)


def test_mkdocs_build_is_strict_clean(tmp_path):
    import subprocess
    import sys

    repo = DOCS[0].parent.parent
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "WARNING" not in out.stderr
    api = (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8")
    assert 'id="kzfacts.package.Package.quantity"' in api
    for chart in ("corridor-cargo.png", "events-timeline.png", "memberships.png"):
        assert (tmp_path / "site" / "img" / chart).is_file()
    # Readers see the examples without the doctest markup the tests need (tools/mkdocs_hooks.py).
    citing = (tmp_path / "site" / "citing" / "index.html").read_text(encoding="utf-8")
    assert "print" in citing and "@misc{masarat-2025," in citing
    for page in (tmp_path / "site").rglob("*"):
        if page.suffix in (".html", ".json"):
            text = page.read_text(encoding="utf-8")
            assert "doctest:" not in text and "BLANKLINE" not in text, page
    assert (tmp_path / "site" / "fork" / "index.html").is_file()


def test_chart_text_is_legible_at_the_width_the_page_shows_it(tmp_path, monkeypatch):
    """The docs' content column is about 720 px wide, and a chart is scaled to it: text of S points
    in a chart W inches wide shows at S / 72 * 720 / W px. Nothing below 11 px (the events chart's
    labels were 6 px)."""
    import sys

    sys.path.insert(0, str(REPO / "tools"))
    import charts
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    seen: dict[str, tuple[float, float, str]] = {}
    original = Figure.savefig

    def record(self, fname, *args, **kwargs):
        texts = [t for t in self.findobj(Text) if t.get_visible() and t.get_text().strip()]
        smallest = min(texts, key=lambda t: t.get_fontsize())
        seen[Path(fname).name] = (self.get_figwidth(), smallest.get_fontsize(), smallest.get_text())
        return original(self, fname, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", record)
    charts.draw_all(tmp_path)
    assert set(seen) == set(charts.CHARTS)
    for name, (width, points, text) in seen.items():
        shown = points / 72 * 720 / width
        assert shown >= 11, f"{name}: {text[:40]!r} shows at {shown:.1f} px"
