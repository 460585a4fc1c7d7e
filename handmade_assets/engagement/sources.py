"""Where a day's engagement events come from: the traffic simulator locally, event files on AWS."""

from __future__ import annotations

import io
from datetime import date
from typing import Protocol

import dagster as dg
import pandas as pd
from pydantic import Field

from handmade_assets.services.object_store import ObjectStore

EVENTS_PREFIX = "events"


class EngagementSource(Protocol):
    def events_for_day(self, day: date, landing_zone: ObjectStore) -> pd.DataFrame: ...

    def assignments(self) -> pd.DataFrame | None:
        """Listings assigned per (category, locale, persona, prompt_version) and how many the
        allocation weights at assignment time promised (scoring.assignment_counts), which the
        sample-ratio test compares; None when no assignment log is available."""
        ...


def events_prefix(day: date) -> str:
    return f"{EVENTS_PREFIX}/dt={day.isoformat()}"


class LocalTrafficSimulator(dg.ConfigurableResource):
    """Simulated shoppers with a known best persona (see engagement/simulator.py for the truth)."""

    # A multiple of 48 (8 categories x 6 personas) deals every cell exactly evenly.
    n_listings: int = Field(default=2880, description="Live listings the simulated traffic sees.")
    # Purchases run at ~0.06 % of impressions and the best persona leads the runner-up by
    # ~20 %: the peeking-safe test needs ~17 M impressions to name it with 95 % power
    # (scoring.impressions_needed), so a simulated week carries 17.5 M.
    impressions_per_day: int = 2_500_000
    seed: int = 7

    def _catalog(self) -> pd.DataFrame:
        from handmade_assets.engagement.simulator import simulate_live_catalog

        return simulate_live_catalog(self.n_listings, seed=self.seed)

    def events_for_day(self, day: date, landing_zone: ObjectStore) -> pd.DataFrame:
        from handmade_assets.engagement.simulator import simulate_day

        return simulate_day(
            self._catalog(),
            day,
            self.impressions_per_day,
            seed=self.seed * 100_003 + day.toordinal(),
        )

    def assignments(self) -> pd.DataFrame:
        """The simulated catalog's assignments: every row drawn from the uniform allocation."""
        from handmade_assets.engagement.allocation import uniform_probabilities
        from handmade_assets.engagement.scoring import assignment_counts

        catalog = self._catalog()
        return assignment_counts(catalog.assign(weights=[uniform_probabilities()] * len(catalog)))


class LandingZoneEvents(dg.ConfigurableResource):
    """Parquet event files the storefront lands under `events/dt=YYYY-MM-DD/`."""

    def events_for_day(self, day: date, landing_zone: ObjectStore) -> pd.DataFrame:
        frames = [
            pd.read_parquet(io.BytesIO(landing_zone.get_bytes(info.key)))
            for info in landing_zone.list_objects(events_prefix(day))
            if info.key.endswith(".parquet")
        ]
        if not frames:
            raise FileNotFoundError(f"no event files under {events_prefix(day)}/")
        return pd.concat(frames, ignore_index=True)

    def assignments(self) -> None:
        # The storefront's event files do not say which weights each listing was drawn with.
        return None
