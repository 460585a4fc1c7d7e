"""Where a day's engagement events come from: the event files the storefront lands.

The same reader serves every deployment (S3 on AWS, the local object store otherwise); the
demo's simulated shoppers (`handmade_assets_demo.traffic_source`) stand in for a storefront only
in the demo, the tests and the benchmarks."""

from __future__ import annotations

import io
from datetime import date
from typing import Protocol

import dagster as dg
import pandas as pd

from handmade_assets.engagement.assignment_log import read_assignment_log
from handmade_assets.engagement.scoring import assignment_counts
from handmade_assets.services.object_store import ObjectStore

EVENTS_PREFIX = "events"


class EngagementSource(Protocol):
    def events_for_day(self, day: date, landing_zone: ObjectStore) -> pd.DataFrame: ...

    def assignments(self, publication_store: ObjectStore) -> pd.DataFrame | None:
        """Listings assigned per (category, locale, persona, prompt_version) and how many the
        allocation weights at assignment time promised (scoring.assignment_counts), which the
        sample-ratio test compares; None when no assignment log is available.
        `publication_store` is where publishing writes its assignment log."""
        ...


def events_prefix(day: date) -> str:
    return f"{EVENTS_PREFIX}/dt={day.isoformat()}"


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

    def assignments(self, publication_store: ObjectStore) -> pd.DataFrame | None:
        # The storefront's event files do not say which weights each listing was drawn with;
        # publishing's assignment log does.
        log = read_assignment_log(publication_store)
        return assignment_counts(log) if len(log) else None
