"""The weekly prompt performance report: which persona sells best, and how sure we are.

`build_report` renders the scores (see engagement.scoring) into a self-contained HTML page and a
short markdown summary for the Dagster UI. Every string from data goes through `_text` or
`_md` before it reaches HTML or markdown: categories and personas are data, not markup.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from dataclasses import dataclass, field

import pandas as pd

from handmade_assets.engagement.allocation import ALL
from handmade_assets.engagement.metrics import rollup
from handmade_assets.engagement.scoring import NOT_ENOUGH_DATA, WINNER, winners
from handmade_assets.taxonomy import PERSONA_KEYS, PERSONAS_BY_KEY

_PLOT_DPI = 80


@dataclass
class PromptPerformanceReport:
    html: str
    markdown: str
    overall_winner: str | None
    plots: dict[str, bytes] = field(default_factory=dict)


def build_report(
    scores: pd.DataFrame,
    daily_metrics: pd.DataFrame,
    *,
    week_start: dt.date,
    previous_scores: pd.DataFrame | None = None,
    costs: pd.DataFrame | None = None,
    quality_failures: pd.DataFrame | None = None,
) -> PromptPerformanceReport:
    """The report for the 7 days from `week_start`.

    `daily_metrics` has the aggregate_events grain; `costs` has persona, cost_usd, n_drafts;
    `quality_failures` is shown as given (counted per persona when it has that column).
    """
    overall = _segment(scores, ALL, ALL)
    segment_winners = winners(scores)
    overall_row = segment_winners[
        (segment_winners["category"] == ALL) & (segment_winners["locale"] == ALL)
    ]
    overall_winner = overall_row["persona"].iloc[0] if len(overall_row) else None
    week = _week(daily_metrics, week_start)
    plots = _render_plots(overall, week)
    headline = _headline(overall_row)

    sections = [
        f"<h1>Prompt performance, week of {week_start:%Y-%m-%d}</h1>",
        f"<p class='headline'>{_text(headline)}</p>",
        _srm_section(segment_winners),
        "<h2>Overall, per persona</h2>",
        _html_table(_overall_table(overall)),
        *(_html_image(plots[name], title) for name, title in _PLOT_TITLES.items() if name in plots),
        "<h2>Winners per category</h2>",
        _html_table(_winner_table(segment_winners, by="category")),
        "<h2>Winners per locale</h2>",
        _html_table(_winner_table(segment_winners, by="locale")),
        "<h2>Winners per category and locale</h2>",
        _html_table(_winner_table(segment_winners, by="cell")),
    ]
    if previous_scores is not None:
        sections += [
            "<h2>Week over week, overall conversion</h2>",
            _html_table(_week_over_week(overall, previous_scores)),
        ]
    if costs is not None:
        sections += ["<h2>Generation cost</h2>", _html_table(_cost_table(costs, overall))]
    if quality_failures is not None:
        sections += _quality_sections(quality_failures)

    return PromptPerformanceReport(
        html=_html_page(f"Prompt performance, week of {week_start:%Y-%m-%d}", sections),
        markdown=_markdown(headline, segment_winners, plots.get("rates")),
        overall_winner=overall_winner,
        plots=plots,
    )


_PLOT_TITLES = {
    "rates": "CTR and conversion per persona, with 95 % credible intervals",
    "daily_conversion": "Daily conversion per persona",
    "traffic_share": "Share of impressions per persona per day",
}


def display_name(persona: str) -> str:
    known = PERSONAS_BY_KEY.get(persona)
    return known.name if known else persona


def _segment(scores: pd.DataFrame, category: str, locale: str) -> pd.DataFrame:
    rows = scores[(scores["category"] == category) & (scores["locale"] == locale)]
    return rows.assign(label=_variant_labels(rows)).reset_index(drop=True)


def _variant_labels(rows: pd.DataFrame) -> list[str]:
    """Persona display names, with the prompt version only when several versions compete."""
    several = rows["prompt_version"].nunique() > 1
    return [
        f"{display_name(p)} ({v})" if several else display_name(p)
        for p, v in zip(rows["persona"], rows["prompt_version"], strict=True)
    ]


def _week(daily_metrics: pd.DataFrame, week_start: dt.date) -> pd.DataFrame:
    dates = pd.to_datetime(daily_metrics["date"]).dt.date
    in_week = (dates >= week_start) & (dates < week_start + dt.timedelta(days=7))
    return daily_metrics[in_week].assign(date=dates[in_week])


def _headline(overall_row: pd.DataFrame) -> str:
    if overall_row.empty or overall_row["verdict"].iloc[0] == NOT_ENOUGH_DATA:
        return "Not enough data yet to name a winning persona."
    row = overall_row.iloc[0]
    if row["verdict"] == WINNER:
        return (
            f"{display_name(row['persona'])} sells best overall: "
            f"{row['prob_best']:.0%} probability of being the best persona."
        )
    return (
        f"No clear winner yet: {display_name(row['leading_persona'])} leads with "
        f"{row['prob_best']:.0%} probability of being the best persona."
    )


# Tables: plain DataFrames of display strings, rendered (and escaped) by one function each.


def _overall_table(overall: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "persona": overall["label"],
            "impressions": overall["impressions"].map("{:,}".format),
            "CTR (95 % interval)": _rate_with_interval(overall, "ctr"),
            "conversion (95 % interval)": _rate_with_interval(overall, "conversion"),
            "median dwell": overall["dwell_median_seconds"].map("{:.0f} s".format),
            "P(best)": overall["prob_best"].map("{:.1%}".format),
            "expected loss": overall["expected_loss"].map("{:.5f}".format),
            "verdict": overall["verdict"],
        }
    )


def _rate_with_interval(rows: pd.DataFrame, rate: str) -> list[str]:
    return [
        f"{value:.3%} ({low:.3%} to {high:.3%})"
        for value, low, high in zip(
            rows[rate], rows[f"{rate}_low"], rows[f"{rate}_high"], strict=True
        )
    ]


def _winner_table(segment_winners: pd.DataFrame, *, by: str) -> pd.DataFrame:
    is_category = segment_winners["category"] != ALL
    is_locale = segment_winners["locale"] != ALL
    chosen = {
        "category": is_category & ~is_locale,
        "locale": ~is_category & is_locale,
        "cell": is_category & is_locale,
    }[by]
    rows = segment_winners[chosen]
    columns = {"category": ["category"], "locale": ["locale"], "cell": ["category", "locale"]}[by]
    return pd.DataFrame(
        {
            **{column: rows[column] for column in columns},
            "winner": [display_name(p) if isinstance(p, str) else "-" for p in rows["persona"]],
            "leading persona": rows["leading_persona"].map(display_name),
            "P(best)": rows["prob_best"].map("{:.1%}".format),
            "impressions": rows["impressions"].map("{:,}".format),
            "verdict": rows["verdict"],
            "SRM alarm": rows["srm_alarm"].map({True: "yes", False: ""}),
        }
    )


def _srm_section(segment_winners: pd.DataFrame) -> str:
    alarms = segment_winners[segment_winners["srm_alarm"]]
    if alarms.empty:
        return "<p>No sample-ratio mismatch: traffic is split across personas as expected.</p>"
    cells = ", ".join(
        _text(f"{c} / {loc}") for c, loc in zip(alarms["category"], alarms["locale"], strict=True)
    )
    return (
        "<div class='alarm'><h2>Sample-ratio mismatch</h2><p>Traffic in these segments is not "
        "split as expected (p &lt; 0.001), so their results are suspect until the cause is "
        f"found: {cells}</p></div>"
    )


def _week_over_week(overall: pd.DataFrame, previous_scores: pd.DataFrame) -> pd.DataFrame:
    previous = _segment(previous_scores, ALL, ALL)[["persona", "prompt_version", "conversion"]]
    both = overall.merge(
        previous, on=["persona", "prompt_version"], how="left", suffixes=("", "_previous")
    )
    change = both["conversion"] / both["conversion_previous"] - 1
    return pd.DataFrame(
        {
            "persona": both["label"],
            "conversion this week": both["conversion"].map("{:.3%}".format),
            "previous week": both["conversion_previous"].map(
                lambda v: "-" if pd.isna(v) else f"{v:.3%}"
            ),
            "change": change.map(lambda v: "-" if pd.isna(v) else f"{v:+.1%}"),
        }
    )


def _cost_table(costs: pd.DataFrame, overall: pd.DataFrame) -> pd.DataFrame:
    spent = costs.groupby("persona", sort=True)[["cost_usd", "n_drafts"]].sum().reset_index()
    purchases = overall.groupby("persona")["purchases"].sum()
    spent["purchases"] = spent["persona"].map(purchases).fillna(0).astype(int)
    return pd.DataFrame(
        {
            "persona": spent["persona"].map(display_name),
            "drafts": spent["n_drafts"].map("{:,}".format),
            "cost": spent["cost_usd"].map("${:,.2f}".format),
            "cost per description": _per(spent["cost_usd"], spent["n_drafts"], "${:.4f}"),
            "purchases": spent["purchases"].map("{:,}".format),
            "cost per purchase": _per(spent["cost_usd"], spent["purchases"], "${:.4f}"),
        }
    )


def _per(numerator: pd.Series, denominator: pd.Series, template: str) -> list[str]:
    return [
        template.format(n / d) if d else "-" for n, d in zip(numerator, denominator, strict=True)
    ]


def _quality_sections(quality_failures: pd.DataFrame) -> list[str]:
    sections = [f"<h2>Quality-gate failures ({len(quality_failures):,})</h2>"]
    if "persona" in quality_failures.columns and len(quality_failures):
        per_persona = quality_failures.groupby("persona").size().rename("failures").reset_index()
        per_persona["persona"] = per_persona["persona"].map(display_name)
        sections.append(_html_table(per_persona))
    shown = 50
    sections.append(_html_table(quality_failures.head(shown).astype(str)))
    if len(quality_failures) > shown:
        sections.append(f"<p>First {shown} of {len(quality_failures):,} shown.</p>")
    return sections


# Plots: matplotlib's object API on the Agg canvas, imported here so importing this module,
# and so the Dagster definitions, stays fast.


def _render_plots(overall: pd.DataFrame, week: pd.DataFrame) -> dict[str, bytes]:
    plots = {}
    if len(overall):
        plots["rates"] = _rates_plot(overall)
    if len(week):
        daily = rollup(week, ["date", "persona"])
        plots["daily_conversion"] = _daily_plot(daily, "conversion", "conversion", percent=True)
        share = daily["impressions"] / daily.groupby("date")["impressions"].transform("sum")
        plots["traffic_share"] = _daily_plot(
            daily.assign(share=share), "share", "share of impressions", percent=True, stacked=True
        )
    return plots


def _rates_plot(overall: pd.DataFrame) -> bytes:
    figure, canvas = _figure(9, 3.6)
    labels = [_plot_text(label) for label in overall["label"]]
    positions = range(len(overall))
    for axes_index, (rate, title) in enumerate((("ctr", "CTR"), ("conversion", "conversion"))):
        axes = figure.add_subplot(1, 2, axes_index + 1)
        low, high = overall[f"{rate}_low"].to_numpy(), overall[f"{rate}_high"].to_numpy()
        colors = [_persona_color(p) for p in overall["persona"]]
        axes.bar(positions, overall[rate], color=colors)
        # Drawn from its own centre: a posterior interval need not contain the observed rate
        # (with no purchases yet it lies above zero), so it cannot hang off the bar.
        axes.errorbar(
            positions,
            (low + high) / 2,
            yerr=(high - low) / 2,
            fmt="none",
            ecolor="black",
            capsize=4,
        )
        axes.set_xticks(list(positions), labels, rotation=30, ha="right", fontsize=8)
        axes.set_title(title)
        axes.yaxis.set_major_formatter(_percent_formatter())
    figure.tight_layout()
    return _png(figure, canvas)


def _daily_plot(
    daily: pd.DataFrame, value: str, title: str, *, percent: bool, stacked: bool = False
) -> bytes:
    figure, canvas = _figure(9, 3.6)
    axes = figure.add_subplot(1, 1, 1)
    table = daily.pivot_table(
        index="date", columns="persona", values=value, aggfunc="sum", observed=True
    )
    dates = [f"{d:%a %d}" for d in table.index]
    bottom = [0.0] * len(table)
    for persona in table.columns:
        label = _plot_text(display_name(persona))
        values = table[persona].fillna(0).to_numpy()
        if stacked:
            axes.bar(dates, values, bottom=bottom, label=label, color=_persona_color(persona))
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        else:
            axes.plot(dates, values, marker="o", label=label, color=_persona_color(persona))
    axes.set_title(title)
    if percent:
        axes.yaxis.set_major_formatter(_percent_formatter())
    axes.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    figure.tight_layout()
    return _png(figure, canvas)


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=_PLOT_DPI)
    return figure, FigureCanvasAgg(figure)


def _png(figure, canvas) -> bytes:
    buffer = io.BytesIO()
    canvas.print_png(buffer)
    return buffer.getvalue()


def _percent_formatter():
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(xmax=1.0, decimals=2)


def _persona_color(persona: str) -> str:
    palette = [
        "#4e79a7",
        "#59a14f",
        "#9c755f",
        "#f28e2b",
        "#e15759",
        "#b07aa1",
        "#76b7b2",
        "#edc948",
    ]
    index = (
        PERSONA_KEYS.index(persona)
        if persona in PERSONA_KEYS
        else len(PERSONA_KEYS) + sum(persona.encode()) % 2
    )
    return palette[index % len(palette)]


def _plot_text(text: str) -> str:
    # matplotlib reads $...$ as mathtext; a stray dollar in data must not break the render.
    return str(text).replace("$", r"\$")


# HTML and markdown rendering.


def _text(value: object) -> str:
    return html.escape(str(value), quote=True)


def _md(value: object) -> str:
    """Escaped for a markdown table cell that may also be rendered as HTML."""
    return _text(value).replace("|", "\\|").replace("\n", " ")


def _html_table(table: pd.DataFrame) -> str:
    if table.empty:
        return "<p>No data.</p>"
    head = "".join(f"<th>{_text(column)}</th>" for column in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in row) + "</tr>"
        for row in table.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _html_image(png: bytes, title: str) -> str:
    return f"<h2>{_text(title)}</h2><img alt='{_text(title)}' src='{_data_uri(png)}'>"


def _html_page(title: str, sections: list[str]) -> str:
    style = (
        "body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;color:#222}"
        "table{border-collapse:collapse;margin:0.5em 0 1.5em}"
        "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:0.9em}"
        ".headline{font-size:1.2em;font-weight:bold}.alarm{background:#fde8e8;padding:0.5em 1em}"
        "img{max-width:100%}"
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{_text(title)}</title>"
        f"<style>{style}</style></head><body>{''.join(sections)}</body></html>"
    )


def _markdown(headline: str, segment_winners: pd.DataFrame, rates_png: bytes | None) -> str:
    per_category = _winner_table(segment_winners, by="category")
    lines = [f"**{_md(headline)}**", ""]
    alarms = int(segment_winners["srm_alarm"].sum())
    if alarms:
        lines += [f"Sample-ratio mismatch in {alarms} segment(s): see the full report.", ""]
    if not per_category.empty:
        columns = ["category", "winner", "leading persona", "P(best)", "verdict"]
        lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += [
            "| " + " | ".join(_md(cell) for cell in row) + " |"
            for row in per_category[columns].itertuples(index=False)
        ]
        lines.append("")
    if rates_png is not None:
        lines.append(f"![CTR and conversion per persona]({_data_uri(rates_png)})")
    return "\n".join(lines)
