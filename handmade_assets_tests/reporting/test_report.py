import dataclasses
import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

from handmade_assets.engagement.metrics import aggregate_events
from handmade_assets.engagement.scoring import score_variants
from handmade_assets.engagement.simulator import DEFAULT_TRUTH, simulate_day, simulate_live_catalog
from handmade_assets.reporting.report import build_report
from handmade_assets.taxonomy import PERSONA_KEYS

WEEK_START = dt.date(2025, 3, 2)
PNG_URI = "data:image/png;base64,"
HOSTILE = "<script>alert('x')</script>"

# maker_advocate converts three times as well, so a small week already names a winner.
OBVIOUS_TRUTH = dataclasses.replace(
    DEFAULT_TRUTH,
    persona_conversion_lift={**DEFAULT_TRUTH.persona_conversion_lift, "maker_advocate": 3.0},
)


def _week_metrics(impressions_per_day: int, days: range = range(7)) -> pd.DataFrame:
    catalog = simulate_live_catalog(480, seed=2)
    return pd.concat(
        [
            aggregate_events(
                simulate_day(
                    catalog,
                    WEEK_START + dt.timedelta(days=d),
                    impressions_per_day,
                    seed=2,
                    truth=OBVIOUS_TRUTH,
                )
            )
            for d in days
        ],
        ignore_index=True,
    )


@pytest.fixture(scope="module")
def week():
    metrics = _week_metrics(100_000, range(-1, 8))  # a day either side, to be filtered out
    in_week = metrics[
        (metrics["date"] >= WEEK_START) & (metrics["date"] < WEEK_START + dt.timedelta(days=7))
    ]
    return metrics, score_variants(in_week, draws=4000)


def test_report_names_the_winner_and_embeds_its_plots(week):
    metrics, scores = week
    report = build_report(scores, metrics, week_start=WEEK_START)
    assert report.overall_winner == "maker_advocate"
    assert "Maker Advocate sells best overall" in report.html
    assert report.markdown.startswith("**Maker Advocate sells best overall")
    assert "ceramics" in report.markdown and "| category |" in report.markdown
    assert set(report.plots) == {"rates", "daily_conversion", "traffic_share"}
    assert all(png.startswith(b"\x89PNG") for png in report.plots.values())
    assert report.html.count(PNG_URI) == 3
    assert report.markdown.count(PNG_URI) == 1
    assert "http://" not in report.html and "https://" not in report.html
    assert "Mon 03" in report.html or "2025-03-02" in report.html


def test_week_filter_drops_days_outside_the_week(week):
    metrics, scores = week
    outside = metrics[metrics["date"] >= WEEK_START + dt.timedelta(days=7)]
    report = build_report(scores, outside, week_start=WEEK_START)
    assert set(report.plots) == {"rates"}


def test_optional_sections_appear_when_given(week):
    metrics, scores = week
    costs = pd.DataFrame(
        {"persona": list(PERSONA_KEYS), "cost_usd": [2.0] * 6, "n_drafts": [1000] * 6}
    )
    failures = pd.DataFrame(
        {
            "listing_id": ["l-1", "l-2"],
            "persona": ["visual_poet", "visual_poet"],
            "check": ["length", HOSTILE],
        }
    )
    report = build_report(
        scores,
        metrics,
        week_start=WEEK_START,
        previous_scores=scores,
        costs=costs,
        quality_failures=failures,
    )
    assert "Week over week" in report.html and "+0.0%" in report.html
    assert "cost per description" in report.html and "$0.0020" in report.html
    assert "cost per purchase" in report.html
    assert "Quality-gate failures (2)" in report.html
    assert HOSTILE not in report.html


def test_not_enough_data_says_so():
    metrics = _week_metrics(2_000, range(2))
    report = build_report(score_variants(metrics, draws=1000), metrics, week_start=WEEK_START)
    assert report.overall_winner is None
    assert "Not enough data" in report.markdown
    assert "Not enough data" in report.html


def test_text_from_data_is_escaped():
    metrics = _week_metrics(3_000, range(1))
    metrics["category"] = (
        metrics["category"].astype(str).where(metrics["category"] != "ceramics", HOSTILE)
    )
    metrics["persona"] = (
        metrics["persona"].astype(str).where(metrics["persona"] != "visual_poet", "$poet|<b>")
    )
    report = build_report(score_variants(metrics, draws=1000), metrics, week_start=WEEK_START)
    for text in (report.html, report.markdown):
        assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;" in report.html
    assert "&lt;script&gt;" in report.markdown


def test_importing_the_report_module_does_not_import_matplotlib():
    code = "import sys, handmade_assets.reporting.report; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
