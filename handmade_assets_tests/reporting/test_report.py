import dataclasses
import datetime as dt
import io
import subprocess
import sys

import pandas as pd
import pytest

from handmade_assets.engagement.metrics import aggregate_events
from handmade_assets.engagement.allocation import uniform_probabilities
from handmade_assets.engagement.scoring import assignment_counts, score_variants, stability_check
from handmade_assets_demo.traffic import DEFAULT_TRUTH, simulate_day, simulate_live_catalog
from handmade_assets.reporting.assets import read_quality, split_weeks
from handmade_assets.reporting.report import build_report, prob_best_text
from handmade_assets.services.object_store import LocalObjectStore
from handmade_assets.taxonomy import PERSONA_KEYS

WEEK_START = dt.date(2025, 3, 2)
PNG_URI = "data:image/png;base64,"
HOSTILE = "<script>alert('x')</script>"

# maker_advocate converts three times as well, so a small week already names a winner.
OBVIOUS_TRUTH = dataclasses.replace(
    DEFAULT_TRUTH,
    persona_conversion_lift={**DEFAULT_TRUTH.persona_conversion_lift, "maker_advocate": 3.0},
)


def _catalog() -> pd.DataFrame:
    return simulate_live_catalog(480, seed=2)


def _week_metrics(impressions_per_day: int, days: range = range(7)) -> pd.DataFrame:
    catalog = _catalog()
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
    report = build_report(scores, metrics, week_start=WEEK_START, scored_on=WEEK_START)
    assert report.overall_winner == "maker_advocate"
    assert "Maker Advocate sells best overall" in report.html
    # The headline interval says what it is: six personas share 5 %, 99.2 % each.
    assert "(99.2 % always-valid interval)" in report.html
    assert "p &lt; 0.001" in report.html and "p = &lt;" not in report.html
    assert "experiment to date" in report.html and "experiment to date" in report.markdown
    assert "95 % listing-level interval" in report.html
    assert "expected loss (purchases per 10,000 impressions)" in report.html
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


def _quality() -> pd.DataFrame:
    """Two batches' per-draft rows as generation writes them to quality/<batch_id>.parquet."""
    rows = []
    for batch in ("batch-a", "batch-b"):
        for i, persona in enumerate(PERSONA_KEYS * 2):
            failures = ""
            if persona == "visual_poet" and batch == "batch-a":
                failures = "material 'linen' is not supported by the listing's facts; " + HOSTILE
            rows.append(
                {
                    "listing_id": f"l-{i}",
                    "locale": "en",
                    "persona": persona,
                    "prompt_version": "v1",
                    "model_id": "local",
                    "status": "ok",
                    "cost_usd": 0.002,
                    "input_tokens": 900,
                    "output_tokens": 300,
                    "gate_failures": failures,
                    "batch_id": batch,
                }
            )
    return pd.DataFrame(rows)


def test_optional_sections_appear_when_given(week):
    metrics, scores = week
    report = build_report(
        scores,
        metrics,
        week_start=WEEK_START,
        quality=_quality(),
        stability=stability_check(metrics),
    )
    # The week before has one day of data (a Saturday): only Saturdays are compared.
    assert "Both weeks over the same 1 weekday (Sat)" in report.html
    assert "cost per description" in report.html and "$0.0020" in report.html
    assert "cost per purchase" in report.html
    # 2 of 24 drafts failed (visual_poet in batch-a), each for two reasons.
    assert "Drafts that failed quality gates (2 of 24)" in report.html
    assert "material … is not supported" in report.html
    assert HOSTILE not in report.html
    assert "Stability over" in report.html
    assert "Recommended allocation changes" in report.html


def test_week_over_week_compares_equal_days(week):
    metrics, scores = week
    # Two full weeks: all seven weekdays; drop a Tuesday from this week and no Tuesday counts.
    two_weeks = pd.concat(
        [metrics, _week_metrics(100_000, range(-7, 0))], ignore_index=True
    ).drop_duplicates(["date", "listing_id", "locale"])
    report = build_report(scores, two_weeks, week_start=WEEK_START)
    assert "Both weeks over the same 7 weekdays" in report.html
    tuesday = WEEK_START + dt.timedelta(days=(1 - WEEK_START.weekday()) % 7)
    report = build_report(scores, two_weeks[two_weeks["date"] != tuesday], week_start=WEEK_START)
    assert "Both weeks over the same 6 weekdays" in report.html and "Tue" not in report.html.split("Both weeks")[1].split("</p>")[0]


def test_plot_axes_never_repeat_a_tick_label(week):
    from handmade_assets.engagement.metrics import rollup
    from handmade_assets.reporting.report import _segment, daily_figure, rates_figure

    metrics, scores = week
    # Daily conversion between 0.055 % and 0.065 %: ticks 0.0025 points apart, which two
    # fixed decimals print as 0.06 %, 0.06 %, 0.06 %.
    days = rollup(metrics, ["date", "persona"]).assign(
        conversion=lambda f: 0.00055 + 0.0001 * (f.index % 5) / 4
    )
    figures = [
        rates_figure(_segment(scores, "all", "all")),
        daily_figure(days, "conversion", "conversion", percent=True),
    ]
    for figure, canvas in figures:
        canvas.draw()
    for axes in (axes for figure, _ in figures for axes in figure.axes):
        labels = [t.get_text() for t in axes.get_yticklabels() if t.get_text()]
        assert len(labels) >= 3
        assert len(set(labels)) == len(labels), labels


def test_an_interval_without_an_upper_bound_says_so_and_keeps_the_plot_readable(week):
    from handmade_assets.reporting.report import _segment, rates_figure

    metrics, scores = week
    scores = scores.copy()
    overall = (scores["category"] == "all") & (scores["locale"] == "all")
    first = scores.index[overall][0]
    scores.loc[first, "ctr_high"] = 1.0
    report = build_report(scores, metrics, week_start=WEEK_START, scored_on=WEEK_START)
    assert "to no upper bound)" in report.html and "to 100.000%" not in report.html
    figure, canvas = rates_figure(_segment(scores, "all", "all"))
    canvas.draw()
    ctr_axes = figure.axes[0]
    bounded = scores.loc[overall & (scores.index != first), "ctr_high"].max()
    # The axis is scaled to the bounded intervals, not stretched to 100 %.
    assert ctr_axes.get_ylim()[1] < 2 * bounded


def test_prob_best_is_shown_to_its_monte_carlo_precision():
    assert prob_best_text(1.0, 20000) == "> 99 %"
    assert prob_best_text(0.0, 20000) == "< 1 %"
    assert prob_best_text(0.4237, 20000) == "42 %"
    assert prob_best_text(0.9951, 20000) == "> 99 %"


def test_no_winner_headline_quotes_no_probability_of_being_best(week):
    metrics, _ = week
    tie = metrics.assign(purchases=metrics["impressions"] // 1500)
    report = build_report(score_variants(tie, draws=1000), metrics, week_start=WEEK_START)
    headline = report.html.split("id='headline'>")[1].split("</p>")[0]
    assert headline.startswith("No clear winner yet")
    assert "probability" not in headline and "P(best)" not in headline


def test_the_scope_says_what_the_scores_cover(week):
    metrics, scores = week
    assert "as scored on 2025-03-08" in build_report(
        scores, metrics, week_start=WEEK_START, scored_on=dt.date(2025, 3, 8)
    ).html
    assert "experiment to date" in build_report(scores, metrics, week_start=WEEK_START).html
    assert "No scores yet" in build_report(scores.iloc[:0], metrics, week_start=WEEK_START).html


def test_without_history_or_generation_the_sections_say_so(week):
    metrics, scores = week
    in_week = metrics[metrics["date"] >= WEEK_START]
    report = build_report(scores, in_week, week_start=WEEK_START)
    assert "No data for the previous week." in report.html
    assert "No generation runs recorded yet." in report.html


def test_recommended_allocation_moves_traffic_to_the_winner(week):
    metrics, scores = week
    report = build_report(scores, metrics, week_start=WEEK_START, exploration_floor=0.05)
    section = report.html.split("Recommended allocation changes")[1].split("<h2>")[0]
    header = section.split("<thead>")[1].split("</thead>")[0]
    columns = [cell.split("</th>")[0] for cell in header.split("<th>")[1:]]
    overall = section.split("<tbody>")[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in overall.split("<td>")[1:]]
    row = dict(zip(columns, cells, strict=True))
    # Overall comes first; the obvious winner goes from ~1/6 to most, the rest to the floor.
    assert row["segment"] == "overall"
    current, recommended = (int(v.rstrip("%")) for v in row["Maker Advocate"].split(" → "))
    assert current in (16, 17) and recommended > 50
    assert all(row[name].endswith("→ 5%") for name in columns[1:] if name != "Maker Advocate")


def test_a_sample_ratio_mismatch_withholds_the_verdict(week):
    metrics, _ = week
    catalog = _catalog().assign(weights=[uniform_probabilities()] * 1920)
    # An assignment bug: 100 listings meant for material_enthusiast went to visual_poet.
    moved = catalog.index[catalog["persona"] == "material_enthusiast"][:100]
    catalog.loc[moved, "persona"] = "visual_poet"
    scores = score_variants(metrics, draws=1000, assignments=assignment_counts(catalog))
    report = build_report(scores, metrics, week_start=WEEK_START)
    assert report.overall_winner is None
    assert "Sample-ratio mismatch in the assignments" in report.html
    assert "No verdict" in report.html
    fair = score_variants(
        metrics, draws=1000, assignments=assignment_counts(_catalog().assign(weights=[uniform_probabilities()] * 1920))
    )
    assert "listings were assigned to personas as the allocation" in build_report(
        fair, metrics, week_start=WEEK_START
    ).html
    assert "Sample ratio: not checked" in build_report(
        score_variants(metrics, draws=1000), metrics, week_start=WEEK_START
    ).html


def test_quality_is_read_from_every_batch_file(tmp_path):
    store = LocalObjectStore(root=str(tmp_path))
    quality = _quality()
    for batch, rows in quality.groupby("batch_id"):
        buffer = io.BytesIO()
        rows.to_parquet(buffer, index=False)
        store.put_bytes(f"quality/{batch}.parquet", buffer.getvalue())
    store.put_bytes("quality/readme.txt", b"not a batch")
    read = read_quality(store)
    assert len(read) == len(quality)
    assert set(read["batch_id"]) == {"batch-a", "batch-b"}
    assert read_quality(LocalObjectStore(root=str(tmp_path / "empty"))) is None


def test_split_weeks_takes_the_week_and_the_one_before(week):
    metrics, _ = week
    this_week, previous = split_weeks(metrics, WEEK_START)
    assert set(this_week["date"]) == {WEEK_START + dt.timedelta(days=d) for d in range(7)}
    assert set(previous["date"]) == {WEEK_START - dt.timedelta(days=1)}


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
