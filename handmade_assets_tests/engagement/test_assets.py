import datetime as dt

import dagster as dg
import numpy as np

from handmade_assets.engagement.assets import MetricsConfig, engagement_metrics, parse_pins
from handmade_assets_demo.traffic import simulate_day, simulate_live_catalog
from handmade_assets.engagement.sources import LandingZoneEvents
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


def test_the_simulator_reports_its_assignments_and_the_landing_zone_none():
    assigned = LocalTrafficSimulator(n_listings=96).assignments()
    assert list(assigned.columns) == [
        "category", "locale", "persona", "prompt_version", "listings", "expected_listings"
    ]
    assert assigned["listings"].sum() == 96 * 4
    np.testing.assert_allclose(assigned["expected_listings"].sum(), 96 * 4)
    assert LandingZoneEvents().assignments() is None


def test_pins_are_parsed_into_cells():
    assert parse_pins({"leather/en": "functionality_reviewer", "paper": "visual_poet"}) == {
        ("leather", "en"): "functionality_reviewer",
        ("paper", "all"): "visual_poet",
    }
