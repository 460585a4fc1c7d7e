import datetime as dt

import dagster as dg
import numpy as np
import pandas as pd

from handmade_assets.engagement.assets import MetricsConfig, engagement_metrics, parse_pins
from handmade_assets_demo.traffic import simulate_day, simulate_live_catalog
from handmade_assets.engagement.allocation import uniform_probabilities
from handmade_assets.engagement.assignment_log import write_assignment_log
from handmade_assets.engagement.sources import LandingZoneEvents
from handmade_assets.services.object_store import LocalObjectStore
from handmade_assets.taxonomy import PROMPT_VERSION
from handmade_assets_demo.traffic_source import LocalTrafficSimulator


def test_the_attribution_window_comes_from_the_asset_config():
    events = simulate_day(simulate_live_catalog(48, seed=3), dt.date(2026, 9, 1), 200_000, seed=3)
    purchases = {}
    for hours in (1.0, 72.0):
        metrics = engagement_metrics(
            dg.build_asset_context(), MetricsConfig(attribution_window_hours=hours), events
        )
        purchases[hours] = int(metrics["purchases"].sum())
    # Mean delay ~6 h: a 1 h window keeps a minority, 72 h nearly all of them.
    assert 0 < purchases[1.0] < 0.5 * purchases[72.0]
    assert purchases[72.0] == (events["event_type"] == "purchase").sum()


def test_the_simulator_reports_its_assignments_and_the_landing_zone_reads_the_log(tmp_path):
    store = LocalObjectStore(root=str(tmp_path))
    assigned = LocalTrafficSimulator(n_listings=96).assignments(store)
    assert list(assigned.columns) == [
        "category", "locale", "persona", "prompt_version", "listings", "expected_listings", "fallbacks"
    ]
    assert assigned["listings"].sum() == 96 * 4
    np.testing.assert_allclose(assigned["expected_listings"].sum(), 96 * 4)
    # Before publishing has logged a draw there is nothing to check.
    assert LandingZoneEvents().assignments(store) is None
    draws = pd.DataFrame([{
        "listing_id": "l0", "category": "ceramics", "locale": "en", "persona": "visual_poet",
        "weights": uniform_probabilities(), "prompt_version": PROMPT_VERSION, "outcome": "fallback",
        "published_persona": "maker_advocate", "allocation_source": "uniform",
    }])
    write_assignment_log(store, draws, "batch-1", dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc))
    logged = LandingZoneEvents().assignments(store)
    assert logged["listings"].sum() == 1 and logged["fallbacks"].sum() == 1
    assert logged.loc[logged["persona"] == "visual_poet", "listings"].item() == 1
    # The demo counts its published listings' draws beside the simulated catalog's.
    assert LocalTrafficSimulator(n_listings=96).assignments(store)["listings"].sum() == 96 * 4 + 1


def test_pins_are_parsed_into_cells():
    assert parse_pins({"leather/en": "functionality_reviewer", "paper": "visual_poet"}) == {
        ("leather", "en"): "functionality_reviewer",
        ("paper", "all"): "visual_poet",
    }
