"""Simulated shoppers as an engagement source, for the demo, the tests and the benchmarks."""

from __future__ import annotations

from datetime import date

import dagster as dg
import pandas as pd
from pydantic import Field

from handmade_assets.services.object_store import ObjectStore


class LocalTrafficSimulator(dg.ConfigurableResource):
    """Simulated shoppers with a known best persona (see handmade_assets_demo/traffic.py for the truth)."""

    # A multiple of 48 (8 categories x 6 personas) deals every cell exactly evenly.
    n_listings: int = Field(default=2880, description="Live listings the simulated traffic sees.")
    # Purchases run at ~0.06 % of impressions and the best persona leads the runner-up by
    # ~20 %: the peeking-safe test needs ~17 M impressions to name it with 95 % power
    # (scoring.impressions_needed), so a simulated week carries 17.5 M.
    impressions_per_day: int = 2_500_000
    seed: int = 7

    def _catalog(self) -> pd.DataFrame:
        from handmade_assets_demo.traffic import simulate_live_catalog

        return simulate_live_catalog(self.n_listings, seed=self.seed)

    def events_for_day(self, day: date, landing_zone: ObjectStore) -> pd.DataFrame:
        from handmade_assets_demo.traffic import simulate_day

        return simulate_day(
            self._catalog(),
            day,
            self.impressions_per_day,
            seed=self.seed * 100_003 + day.toordinal(),
        )

    def assignments(self, publication_store: ObjectStore) -> pd.DataFrame:
        """What publishing's assignment log holds (the demo's published listings), plus the
        simulated catalog, whose listings no publishing run drew: every row of it drawn from
        the uniform allocation, as `simulate_live_catalog` deals them."""
        from handmade_assets.engagement.allocation import uniform_probabilities
        from handmade_assets.engagement.assignment_log import read_assignment_log
        from handmade_assets.engagement.scoring import assignment_counts

        catalog = self._catalog()
        simulated = catalog.assign(weights=[uniform_probabilities()] * len(catalog), outcome="published")
        logged = read_assignment_log(publication_store)
        return assignment_counts(pd.concat([df for df in (simulated, logged) if len(df)], ignore_index=True))
