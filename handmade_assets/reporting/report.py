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

import numpy as np
import pandas as pd

from handmade_assets.engagement.allocation import ALL
from handmade_assets.engagement.metrics import rollup
from handmade_assets.engagement.scoring import (
    ALPHA,
    NO_CLEAR_WINNER,
    NOT_ENOUGH_DATA,
    SRM_ALARM_P,
    SRM_MISMATCH,
    WINNER,
    winners,
)
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
    scored_on: dt.date | None = None,
    quality: pd.DataFrame | None = None,
    stability: dict | None = None,
    exploration_floor: float = 0.05,
    draws: int = 20000,
) -> PromptPerformanceReport:
    """The report for the 7 days from `week_start`.

    `scores` are the experiment's to date (engagement.scoring.score_variants on every day since
    the prompt version started), as prompt_scores computed them on `scored_on`: the verdicts
    are that daily look's, not a new test. `draws` is the Monte Carlo size behind P(best), which
    sets how precisely it is shown. `daily_metrics` has the aggregate_events grain and may hold
    other days too; the week and the week before it give the plots and the week-over-week table.
    `quality` has one row per draft (listing_id, locale, persona, status, cost_usd,
    gate_failures: "" when it passed), as every upload batch writes to `quality/`.
    `stability` is scoring.stability_check's result for the week.
    """
    overall = _segment(scores, ALL, ALL)
    segment_winners = winners(scores)
    overall_row = segment_winners[
        (segment_winners["category"] == ALL) & (segment_winners["locale"] == ALL)
    ]
    overall_winner = overall_row["persona"].iloc[0] if len(overall_row) else None
    week = _week(daily_metrics, week_start)
    previous_week = _week(daily_metrics, week_start - dt.timedelta(days=7))
    plots = _render_plots(overall, week)
    headline = _headline(overall_row, overall)
    title = f"Prompt performance, week of {week_start:%Y-%m-%d}"
    segment_winners = segment_winners.assign(
        prob_best_text=segment_winners["prob_best"].map(lambda v: prob_best_text(v, draws))
    )

    sections = [
        f"<h1>{_text(title)}</h1>",
        f"<p class='headline' id='headline'>{_text(headline)}</p>",
        f"<p class='scope'>{_text(_scope(scores, scored_on))}</p>",
        _where_it_wins(segment_winners),
        "<h2 id='checks'>Checks before trusting it</h2>",
        _checks_section(segment_winners, stability),
        "<h2>Overall, per persona (experiment to date)</h2>",
        _html_table(_overall_table(overall, draws)),
        *_plots_html(plots, ["rates"]),
        "<h2>Recommended allocation changes</h2>",
        _allocation_note(exploration_floor),
        _html_table(_allocation_table(scores, week, exploration_floor)),
        *_plots_html(plots, ["traffic_share", "daily_conversion"]),
        "<h2>Week over week, overall</h2>",
        _week_over_week_section(week, previous_week),
        "<h2>Per category</h2>",
        _html_table(_winner_table(segment_winners, by="category")),
        "<h2>Per locale</h2>",
        _html_table(_winner_table(segment_winners, by="locale")),
        "<h2>Per category and locale</h2>",
        _html_table(_winner_table(segment_winners, by="cell")),
        "<h2>Generation cost</h2>",
        _html_table(_cost_table(quality, overall))
        if quality is not None and len(quality)
        else "<p>No generation runs recorded yet.</p>",
        *_quality_sections(quality),
        _method_note(),
    ]
    return PromptPerformanceReport(
        html=_html_page(title, sections),
        markdown=_markdown(headline, _scope(scores, scored_on), segment_winners, plots.get("rates")),
        overall_winner=overall_winner,
        plots=plots,
    )


_PLOT_TITLES = {
    "rates": "CTR and conversion per persona, experiment to date, with 95 % listing-level intervals",
    "daily_conversion": "Daily conversion per persona",
    "traffic_share": "Traffic allocation over time: share of impressions per persona per day",
}


def _plots_html(plots: dict[str, bytes], names: list[str]) -> list[str]:
    return [_html_image(plots[name], _PLOT_TITLES[name]) for name in names if name in plots]


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


def _headline(overall_row: pd.DataFrame, overall: pd.DataFrame) -> str:
    if overall_row.empty or overall_row["verdict"].iloc[0] == NOT_ENOUGH_DATA:
        return "Not enough data yet to name a winning persona."
    row = overall_row.iloc[0]
    if row["verdict"] == SRM_MISMATCH:
        return (
            "No verdict: traffic is not split across personas as assigned (sample-ratio "
            "mismatch), so this week's comparison cannot be trusted."
        )
    leader = overall[overall["persona"] == row["leading_persona"]].iloc[0]
    lift = _relative_lift(leader)
    level = _lift_level(len(overall))
    if row["verdict"] == WINNER:
        return (
            f"{display_name(row['persona'])} sells best overall: it beats every other persona "
            f"(peeking-safe test, {_p_clause(row['p_adjusted'])} after correction for all "
            f"segments), converting {lift} more than the runner-up ({level} always-valid "
            "interval)."
        )
    # No P(best) here: a fixed-horizon posterior can be near 100 % while the peeking-safe
    # test, which is what decides, is not yet sure; quoting both reads as a contradiction.
    return (
        f"No clear winner yet: {display_name(row['leading_persona'])} leads, converting "
        f"{lift} more than the runner-up ({level} always-valid interval), but the peeking-safe "
        f"test is not yet sure ({_p_clause(row['p_adjusted'])} after correction for all "
        f"segments); about {_millions(row['impressions_needed'])} impressions in all would "
        "settle a gap this size."
    )


def _lift_level(variants: int, alpha: float = ALPHA) -> str:
    """The level of the always-valid lift interval: alpha shared by the k variants."""
    return f"{100 * (1 - alpha / max(variants, 1)):.1f} %"


def _scope(scores: pd.DataFrame, scored_on: dt.date | None) -> str:
    if scores.empty:
        return "No scores yet for this week."
    when = f", as scored on {scored_on:%Y-%m-%d}" if scored_on is not None else ""
    return (
        "Verdicts, intervals and P(best) are for the experiment to date: every day since the "
        f"prompt version started{when}. Plots and the week-over-week table are for this week."
    )


def prob_best_text(value: float, draws: int) -> str:
    """P(best) to the precision its Monte Carlo draws allow: whole percent (the standard error
    is at most 0.5 / sqrt(draws), 0.35 points at 20,000), and "> 99 %" / "< 1 %" at the ends
    rather than a 100 % or 0 % no finite sample supports."""
    if pd.isna(value):
        return "n/a"
    error = np.sqrt(max(value * (1 - value), 0.25 / draws) / draws)
    if value >= 0.99 and value + 2 * error >= 0.995:
        return "> 99 %"
    if value <= 0.01 and value - 2 * error <= 0.005:
        return "< 1 %"
    return f"{value:.0%}".replace("%", " %")


def _relative_lift(row: pd.Series) -> str:
    """The always-valid interval of the leader over the runner-up, relative to the runner-up."""
    runner_up = row["conversion"] - (row["lift_low"] + row["lift_high"]) / 2
    if not runner_up > 0:
        return "an unknown amount"
    low, high = row["lift_low"] / runner_up, row["lift_high"] / runner_up
    return f"{low:+.0%} to {high:+.0%}"


def _p(value: float) -> str:
    return "n/a" if pd.isna(value) else ("< 0.001" if value < 0.001 else f"{value:.3f}")


def _p_clause(value: float) -> str:
    """"p < 0.001" or "p = 0.012", never "p = < 0.001"."""
    text = _p(value)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def _millions(value: float) -> str:
    if pd.isna(value) or value == float("inf"):
        return "an unbounded number of"
    return f"{value / 1e6:,.1f} M"


def _where_it_wins(segment_winners: pd.DataFrame) -> str:
    """One sentence per level: which segments have a winner, and who."""
    rows = []
    for by, noun in (("category", "categories"), ("locale", "locales"), ("cell", "category x locale cells")):
        table = _level(segment_winners, by)
        won = table[table["verdict"] == WINNER]
        names = ", ".join(
            f"{_segment_label(r)}: {display_name(r['persona'])}" for _, r in won.iterrows()
        )
        rows.append(
            f"<li>{len(won)} of {len(table)} {noun} have a winner"
            + (f" ({_text(names)})" if names else "")
            + "</li>"
        )
    return "<ul class='where'>" + "".join(rows) + "</ul>"


def _segment_label(row: pd.Series) -> str:
    return " / ".join(str(row[c]) for c in ("category", "locale") if row[c] != ALL)


def _level(segment_winners: pd.DataFrame, by: str) -> pd.DataFrame:
    is_category = segment_winners["category"] != ALL
    is_locale = segment_winners["locale"] != ALL
    chosen = {
        "category": is_category & ~is_locale,
        "locale": ~is_category & is_locale,
        "cell": is_category & is_locale,
        "overall": ~is_category & ~is_locale,
    }[by]
    return segment_winners[chosen]


def _checks_section(segment_winners: pd.DataFrame, stability: dict | None) -> str:
    items = []
    alarms = segment_winners[segment_winners["srm_alarm"]]
    tested = segment_winners["srm_p_value"].notna() if "srm_p_value" in segment_winners else None
    if tested is not None and not tested.any():
        items.append(
            "<li class='warn'>Sample ratio: not checked, no assignment log (listings per "
            "persona and the allocation weights they were drawn with).</li>"
        )
    elif alarms.empty:
        items.append(
            "<li class='ok'>Sample ratio: listings were assigned to personas as the allocation "
            f"weights at assignment time said, in every segment (chi-squared; overall at p &lt; "
            f"{SRM_ALARM_P}, other segments Bonferroni-corrected).</li>"
        )
    else:
        cells = ", ".join(_text(_segment_label(r) or "overall") for _, r in alarms.iterrows())
        items.append(
            "<li class='alarm'>Sample-ratio mismatch in the assignments in "
            f"{len(alarms)} segment(s): {cells}. Their results are withheld until the cause "
            "is found.</li>"
        )
    thin = segment_winners[segment_winners["verdict"] == NOT_ENOUGH_DATA]
    undecided = segment_winners[segment_winners["verdict"] == NO_CLEAR_WINNER]
    items.append(
        f"<li class='{'warn' if len(thin) else 'ok'}'>Low traffic: {len(thin)} of "
        f"{len(segment_winners)} segments have a persona below the minimum impressions "
        f"(verdict &quot;not enough data&quot;); {len(undecided)} more have data but no clear "
        "winner yet.</li>"
    )
    if stability is not None and not pd.isna(stability.get("p_value", float("nan"))):
        halves = "; ".join(
            f"{h['half']} ({h['days']} days): {display_name(h['leader'].split('|')[0])} "
            f"{h['lift']:+.0%} "
            "over the rest"
            for h in stability.get("halves", [])
        )
        verdict = (
            "the personas' differences change from day to day (novelty or a weekday pattern): "
            "read the week's winner with care"
            if stability["alarm"]
            else "no sign that the personas' differences change from day to day"
        )
        items.append(
            f"<li class='{'alarm' if stability['alarm'] else 'ok'}'>Stability over "
            f"{stability['days']} days: {_text(verdict)} (persona x day interaction, "
            f"{_text(_p_clause(stability['p_value']))}). {_text(halves)}.</li>"
        )
    items.append(
        "<li class='ok'>Multiple comparisons: one Holm correction over every segment of every "
        "level together (overall, categories, locales, cells; a quarter of the 5 % per level), "
        "on always-valid p-values from one growing sample: reading the scores daily and this "
        "report weekly does not raise the 5 % false-winner rate.</li>"
    )
    return "<ul class='checks'>" + "".join(items) + "</ul>"


def _allocation_note(floor: float) -> str:
    return (
        "<p>Thompson sampling over the experiment's posteriors, with every persona kept at "
        f"least {floor:.0%} of new listings so losing personas are still measured. Current share "
        "is the share of this week's impressions; an arrow marks a move of 2 points or more.</p>"
    )


def _allocation_table(scores: pd.DataFrame, week: pd.DataFrame, floor: float) -> pd.DataFrame:
    from handmade_assets.engagement.allocation import thompson_allocation

    segments = scores[scores["locale"] == ALL]  # overall and per category
    if segments.empty:
        return pd.DataFrame()
    allocation = thompson_allocation(segments, floor=floor)
    current = (
        rollup(week, ["category", "persona"]) if len(week) else pd.DataFrame(columns=["category", "persona", "impressions"])
    )
    rows = []
    for (category, _), probabilities in allocation.items():
        in_segment = current if category == ALL else current[current["category"] == category]
        shares = in_segment.groupby("persona")["impressions"].sum()
        shares = shares / shares.sum() if shares.sum() else shares
        for persona, recommended in probabilities.items():
            now = float(shares.get(persona, float("nan")))
            rows.append((category, persona, now, recommended))
    table = pd.DataFrame(rows, columns=["segment", "persona", "current", "recommended"])
    table["cell"] = [
        f"{r:.0%}" if pd.isna(c) else (f"{c:.0%} → {r:.0%}" if abs(r - c) >= 0.02 else f"{r:.0%}")
        for c, r in zip(table["current"], table["recommended"], strict=True)
    ]
    wide = table.pivot(index="segment", columns="persona", values="cell")
    order = [p for p in PERSONA_KEYS if p in wide.columns] + sorted(set(wide.columns) - set(PERSONA_KEYS))
    wide = wide[order].rename(columns=display_name)
    wide = wide.loc[sorted(wide.index, key=lambda c: "" if c == ALL else c)]
    wide.index = ["overall" if c == ALL else c for c in wide.index]
    return wide.rename_axis("segment").reset_index()


# Tables: plain DataFrames of display strings, rendered (and escaped) by one function each.


def _overall_table(overall: pd.DataFrame, draws: int = 20000) -> pd.DataFrame:
    level = _lift_level(len(overall))
    return pd.DataFrame(
        {
            "persona": overall["label"],
            "listings": overall["listings"].map("{:,}".format),
            "impressions": overall["impressions"].map("{:,}".format),
            "CTR (95 % listing-level interval)": _rate_with_interval(overall, "ctr"),
            "conversion (95 % listing-level interval)": _rate_with_interval(overall, "conversion"),
            f"conversion vs best other ({level} always-valid interval)": [
                f"{low * 100:+.3f} to {high * 100:+.3f} pp"
                for low, high in zip(overall["lift_low"], overall["lift_high"], strict=True)
            ],
            "median dwell (95 %)": [
                f"{m:.0f} s ({lo:.0f} to {hi:.0f})"
                for m, lo, hi in zip(
                    overall["dwell_median_seconds"],
                    overall["dwell_low"],
                    overall["dwell_high"],
                    strict=True,
                )
            ],
            "P(best)": overall["prob_best"].map(lambda v: prob_best_text(v, draws)),
            "expected loss (purchases per 10,000 impressions)": overall["expected_loss"].map(
                lambda v: f"{v * 1e4:.2f}"
            ),
            "verdict": overall["verdict"],
        }
    )


def _rate_with_interval(rows: pd.DataFrame, rate: str) -> list[str]:
    # An upper end of 1 is the interval saying no higher rate can be ruled out, not 100 %.
    return [
        f"{value:.3%} ({low:.3%} to {'no upper bound' if high >= 1 else f'{high:.3%}'})"
        for value, low, high in zip(
            rows[rate], rows[f"{rate}_low"], rows[f"{rate}_high"], strict=True
        )
    ]


def _winner_table(segment_winners: pd.DataFrame, *, by: str) -> pd.DataFrame:
    rows = _level(segment_winners, by)
    columns = {"category": ["category"], "locale": ["locale"], "cell": ["category", "locale"]}[by]
    return pd.DataFrame(
        {
            **{column: rows[column] for column in columns},
            "winner": [display_name(p) if isinstance(p, str) else "-" for p in rows["persona"]],
            "leading persona": rows["leading_persona"].map(display_name),
            "P(best)": rows["prob_best_text"] if "prob_best_text" in rows else rows["prob_best"].map(lambda v: prob_best_text(v, 20000)),
            "p (Holm, all segments)": rows["p_adjusted"].map(_p),
            "impressions": rows["impressions"].map("{:,}".format),
            "needed at this gap": rows["impressions_needed"].map(_millions),
            "verdict": rows["verdict"],
            "SRM alarm": rows["srm_alarm"].map({True: "yes", False: ""}),
        }
    )


def _week_over_week_section(week: pd.DataFrame, previous_week: pd.DataFrame) -> str:
    """This week against the week before on the same weekdays only, so a week with a missing
    day is compared with the same days of the other week, never 7 days with 1."""
    if week.empty or previous_week.empty:
        return "<p>No data for the previous week.</p>"
    weekdays = set(pd.to_datetime(week["date"]).dt.day_of_week) & set(
        pd.to_datetime(previous_week["date"]).dt.day_of_week
    )
    if not weekdays:
        return "<p>The two weeks share no weekday with data.</p>"
    keep = lambda frame: frame[pd.to_datetime(frame["date"]).dt.day_of_week.isin(weekdays)]  # noqa: E731
    days = len(weekdays)
    note = (
        f"<p>Both weeks over the same {days} weekday{'s' if days > 1 else ''} "
        f"({', '.join(dt.date(2024, 1, 1 + d).strftime('%a') for d in sorted(weekdays))}); "
        "p is a two-proportion test per persona, per impression, for orientation only.</p>"
    )
    return note + _html_table(_week_over_week(keep(week), keep(previous_week)))


def _week_over_week(week: pd.DataFrame, previous_week: pd.DataFrame) -> pd.DataFrame:
    from scipy import stats

    columns = ["persona", "impressions", "purchases", "conversion", "ctr"]
    this, previous = rollup(week, ["persona"])[columns], rollup(previous_week, ["persona"])[columns]
    both = this.merge(previous, on="persona", how="outer", suffixes=("", "_previous"))
    change = both["conversion"] / both["conversion_previous"] - 1
    pooled = (both["purchases"] + both["purchases_previous"]) / (
        both["impressions"] + both["impressions_previous"]
    )
    se = np.sqrt(pooled * (1 - pooled) * (1 / both["impressions"] + 1 / both["impressions_previous"]))
    with np.errstate(divide="ignore", invalid="ignore"):
        p_value = 2 * stats.norm.sf(np.abs(both["conversion"] - both["conversion_previous"]) / se)
    return pd.DataFrame(
        {
            "persona": both["persona"].map(display_name),
            "conversion this week": both["conversion"].map(_percent_or_dash),
            "previous week": both["conversion_previous"].map(_percent_or_dash),
            "change": change.map(lambda v: "-" if pd.isna(v) else f"{v:+.1%}"),
            "p (change)": pd.Series(p_value).map(_p),
            "CTR this week": both["ctr"].map(lambda v: "-" if pd.isna(v) else f"{v:.2%}"),
            "CTR previous": both["ctr_previous"].map(_percent_or_dash),
            "impressions this week": both["impressions"].map(
                lambda v: "-" if pd.isna(v) else f"{int(v):,}"
            ),
            "impressions previous": both["impressions_previous"].map(
                lambda v: "-" if pd.isna(v) else f"{int(v):,}"
            ),
        }
    )


def _percent_or_dash(value: float) -> str:
    return "-" if pd.isna(value) else f"{value:.3%}"


def _cost_table(quality: pd.DataFrame, overall: pd.DataFrame) -> pd.DataFrame:
    """Spend per persona, per description written and per purchase this week."""
    spent = quality.groupby("persona", sort=True).agg(
        drafts=("persona", "size"),
        cost_usd=("cost_usd", "sum"),
        tokens=("input_tokens", "sum"),
        output_tokens=("output_tokens", "sum"),
    )
    spent["tokens"] += spent.pop("output_tokens")
    spent = spent.reset_index()
    spent.loc[len(spent)] = ["(all)", spent["drafts"].sum(), spent["cost_usd"].sum(), spent["tokens"].sum()]
    purchases = overall.groupby("persona")["purchases"].sum()
    spent["purchases"] = [
        int(purchases.sum()) if p == "(all)" else int(purchases.get(p, 0)) for p in spent["persona"]
    ]
    return pd.DataFrame(
        {
            "persona": spent["persona"].map(display_name),
            "drafts": spent["drafts"].map("{:,}".format),
            "tokens": spent["tokens"].map("{:,.0f}".format),
            "cost": spent["cost_usd"].map("${:,.2f}".format),
            "cost per description": _per(spent["cost_usd"], spent["drafts"], "${:.4f}"),
            "purchases (experiment to date)": spent["purchases"].map("{:,}".format),
            "cost per purchase": _per(spent["cost_usd"], spent["purchases"], "${:.4f}"),
        }
    )


def _per(numerator: pd.Series, denominator: pd.Series, template: str) -> list[str]:
    return [
        template.format(n / d) if d else "-" for n, d in zip(numerator, denominator, strict=True)
    ]


def failed_drafts(quality: pd.DataFrame) -> pd.DataFrame:
    """Drafts that failed generation or a quality gate, one row per draft."""
    failed = quality["gate_failures"].fillna("").astype(str).ne("") | quality["status"].ne("ok")
    return quality[failed]


def _quality_sections(quality: pd.DataFrame | None) -> list[str]:
    if quality is None or quality.empty:
        return ["<h2>Drafts that failed quality gates</h2><p>No generation runs recorded yet.</p>"]
    failed = failed_drafts(quality)
    sections = [
        f"<h2>Drafts that failed quality gates ({len(failed):,} of {len(quality):,})</h2>"
    ]
    if failed.empty:
        return sections + ["<p>Every draft passed every gate.</p>"]
    reasons = failed.assign(
        gate=failed["gate_failures"].fillna("").astype(str).where(
            failed["status"].eq("ok"), "generation failed: " + failed["status"].astype(str)
        ).str.split("; ")
    ).explode("gate")
    # One kind of failure per row: quoted specifics ('linen', 'fr') are left out of the kind.
    reasons["gate"] = reasons["gate"].str.replace(r"'[^']*'|\"[^\"]*\"", "…", regex=True)
    by_gate = (
        reasons.groupby(["gate", "persona"]).size().unstack(fill_value=0)
        .rename(columns=display_name)
    )
    by_gate.insert(0, "total", by_gate.sum(axis=1))
    sections.append(_html_table(by_gate.sort_values("total", ascending=False).reset_index()))
    shown = 30
    columns = [c for c in ("listing_id", "locale", "persona", "batch_id", "gate_failures") if c in failed]
    listed = failed[columns].head(shown).assign(
        persona=lambda f: f["persona"].map(display_name)
    )
    sections.append(_html_table(listed.astype(str)))
    if len(failed) > shown:
        sections.append(f"<p>First {shown} of {len(failed):,} shown.</p>")
    return sections


def _method_note() -> str:
    return (
        "<h2>How to read this</h2><p class='method'>Personas are assigned per listing, so the "
        "listing is the unit: CTR and conversion intervals are 95 % listing-level intervals "
        "(a cluster-robust score test by listing, by category where a segment pools "
        "categories, its critical values simulated from the segment's own listings so that a "
        "few popular listings may lean it), wider than per-impression ones because listings "
        "differ; &quot;no upper bound&quot; means the persona's listings are too few or too "
        "unequal to rule out any higher rate. The "
        "dwell median is log-normal with a t interval. A winner is named only when a mixture "
        "sequential test on the experiment's growing sample (always-valid p-values with the "
        "listing-level variance, one Holm correction over all segments of all levels) shows "
        "it beats every other persona; the lift interval beside it is always-valid at 95 % "
        "shared by the personas (99.2 % each for six). P(best) is the share of normal draws "
        "around each persona's rate (listing-level variance) in which it is highest, shown to "
        "the precision of its 20,000 draws; it is a fixed-horizon summary for context, not the "
        "verdict. Expected loss is the conversion given up by choosing that persona, in "
        "purchases per 10,000 impressions. &quot;Needed at this gap&quot; is the total traffic "
        "at which the test would name the leader with 95 % power if the observed gap were "
        "the true one, allowing for how much listings differ.</p>"
    )


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
    figure, canvas = rates_figure(overall)
    return _png(figure, canvas)


def rates_figure(overall: pd.DataFrame):
    """The CTR and conversion bars with their intervals: (figure, canvas), for _rates_plot."""
    figure, canvas = _figure(9, 3.6)
    labels = [_plot_text(label) for label in overall["label"]]
    positions = range(len(overall))
    for axes_index, (rate, title) in enumerate((("ctr", "CTR"), ("conversion", "conversion"))):
        axes = figure.add_subplot(1, 2, axes_index + 1)
        low, high = overall[f"{rate}_low"].to_numpy(), overall[f"{rate}_high"].to_numpy()
        colors = [_persona_color(p) for p in overall["persona"]]
        axes.bar(positions, overall[rate], color=colors)
        # An interval with no upper bound (high = 1) runs to the top of the axes and ends in
        # an arrow, so it does not flatten every other bar to nothing.
        unbounded = high >= 1
        shown = np.r_[overall[rate].to_numpy(), high[~unbounded]]
        top = 1.15 * np.nanmax(shown) if np.isfinite(shown).any() and np.nanmax(shown) > 0 else 1.0
        high = np.where(unbounded, top, high)
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
        if unbounded.any():
            axes.plot(np.flatnonzero(unbounded), high[unbounded], "^", color="black")
            axes.set_ylim(0, top * 1.05)
        axes.set_xticks(list(positions), labels, rotation=30, ha="right", fontsize=8)
        axes.set_title(title)
        axes.yaxis.set_major_formatter(_percent_formatter())
    figure.tight_layout()
    return figure, canvas


def _daily_plot(
    daily: pd.DataFrame, value: str, title: str, *, percent: bool, stacked: bool = False
) -> bytes:
    return _png(*daily_figure(daily, value, title, percent=percent, stacked=stacked))


def daily_figure(
    daily: pd.DataFrame, value: str, title: str, *, percent: bool, stacked: bool = False
):
    """One line (or stacked bar) per persona over the days: (figure, canvas)."""
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
    return figure, canvas


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

    # decimals=None picks as many decimals as the tick spacing needs: a fixed 2 printed
    # 0.05 %, 0.05 %, 0.06 % for ticks 0.005 points apart.
    return PercentFormatter(xmax=1.0, decimals=None)


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
        ".headline{font-size:1.2em;font-weight:bold;background:#eef4fb;padding:0.6em 1em}"
        "ul.checks{list-style:none;padding:0}ul.checks li{padding:0.35em 0.8em;margin:0.25em 0}"
        ".ok{background:#e8f5e9}.warn{background:#fff8e1}.alarm{background:#fde8e8}"
        ".method{color:#555;font-size:0.9em}img{max-width:100%}h2{margin-top:1.4em}"
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{_text(title)}</title>"
        f"<style>{style}</style></head><body>{''.join(sections)}</body></html>"
    )


def _markdown(
    headline: str, scope: str, segment_winners: pd.DataFrame, rates_png: bytes | None
) -> str:
    per_category = _winner_table(segment_winners, by="category")
    lines = [f"**{_md(headline)}**", "", _md(scope), ""]
    alarms = int(segment_winners["srm_alarm"].sum())
    if alarms:
        lines += [f"Sample-ratio mismatch in {alarms} segment(s): see the full report.", ""]
    if not per_category.empty:
        columns = ["category", "winner", "leading persona", "P(best)", "p (Holm, all segments)", "verdict"]
        lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += [
            "| " + " | ".join(_md(cell) for cell in row) + " |"
            for row in per_category[columns].itertuples(index=False)
        ]
        lines.append("")
    if rates_png is not None:
        lines.append(f"![CTR and conversion per persona]({_data_uri(rates_png)})")
    return "\n".join(lines)
