import pandas as pd
import pytest

from handmade_assets.reviews.attributes import extract_attributes
from handmade_assets.reviews.pii import scrub_pii
from handmade_assets_demo.synthetic_reviews import RATING_SHARES, REVIEW_COLUMNS, generate_reviews
from handmade_assets.taxonomy import CATEGORIES

_TITLES = {
    "ceramics": "Speckled stoneware mug with blue glaze",
    "jewelry": "Sterling silver moonstone earrings",
    "textiles": "Hand-woven wool scarf",
    "woodwork": "Walnut cutting board",
    "candles": "Lavender soy candle",
    "leather": "Minimalist leather wallet",
    "glass": "Stained glass suncatcher",
    "paper": "Botanical linocut print",
}


def _listings(n: int) -> pd.DataFrame:
    categories = [CATEGORIES[i % len(CATEGORIES)] for i in range(n)]
    return pd.DataFrame(
        {
            "listing_id": [f"L{i:05d}" for i in range(n)],
            "category": categories,
            "title": [_TITLES[c] for c in categories],
        }
    )


@pytest.fixture(scope="module")
def reviews() -> pd.DataFrame:
    return generate_reviews(_listings(4000), seed=11)


def test_columns_and_types(reviews: pd.DataFrame) -> None:
    assert tuple(reviews.columns) == REVIEW_COLUMNS
    assert reviews["review_id"].is_unique
    assert reviews["rating"].dtype == float
    assert set(reviews["rating"]) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert str(reviews["created_at"].dt.tz) == "UTC"
    assert reviews["review_text"].str.len().ge(1).all()


def test_is_deterministic_and_stable_per_listing() -> None:
    listings = _listings(200)
    first = generate_reviews(listings, seed=3)
    pd.testing.assert_frame_equal(first, generate_reviews(listings, seed=3))
    assert not first.equals(generate_reviews(listings, seed=4))
    # A listing's reviews do not depend on which other listings are generated with it.
    for position in range(20):
        alone = generate_reviews(listings.iloc[[position]], seed=3)
        together = first[first["listing_id"] == listings["listing_id"].iloc[position]]
        pd.testing.assert_frame_equal(alone, together.reset_index(drop=True))


@pytest.mark.parametrize("per_listing", [(0, 0), (2, 2), (1, 4)])
def test_per_listing_bounds(per_listing: tuple[int, int]) -> None:
    reviews = generate_reviews(_listings(100), seed=1, per_listing=per_listing)
    counts = (
        reviews.groupby("listing_id").size().reindex(_listings(100)["listing_id"], fill_value=0)
    )
    assert counts.between(*per_listing).all()


def test_no_reviews_keeps_columns_and_dtypes(reviews: pd.DataFrame) -> None:
    empty = generate_reviews(_listings(3), seed=1, per_listing=(0, 0))
    assert empty.empty
    assert empty.dtypes.equals(reviews.dtypes)


def test_rejects_unknown_category() -> None:
    listings = pd.DataFrame({"listing_id": ["x"], "category": ["pottery"], "title": ["A mug"]})
    with pytest.raises(ValueError, match="pottery"):
        generate_reviews(listings, seed=1)


def test_rating_mix_matches_the_calibration(reviews: pd.DataFrame) -> None:
    shares = reviews["rating"].value_counts(normalize=True)
    for stars, share in RATING_SHARES.items():
        assert shares.get(float(stars), 0.0) == pytest.approx(share, abs=0.015)


def test_text_length_matches_the_calibration(reviews: pd.DataFrame) -> None:
    # Real reviews: p10 40, median 117, p90 368 characters.
    lengths = reviews["review_text"].str.len()
    assert 25 <= lengths.quantile(0.1) <= 55
    assert 95 <= lengths.median() <= 145
    assert 280 <= lengths.quantile(0.9) <= 460


def test_some_reviews_carry_personal_data_the_scrubber_finds(reviews: pd.DataFrame) -> None:
    results = [
        scrub_pii(text, known_names=[name])
        for text, name in zip(reviews["review_text"], reviews["reviewer_name"], strict=True)
    ]
    share = sum(bool(r.found) for r in results) / len(results)
    assert 0.07 <= share <= 0.13
    assert all("@" not in r.text for r in results)
    kinds = {kind for r in results for kind in r.found}
    assert {"email", "phone", "name"} <= kinds


def test_texts_fit_their_category(reviews: pd.DataFrame) -> None:
    by_category = reviews.merge(_listings(4000), on="listing_id")
    ceramics = by_category.loc[by_category["category"] == "ceramics", "review_text"]
    assert not ceramics.str.contains(r"\bwear|wrist|comfortable|leather|scent", regex=True).any()
    candles = by_category.loc[by_category["category"] == "candles", "review_text"]
    assert candles.str.contains("candle").any()
    assert not candles.str.contains(r"\bwear|glaze|fits perfectly", regex=True).any()


def test_extracted_opinions_follow_the_rating(reviews: pd.DataFrame) -> None:
    def share_positive(subset: pd.DataFrame) -> float:
        polarities = [
            a.polarity for text in subset["review_text"] for a in extract_attributes(text)
        ]
        return sum(p > 0 for p in polarities) / len(polarities)

    assert share_positive(reviews[reviews["rating"] == 5]) > 0.85
    assert share_positive(reviews[reviews["rating"] <= 2]) < 0.3
