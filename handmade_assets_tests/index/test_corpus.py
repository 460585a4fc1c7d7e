
import pandas as pd
import pytest

from handmade_assets_demo.corpus import (
    CATEGORY_SHARES,
    DESCRIPTION_MAX_CHARS,
    DESCRIPTION_MIN_CHARS,
    HISTORICAL_COLUMNS,
    HISTORICAL_LANGUAGES,
    LANGUAGE_SHARES,
    OBJECT_TYPES,
    SUCCESS_SHARE,
    VOCABULARY,
    generate_historical_descriptions,
)
from handmade_assets.taxonomy import CATEGORIES, LOCALES


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return generate_historical_descriptions(5000, seed=42)


def test_columns_and_types(corpus: pd.DataFrame) -> None:
    assert tuple(corpus.columns) == HISTORICAL_COLUMNS
    assert len(corpus) == 5000
    assert corpus["listing_id"].iloc[0] == "hist-0000001"
    assert corpus["listing_id"].iloc[-1] == "hist-0005000"
    assert corpus["listing_id"].is_unique
    assert corpus["successful"].dtype == bool
    assert corpus["impressions"].dtype == "int64"
    assert corpus["materials"].map(lambda m: isinstance(m, list) and len(m) == 2).all()
    assert (corpus["purchases"] <= corpus["impressions"]).all()
    assert (corpus["conversion_rate"] == corpus["purchases"] / corpus["impressions"]).all()


def test_is_deterministic() -> None:
    first = generate_historical_descriptions(300, seed=9)
    pd.testing.assert_frame_equal(first, generate_historical_descriptions(300, seed=9))
    other_seed = generate_historical_descriptions(300, seed=10)
    assert not first["description"].equals(other_seed["description"])


def test_empty_corpus_keeps_columns() -> None:
    empty = generate_historical_descriptions(0, seed=1)
    assert empty.empty
    assert tuple(empty.columns) == HISTORICAL_COLUMNS


def test_vocabulary_covers_every_category_and_language() -> None:
    assert set(LOCALES) <= set(HISTORICAL_LANGUAGES) == set(VOCABULARY) == set(LANGUAGE_SHARES)
    assert set(CATEGORY_SHARES) == set(CATEGORIES)
    for words_by_category in VOCABULARY.values():
        assert set(words_by_category) == set(CATEGORIES)


def test_category_mix_is_skewed_towards_jewelry_and_ceramics(corpus: pd.DataFrame) -> None:
    shares = corpus["category"].value_counts(normalize=True)
    assert set(shares.index) == set(CATEGORIES)
    assert list(shares.index[:2]) == ["jewelry", "ceramics"]
    for category, share in CATEGORY_SHARES.items():
        assert shares[category] == pytest.approx(share, abs=0.02)


def test_mostly_english_with_some_other_languages(corpus: pd.DataFrame) -> None:
    shares = corpus["language"].value_counts(normalize=True)
    assert shares["en"] == pytest.approx(0.80, abs=0.02)
    assert all(shares[language] > 0.02 for language in ("de", "fr", "es", "it"))


def test_descriptions_are_written_in_their_language(corpus: pd.DataFrame) -> None:
    py3langid = pytest.importorskip("py3langid")
    sample = corpus.groupby("language").head(40)
    detected = sample["description"].map(lambda text: py3langid.classify(text)[0])
    assert (detected == sample["language"]).mean() > 0.95


def test_description_lengths_match_the_real_listings(corpus: pd.DataFrame) -> None:
    # Real listings: 338..1289 characters, median 764.
    lengths = corpus["description"].str.len()
    assert lengths.min() >= DESCRIPTION_MIN_CHARS
    assert lengths.max() <= DESCRIPTION_MAX_CHARS + 150  # the last sentence may overshoot
    assert 650 <= lengths.median() <= 850
    for language, group in corpus.groupby("language"):
        assert 550 <= group["description"].str.len().median() <= 900, language
    assert corpus["description"].str.rstrip().str[-1].isin([".", "!", ")"]).all()


def test_titles_mention_an_object_type_of_their_category(corpus: pd.DataFrame) -> None:
    for row in corpus.itertuples():
        objects = OBJECT_TYPES[row.category][row.language]
        assert any(obj.lower() in row.title.lower() for obj in objects), (row.category, row.title)
        assert len(row.title) <= 140


def test_descriptions_open_with_their_object_and_material(corpus: pd.DataFrame) -> None:
    for row in corpus.itertuples():
        opening = row.description.split(". ")[0].lower()
        assert row.materials[0].lower() in opening
        assert any(obj.lower() in opening for obj in OBJECT_TYPES[row.category][row.language])


def test_success_is_the_top_share_of_each_category(corpus: pd.DataFrame) -> None:
    for category, group in corpus.groupby("category"):
        assert group["successful"].mean() == pytest.approx(SUCCESS_SHARE, abs=0.01), category
        assert (
            group.loc[group["successful"], "conversion_rate"].min()
            >= group.loc[~group["successful"], "conversion_rate"].max()
        )


def test_many_rows_keep_unique_ids() -> None:
    # The generator's speed is a benchmark figure (benchmarks/index_refresh.py), not a test.
    corpus = generate_historical_descriptions(20_000, seed=1)
    assert len(corpus) == 20_000
    assert corpus["listing_id"].is_unique
