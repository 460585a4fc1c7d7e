"""The recent days' engagement per persona: the trend a person checks on the prompt_scores page.

The verdicts in prompt_scores pool the whole experiment; this shows what the pooled numbers hide,
whether a persona's CTR or conversion is drifting day to day.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from handmade_assets.engagement.metrics import rollup
from handmade_assets.engagement.scoring import recent_days

TREND_DAYS = 28
TREND_COLUMNS = ["date", "persona", "impressions", "clicks", "purchases", "ctr", "conversion"]
RATES = (("ctr", "CTR"), ("conversion", "conversion"))
# Small on purpose: the PNG travels in the event log as base64 Markdown. At 72 dpi and a
# 64-colour palette a month of six personas is ~30 KB (~90 KB in full colour).
PLOT_DPI = 72
PALETTE_COLOURS = 64


def daily_trend(metrics: pd.DataFrame, days: int = TREND_DAYS) -> pd.DataFrame:
    """Per date and persona over the `days` days up to the latest one with data: counts, CTR and
    conversion."""
    if metrics.empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    daily = rollup(recent_days(metrics, days), ["date", "persona"])
    return daily[TREND_COLUMNS].reset_index(drop=True)


def trend_png(daily: pd.DataFrame) -> bytes:
    """CTR and conversion per persona per day, one line each, as a PNG."""
    # matplotlib's object API on the Agg canvas, imported here: importing the definitions stays
    # fast and no GUI backend is touched.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter
    from PIL import Image

    figure = Figure(figsize=(10, 3.4), dpi=PLOT_DPI)
    canvas = FigureCanvasAgg(figure)
    for index, (rate, title) in enumerate(RATES):
        axes = figure.add_subplot(1, 2, index + 1)
        table = daily.pivot_table(index="date", columns="persona", values=rate,
                                  aggfunc="sum", observed=True)
        labels = [f"{pd.Timestamp(day):%d %b}" for day in table.index]
        for persona in table.columns:
            axes.plot(labels, table[persona].to_numpy(), marker="o", markersize=3, label=persona)
        axes.set_title(f"daily {title}")
        axes.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=None))
        # At most ~8 date labels, whatever the number of days.
        axes.set_xticks(range(0, len(labels), max(1, len(labels) // 8)))
        axes.tick_params(axis="x", labelrotation=30, labelsize=8)
    figure.axes[-1].legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    figure.tight_layout()
    canvas.draw()
    image = Image.fromarray(np.asarray(canvas.buffer_rgba())).convert("RGB").quantize(PALETTE_COLOURS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
