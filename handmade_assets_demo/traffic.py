"""Synthetic shopper traffic with a known ground truth, so scoring can be checked against it.

The funnel is impression -> click -> add to cart -> purchase. Base rates are loosely calibrated
on the real sessions in ../shared/data (measured with a one-off script, numbers below):

- otto_sessions/train_sample.jsonl (20 sessions): 800 clicks, 52 carts, 10 orders, so carts per
  click 6.5 %, orders per cart 19 % (10/52), orders per click 1.25 %. Our click lands on a
  single listing page rather than OTTO's browse clicks, so we take add-to-cart given click at the
  upper end of that, 10 %, and purchase given add-to-cart at the measured ~20 %. The 7 orders
  whose item had an earlier click came a median 1.5 h (mean 12.6 h, up to 50 h) after it; an
  exponential delay with mean 6 h sits between the two. With evening-heavy traffic that puts
  ~30 % of purchases after midnight UTC, i.e. in the next day's event partition.
- uci_online_shoppers/sample_200.csv (200 sessions): time per product page
  (ProductRelated_Duration / ProductRelated) has median 32 s and log-sd 0.81 over the 165
  sessions with any product time. We use a log-normal dwell with median 38 s and sigma 0.85,
  between that and the ~40 s / 0.9 first specified. 7 of the 200 sessions (3.5 %) end in
  revenue; that is per session, not per search impression, so it only bounds purchases per click.
- CTR per search impression has no counterpart in either set; 2-4 % per category is the usual
  marketplace search range. It is the average over positions 0..19; position k multiplies it by
  (1+k)**-0.7 normalised to mean 1 (top slot ~3.7x, bottom ~0.45x).

So purchases per impression are ~0.06 %: naming maker_advocate (about +19 % over the runner-up
overall) with the peeking-safe test at 95 % power takes ~17 M impressions
(scoring.impressions_needed; benchmarks/prompt_scoring.py checks it), which is what any
expectation of a quick verdict should be judged against.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from handmade_assets.engagement.allocation import Allocation, cell_probabilities
from handmade_assets.engagement.metrics import EVENT_TYPES
from handmade_assets.taxonomy import CATEGORIES, LOCALES, PERSONA_KEYS, PROMPT_VERSION

_NS_PER_SECOND = 1_000_000_000
_NS_PER_HOUR = 3600 * _NS_PER_SECOND

# Share of a day's impressions per UTC hour: quiet nights, an evening peak.
_HOURLY_TRAFFIC = np.array(
    [2, 1.5, 1, 1, 1, 1.5, 2.5, 3.5, 4.5, 5, 5, 5, 5.5, 5.5, 5, 5, 5, 5.5, 6, 7, 7.5, 6.5, 4.5, 3]
)
_HOURLY_TRAFFIC = _HOURLY_TRAFFIC / _HOURLY_TRAFFIC.sum()

_CLICK_DELAY_MEAN_SECONDS = 20.0


@dataclass(frozen=True)
class TrafficTruth:
    """The rates the simulator draws from; rates are probabilities, lifts multiply them."""

    # CTR per category, averaged over positions.
    base_ctr: Mapping[str, float]
    locale_ctr_lift: Mapping[str, float]
    persona_ctr_lift: Mapping[str, float]
    # Lifts add-to-cart given click, and so purchase given click by the same factor.
    persona_conversion_lift: Mapping[str, float]
    # (persona, category) -> extra conversion lift; what lets per-category winners differ.
    interaction_conversion_lift: Mapping[tuple[str, str], float]
    # Multiplies the dwell median: some personas are read for longer.
    persona_dwell_lift: Mapping[str, float]
    add_to_cart_given_click: float = 0.10
    purchase_given_add_to_cart: float = 0.20
    dwell_median_seconds: float = 38.0
    dwell_sigma: float = 0.85
    position_decay: float = 0.7
    n_positions: int = 20
    purchase_delay_mean_hours: float = 6.0

    def position_bias(self) -> np.ndarray:
        """CTR multiplier per position, with mean 1 over the positions."""
        raw = (1.0 + np.arange(self.n_positions)) ** -self.position_decay
        return raw / raw.mean()

    def ctr(self, persona: str, category: str, locale: str | None = None) -> float:
        """Expected CTR over uniformly drawn positions; locale None averages the locales."""
        locales = LOCALES if locale is None else (locale,)
        locale_lift = float(np.mean([self.locale_ctr_lift.get(loc, 1.0) for loc in locales]))
        return self.base_ctr[category] * locale_lift * self.persona_ctr_lift[persona]

    def add_to_cart_rate(self, persona: str, category: str) -> float:
        """Add-to-cart given click."""
        return (
            self.add_to_cart_given_click
            * self.persona_conversion_lift[persona]
            * self.interaction_conversion_lift.get((persona, category), 1.0)
        )

    def conversion(
        self, persona: str, category: str | None = None, locale: str | None = None
    ) -> float:
        """Expected purchases per impression; None averages uniformly over categories/locales."""
        categories = CATEGORIES if category is None else (category,)
        return float(
            np.mean(
                [
                    self.ctr(persona, cat, locale)
                    * self.add_to_cart_rate(persona, cat)
                    * self.purchase_given_add_to_cart
                    for cat in categories
                ]
            )
        )

    def true_best(self, category: str | None = None) -> str:
        """The persona with the most expected purchases per impression."""
        return max(PERSONA_KEYS, key=lambda persona: self.conversion(persona, category))


DEFAULT_TRUTH = TrafficTruth(
    base_ctr={
        "ceramics": 0.032,
        "jewelry": 0.038,
        "textiles": 0.026,
        "woodwork": 0.028,
        "candles": 0.034,
        "leather": 0.024,
        "glass": 0.030,
        "paper": 0.022,
    },
    locale_ctr_lift={"en": 1.05, "de": 0.95, "fr": 1.0, "es": 1.0},
    persona_ctr_lift={
        "material_enthusiast": 1.0,
        "sustainability_advocate": 0.95,
        "heritage_historian": 0.97,
        "functionality_reviewer": 1.0,
        "maker_advocate": 1.05,
        "visual_poet": 1.1,
    },
    persona_conversion_lift={
        "material_enthusiast": 1.0,
        "sustainability_advocate": 0.95,
        "heritage_historian": 0.95,
        "functionality_reviewer": 1.05,
        "maker_advocate": 1.25,
        "visual_poet": 0.85,
    },
    # Leather buyers want practical detail, ceramics buyers the tradition: the only two
    # categories where maker_advocate is not the true winner.
    interaction_conversion_lift={
        ("functionality_reviewer", "leather"): 1.45,
        ("heritage_historian", "ceramics"): 1.6,
    },
    persona_dwell_lift={
        "material_enthusiast": 1.0,
        "sustainability_advocate": 1.05,
        "heritage_historian": 1.2,
        "functionality_reviewer": 0.85,
        "maker_advocate": 1.1,
        "visual_poet": 0.95,
    },
)


def simulate_live_catalog(
    n_listings: int, seed: int, allocation: Allocation | None = None
) -> pd.DataFrame:
    """One row per listing x locale with the persona whose description is live there.

    Categories, and personas within each (category, locale) cell, are dealt by quota and then
    shuffled: each row is still uniformly random, but the split is exact (up to rounding, whose
    leftover goes to random personas), so the impressions the SRM test counts carry no extra
    catalog sampling noise. With n_listings a multiple of 48 every split is exactly even.
    """
    rng = np.random.default_rng(seed)
    width = max(6, len(str(n_listings - 1)))
    listing_ids = np.array([f"sim-{i:0{width}d}" for i in range(n_listings)])
    categories = _deal({category: 1.0 for category in CATEGORIES}, n_listings, rng)
    frames = []
    for locale in LOCALES:
        personas = np.empty(n_listings, dtype=object)
        for category in CATEGORIES:
            members = np.flatnonzero(categories == category)
            personas[members] = _deal(
                cell_probabilities(allocation, category, locale), len(members), rng
            )
        frames.append(
            pd.DataFrame(
                {
                    "listing_id": listing_ids,
                    "category": categories,
                    "locale": locale,
                    "persona": personas.astype(str),
                    "prompt_version": PROMPT_VERSION,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def simulate_day(
    catalog: pd.DataFrame,
    day: dt.date,
    impressions: int,
    seed: int,
    truth: TrafficTruth = DEFAULT_TRUTH,
) -> pd.DataFrame:
    """Every impression, click, add-to-cart and purchase of one UTC day's traffic, by ts.

    Impressions fall uniformly on catalog rows and positions; purchases may land after midnight
    but keep their impression's `impression_ts`.
    """
    rng = np.random.default_rng([seed, day.toordinal()])
    ctr, add_to_cart, dwell_log_median = _row_rates(catalog, truth)

    # Draws are i.i.d., so sorting the times alone keeps impression ids in time order.
    row = rng.integers(0, len(catalog), size=impressions)
    position = rng.integers(0, truth.n_positions, size=impressions).astype(np.int16)
    hour = rng.choice(24, size=impressions, p=_HOURLY_TRAFFIC)
    offset = hour * _NS_PER_HOUR + rng.integers(0, _NS_PER_HOUR, size=impressions)
    midnight = pd.Timestamp(day, tz="UTC").value
    impression_ts = midnight + np.sort(offset)

    clicked = np.flatnonzero(rng.random(impressions) < ctr[row] * truth.position_bias()[position])
    n_clicks = len(clicked)
    click_ts = impression_ts[clicked] + _exponential_ns(
        rng, _CLICK_DELAY_MEAN_SECONDS * _NS_PER_SECOND, n_clicks
    )
    dwell = np.exp(
        dwell_log_median[row[clicked]] + truth.dwell_sigma * rng.standard_normal(n_clicks)
    )

    carted = np.flatnonzero(rng.random(n_clicks) < add_to_cart[row[clicked]])
    # The cart happens while reading: somewhere inside the dwell.
    cart_ts = click_ts[carted] + (dwell[carted] * rng.random(len(carted)) * _NS_PER_SECOND).astype(
        np.int64
    )

    bought = np.flatnonzero(rng.random(len(carted)) < truth.purchase_given_add_to_cart)
    purchase_ts = cart_ts[bought] + _exponential_ns(
        rng, truth.purchase_delay_mean_hours * _NS_PER_HOUR, len(bought)
    )

    impression_of_event = np.concatenate(
        [np.arange(impressions), clicked, clicked[carted], clicked[carted[bought]]]
    )
    event_code = np.repeat(
        np.arange(len(EVENT_TYPES), dtype=np.int8),
        [impressions, n_clicks, len(carted), len(bought)],
    )
    ts = np.concatenate([impression_ts, click_ts, cart_ts, purchase_ts])
    dwell_seconds = np.full(len(ts), np.nan, dtype=np.float32)
    dwell_seconds[impressions : impressions + n_clicks] = dwell

    order = np.argsort(ts, kind="stable")
    impression_of_event = impression_of_event[order]
    event_row = row[impression_of_event]
    first_id = day.toordinal() * 10**10
    return pd.DataFrame(
        {
            "impression_id": (first_id + impression_of_event).astype(np.int64),
            "event_type": pd.Categorical.from_codes(event_code[order], categories=EVENT_TYPES),
            "ts": _utc(ts[order]),
            "impression_ts": _utc(impression_ts[impression_of_event]),
            **{
                column: _categorical_rows(catalog[column], event_row)
                for column in ("listing_id", "category", "locale", "persona", "prompt_version")
            },
            "position": position[impression_of_event],
            "dwell_seconds": dwell_seconds[order],
        }
    )


def _deal(probabilities: Mapping[str, float], n: int, rng: np.random.Generator) -> np.ndarray:
    """n keys in random order, each appearing n x its probability times, rounded to add up to n.

    Largest-remainder rounding, with ties among remainders broken at random so the extra
    rows do not always go to the same key.
    """
    keys = np.array(list(probabilities))
    weights = np.array([probabilities[key] for key in keys], dtype=float)
    exact = n * weights / weights.sum()
    counts = np.floor(exact).astype(int)
    shuffled = rng.permutation(len(keys))
    by_remainder = shuffled[np.argsort((counts - exact)[shuffled], kind="stable")]
    counts[by_remainder[: n - counts.sum()]] += 1
    return rng.permutation(np.repeat(keys, counts))


def _row_rates(catalog: pd.DataFrame, truth: TrafficTruth) -> tuple[np.ndarray, ...]:
    """CTR, add-to-cart rate and log dwell median per catalog row, computed once per cell."""
    keys = ["persona", "category", "locale"]
    cells = catalog[keys].drop_duplicates()
    rates = pd.DataFrame(
        [
            (
                truth.ctr(persona, category, locale),
                truth.add_to_cart_rate(persona, category),
                np.log(truth.dwell_median_seconds * truth.persona_dwell_lift[persona]),
            )
            for persona, category, locale in cells.itertuples(index=False)
        ],
        columns=["ctr", "add_to_cart", "dwell_log_median"],
    )
    rows = catalog[keys].merge(
        pd.concat([cells.reset_index(drop=True), rates], axis=1), on=keys, how="left"
    )
    return tuple(rows[column].to_numpy(dtype=float) for column in rates.columns)


def _exponential_ns(rng: np.random.Generator, mean_ns: float, size: int) -> np.ndarray:
    return rng.exponential(mean_ns, size=size).astype(np.int64)


def _utc(ns: np.ndarray) -> pd.Series:
    return pd.Series(ns.view("datetime64[ns]")).dt.tz_localize("UTC")


def _categorical_rows(column: pd.Series, rows: np.ndarray) -> pd.Categorical:
    codes, uniques = pd.factorize(column, sort=True)
    return pd.Categorical.from_codes(codes[rows].astype(np.int32), categories=uniques)


@dataclass(frozen=True)
class CellCounts:
    """Daily counts per (category, locale, persona) cell for many simulated runs at once.

    Arrays have shape (runs, days, cells); `cells` names the last axis.
    """

    cells: pd.DataFrame
    impressions: np.ndarray
    clicks: np.ndarray
    add_to_carts: np.ndarray
    purchases: np.ndarray

    def by_persona(self, counts: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """Sum the cells of each persona (optionally only cells in `mask`): (..., personas)."""
        keep = np.ones(len(self.cells), bool) if mask is None else np.asarray(mask)
        index = self.cells["persona"].map({p: i for i, p in enumerate(PERSONA_KEYS)}).to_numpy()
        onehot = np.zeros((len(self.cells), len(PERSONA_KEYS)))
        onehot[np.flatnonzero(keep), index[keep]] = 1.0
        return counts @ onehot


def simulate_cell_counts(
    impressions_per_day: int,
    days: int,
    runs: int,
    seed: int,
    truth: TrafficTruth = DEFAULT_TRUTH,
    shares: np.ndarray | None = None,
) -> CellCounts:
    """The counts `aggregate_events(simulate_day(...))` sums to per cell and day, drawn directly.

    Same truth, same funnel: impressions fall on cells in proportion to `shares` (default: the
    even catalog split), a click is Bernoulli(CTR x position bias) at a uniform position, which
    is Bernoulli(CTR) overall, and carts and purchases follow the click. Purchases are delayed
    but the 72 h attribution window loses none of them in practice (mean delay 6 h), so this
    is the event simulator's distribution without materialising events: fast enough for the
    thousands of runs the benchmark needs.
    """
    rng = np.random.default_rng(seed)
    cells = pd.DataFrame(
        [(c, loc, p) for c in CATEGORIES for loc in LOCALES for p in PERSONA_KEYS],
        columns=["category", "locale", "persona"],
    )
    ctr = np.array([truth.ctr(p, c, loc) for c, loc, p in cells.itertuples(index=False)])
    cart = np.array([truth.add_to_cart_rate(p, c) for c, _, p in cells.itertuples(index=False)])
    shares = np.full(len(cells), 1 / len(cells)) if shares is None else np.asarray(shares, float)
    impressions = rng.multinomial(impressions_per_day, shares / shares.sum(), size=(runs, days))
    clicks = rng.binomial(impressions, ctr)
    add_to_carts = rng.binomial(clicks, cart)
    purchases = rng.binomial(add_to_carts, truth.purchase_given_add_to_cart)
    return CellCounts(cells, impressions, clicks, add_to_carts, purchases)


# Listing-level traffic: listings differ, traffic is skewed and weekly, allocation adapts.


@dataclass(frozen=True)
class ListingTraffic:
    """How listings and days differ, on top of a TrafficTruth's rates.

    Appeal multiplies a listing's CTR, and so its purchases per impression: log-normal with mean
    1 and log-sd `appeal_log_sd` (0.5 is the assumption the CUPED section of the benchmark always
    made; 1.0 a harsher catalog). `buying_log_sd` adds a second, independent mean-one factor on
    purchases per click (0: none). Popularity sets each listing's share
    of the traffic (log-normal, log-sd `popularity_log_sd`), independent of appeal. Weekday
    factors (Monday first, mean ~1) scale the day's impressions and its CTR for every persona.
    """

    appeal_log_sd: float = 0.5
    buying_log_sd: float = 0.0
    popularity_log_sd: float = 1.0
    weekday_traffic: tuple[float, ...] = (0.95, 0.9, 0.9, 0.95, 1.0, 1.15, 1.15)
    weekday_ctr: tuple[float, ...] = (0.97, 0.97, 0.98, 1.0, 1.0, 1.04, 1.04)


@dataclass(frozen=True)
class ListingPanel:
    """Daily counts per unit (one listing in one locale), and how each unit was assigned.

    `units` has listing_id, category, locale, persona, prompt_version and arrival_day;
    `weights` (units, personas) holds the allocation each unit's persona was drawn from;
    count arrays have shape (days, units). `ctr` and `conversion` are each unit's rates before
    appeal and weekday factors; `weekday_ctr` is the CTR factor of each day.
    """

    units: pd.DataFrame
    weights: np.ndarray
    impressions: np.ndarray
    clicks: np.ndarray
    purchases: np.ndarray
    ctr: np.ndarray
    conversion: np.ndarray
    weekday_ctr: np.ndarray
    start: dt.date

    def metrics(self, last_day: int | None = None) -> pd.DataFrame:
        """Rows at the aggregate_events grain (no add-to-carts or dwell) for days <= last_day."""
        days = self.impressions.shape[0] if last_day is None else last_day + 1
        day, unit = np.nonzero(self.impressions[:days])
        frame = self.units.iloc[unit][list(("listing_id", *_UNIT_KEYS))].reset_index(drop=True)
        frame.insert(0, "date", [self.start + dt.timedelta(days=int(d)) for d in day])
        for column, counts in (
            ("impressions", self.impressions),
            ("clicks", self.clicks),
            ("purchases", self.purchases),
        ):
            frame[column] = counts[day, unit].astype(np.int64)
        frame["add_to_carts"] = frame["purchases"]
        for column in ("dwell_count", "dwell_log_sum", "dwell_log_sq_sum"):
            frame[column] = 0
        return frame

    def expected_rates(self, units: np.ndarray, last_day: int | None = None) -> tuple[float, float]:
        """The CTR and conversion the units' impressions should show, given where they fell:
        the rates averaged over those impressions, listing appeal averaged out (mean 1)."""
        days = self.impressions.shape[0] if last_day is None else last_day + 1
        n = self.impressions[:days, units]
        weighted = n * self.weekday_ctr[:days, None]
        total = n.sum()
        return (
            float((weighted * self.ctr[units]).sum() / total),
            float((weighted * self.conversion[units]).sum() / total),
        )


    def expected_weekday(self, units: np.ndarray, last_day: int | None = None) -> float:
        """The weekday CTR factor averaged over the units' impressions."""
        days = self.impressions.shape[0] if last_day is None else last_day + 1
        n = self.impressions[:days, units]
        return float((n * self.weekday_ctr[:days, None]).sum() / n.sum())


_UNIT_KEYS = ("category", "locale", "persona", "prompt_version")


def thompson_weights(
    successes: np.ndarray,
    trials: np.ndarray,
    *,
    floor: float,
    draws: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Thompson shares with an exploration floor for many cells at once (cells, personas):
    allocation.thompson_allocation's rule, floor + (1 - k floor) x P(best), vectorised."""
    k = successes.shape[-1]
    samples = rng.beta(1 + successes, 1 + trials - successes, size=(draws, *successes.shape))
    best = samples.argmax(axis=-1)
    shares = (best[..., None] == np.arange(k)).mean(axis=0)
    return floor + (1 - floor * k) * shares


def simulate_listing_panel(
    n_listings: int,
    days: int,
    impressions_per_day: float,
    seed: int,
    *,
    truth: TrafficTruth = DEFAULT_TRUTH,
    traffic: ListingTraffic = ListingTraffic(),
    locales: tuple[str, ...] = LOCALES,
    categories: tuple[str, ...] = CATEGORIES,
    thompson: bool = True,
    floor: float = 0.05,
    thompson_draws: int = 200,
    live_at_start: float = 0.5,
    fixed_weights: np.ndarray | None = None,
    assignment_bias: np.ndarray | None = None,
    start: dt.date = dt.date(2026, 9, 1),
) -> ListingPanel:
    """Counts of impressions, clicks and purchases per listing, locale and day.

    A share `live_at_start` of the listings is live on day 0, the rest arrive on uniformly
    drawn later days. Each (listing, locale) gets its persona when it arrives, drawn from its
    cell's allocation that day: uniform on day 0, then (with `thompson`) Thompson sampling on
    the cell's purchases so far, with the exploration floor; `fixed_weights` (personas,)
    replaces both. `assignment_bias` (personas,), when
    given, multiplies the weights actually used for the draw but not the recorded ones: a
    planted assignment bug for the sample-ratio test to find.
    """
    rng = np.random.default_rng(seed)
    k = len(PERSONA_KEYS)
    width = max(6, len(str(n_listings - 1)))
    listing_category = rng.integers(0, len(categories), n_listings)
    appeal = _mean_one_lognormal(rng, traffic.appeal_log_sd, n_listings)
    buying = _mean_one_lognormal(rng, traffic.buying_log_sd, n_listings)
    popularity = _mean_one_lognormal(rng, traffic.popularity_log_sd, n_listings)
    later = rng.integers(1, days, n_listings) if days > 1 else np.zeros(n_listings, int)
    arrival = np.where(rng.random(n_listings) < live_at_start, 0, later)

    n_locales = len(locales)
    listing = np.repeat(np.arange(n_listings), n_locales)
    locale = np.tile(np.arange(n_locales), n_listings)
    cell = listing_category[listing] * n_locales + locale
    n_units = len(listing)
    rate_table = np.array(
        [
            [
                (
                    truth.ctr(p, c, loc),
                    truth.add_to_cart_rate(p, c) * truth.purchase_given_add_to_cart,
                )
                for p in PERSONA_KEYS
            ]
            for c in categories
            for loc in locales
        ]
    )  # (cells, personas, [CTR, purchases per click])
    weekday = np.array([(start + dt.timedelta(days=d)).weekday() for d in range(days)])
    traffic_factor = np.asarray(traffic.weekday_traffic)[weekday]
    ctr_factor = np.asarray(traffic.weekday_ctr)[weekday]

    persona = np.full(n_units, -1)
    weights = np.zeros((n_units, k))
    cell_successes = np.zeros((len(categories) * n_locales, k))
    cell_trials = np.zeros_like(cell_successes)
    impressions = np.zeros((days, n_units), dtype=np.int64)
    clicks = np.zeros_like(impressions)
    purchases = np.zeros_like(impressions)
    unit_arrival = arrival[listing]
    for day in range(days):
        new = np.flatnonzero(unit_arrival == day)
        if len(new):
            if fixed_weights is not None:
                table = np.broadcast_to(np.asarray(fixed_weights, float), cell_successes.shape)
            elif thompson and day > 0:
                table = thompson_weights(
                    cell_successes, cell_trials, floor=floor, draws=thompson_draws, rng=rng
                )
            else:
                table = np.full(cell_successes.shape, 1 / k)
            weights[new] = table[cell[new]]
            drawn = weights[new] if assignment_bias is None else weights[new] * assignment_bias
            cumulative = np.cumsum(drawn / drawn.sum(axis=1, keepdims=True), axis=1)
            persona[new] = np.minimum((rng.random((len(new), 1)) > cumulative).sum(axis=1), k - 1)
        live = unit_arrival <= day
        share = popularity[listing] * live
        expected = impressions_per_day * traffic_factor[day] * share / share.sum()
        n = rng.poisson(expected)
        rates = rate_table[cell, np.maximum(persona, 0)]
        c = rng.binomial(n, np.minimum(1.0, rates[:, 0] * appeal[listing] * ctr_factor[day]))
        b = rng.binomial(c, np.minimum(1.0, rates[:, 1] * buying[listing]))
        impressions[day], clicks[day], purchases[day] = n, c, b
        np.add.at(cell_trials, (cell, np.maximum(persona, 0)), n * live)
        np.add.at(cell_successes, (cell, np.maximum(persona, 0)), b * live)

    units = pd.DataFrame(
        {
            "listing_id": np.array([f"sim-{i:0{width}d}" for i in range(n_listings)])[listing],
            "category": np.asarray(categories)[listing_category[listing]],
            "locale": np.asarray(locales)[locale],
            "persona": np.asarray(PERSONA_KEYS)[persona],
            "prompt_version": PROMPT_VERSION,
            "arrival_day": unit_arrival,
        }
    )
    unit_rates = rate_table[cell, persona]
    return ListingPanel(
        units=units,
        weights=weights,
        impressions=impressions,
        clicks=clicks,
        purchases=purchases,
        ctr=unit_rates[:, 0],
        conversion=unit_rates[:, 0] * unit_rates[:, 1],
        weekday_ctr=ctr_factor,
        start=start,
    )


def _mean_one_lognormal(rng: np.random.Generator, sd: float, size: int) -> np.ndarray:
    return np.exp(sd * rng.standard_normal(size) - sd**2 / 2)


@dataclass(frozen=True)
class PairCounts:
    """Daily counts of two variants per listing, arrays (days, listings) for each variant."""

    impressions_a: np.ndarray
    purchases_a: np.ndarray
    impressions_b: np.ndarray
    purchases_b: np.ndarray


def simulate_variant_pairs(
    n_listings: int,
    days: int,
    impressions_per_day: float,
    seed: int,
    *,
    conversion_a: float,
    conversion_b: float,
    within_listing: bool,
    traffic: ListingTraffic = ListingTraffic(),
    weight_a: float = 0.5,
) -> PairCounts:
    """Two personas' purchases per impression on listings that differ in appeal and popularity.

    `within_listing`: every listing publishes both variants and the storefront splits each
    impression between them with probability `weight_a` (the variant id in each event).
    Otherwise each listing carries one variant, drawn with probability `weight_a`: today's
    listing-level assignment. Same listings, same traffic, same truth either way.
    """
    rng = np.random.default_rng(seed)
    appeal = _mean_one_lognormal(rng, traffic.appeal_log_sd, n_listings)
    popularity = _mean_one_lognormal(rng, traffic.popularity_log_sd, n_listings)
    start = dt.date(2026, 9, 1)
    weekday = np.array([(start + dt.timedelta(days=d)).weekday() for d in range(days)])
    expected = (
        impressions_per_day
        * np.asarray(traffic.weekday_traffic)[weekday][:, None]
        * popularity[None, :]
        / popularity.sum()
    )
    n = rng.poisson(expected)
    if within_listing:
        n_a = rng.binomial(n, weight_a)
    else:
        n_a = n * (rng.random(n_listings) < weight_a)[None, :]
    n_b = n - n_a
    factor = np.asarray(traffic.weekday_ctr)[weekday][:, None] * appeal[None, :]
    return PairCounts(
        impressions_a=n_a,
        purchases_a=rng.binomial(n_a, np.minimum(1.0, conversion_a * factor)),
        impressions_b=n_b,
        purchases_b=rng.binomial(n_b, np.minimum(1.0, conversion_b * factor)),
    )
