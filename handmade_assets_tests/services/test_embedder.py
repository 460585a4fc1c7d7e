"""The local embedder: the bundled MiniLM on torch and in numpy, its vectors, which runtime a call
takes, and the thread setting."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from handmade_assets.services.embedder import MINILM_DIMENSION, LocalSentenceEmbedder

VASE = "Hand-thrown stoneware vase with a speckled oatmeal glaze, 20 cm tall."
VASE_REWORDED = "A 20 cm vase thrown by hand in stoneware, glazed in speckled oatmeal."
EARRINGS = "Hammered sterling silver hoop earrings on hypoallergenic ear wires."


@pytest.fixture(scope="module")
def texts():
    from handmade_assets_demo.corpus import generate_historical_descriptions
    from handmade_assets.index.records import description_records

    corpus = description_records(generate_historical_descriptions(12, seed=5))["text"].tolist()
    # Long descriptions (some past the 256-token window) beside one-word ones: padded batches.
    return corpus + [VASE, VASE_REWORDED, EARRINGS, "Mug", "Gift for her!"]


@pytest.fixture
def restore_torch_threads():
    before = torch.get_num_threads()
    yield before
    torch.set_num_threads(before)


# numpy_below=0 runs every call on torch; a threshold above any call runs every call in numpy.
RUNTIMES = {"torch": 0, "numpy": 10_000}


@pytest.mark.parametrize("numpy_below", RUNTIMES.values(), ids=RUNTIMES.keys())
def test_vectors_are_unit_norm_float32_rows_of_384(texts, numpy_below):
    vectors = LocalSentenceEmbedder(numpy_below=numpy_below).embed(texts)
    assert vectors.dtype == np.float32
    assert vectors.shape == (len(texts), MINILM_DIMENSION)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert LocalSentenceEmbedder(numpy_below=numpy_below).embed([]).shape == (0, MINILM_DIMENSION)


@pytest.mark.parametrize("numpy_below", RUNTIMES.values(), ids=RUNTIMES.keys())
def test_a_paraphrase_scores_well_above_an_unrelated_listing(numpy_below):
    vase, reworded, earrings = LocalSentenceEmbedder(numpy_below=numpy_below).embed(
        [VASE, VASE_REWORDED, EARRINGS])
    assert vase @ reworded > 0.8
    assert vase @ reworded - vase @ earrings > 0.5


@pytest.mark.parametrize("numpy_below", RUNTIMES.values(), ids=RUNTIMES.keys())
def test_a_text_embeds_the_same_whatever_shares_its_batch(texts, numpy_below):
    alone = LocalSentenceEmbedder(batch_size=1, numpy_below=numpy_below).embed(texts)
    batched = LocalSentenceEmbedder(batch_size=8, numpy_below=numpy_below).embed(texts)
    assert np.sum(alone * batched, axis=1).min() > 0.9999


def test_numpy_gives_torch_s_vectors(texts):
    """An index built on torch (bulk) is queried in numpy (one upload): the two must agree, long
    texts cut at 256 tokens, accents, emoji and one-word texts included."""
    odd = ["", "a", "Bol émaillé à la main, 12 cm, passe au lave-vaisselle 🍵", "x " * 600]
    torch_vectors = LocalSentenceEmbedder(numpy_below=0).embed(texts + odd)
    numpy_vectors = LocalSentenceEmbedder(numpy_below=10_000).embed(texts + odd)
    assert np.abs(numpy_vectors - torch_vectors).max() < 1e-5


def test_small_calls_take_numpy_and_bulk_calls_torch():
    embedder = LocalSentenceEmbedder(numpy_below=64)
    assert embedder.runtime_for(1) == embedder.runtime_for(63) == "numpy"
    assert embedder.runtime_for(64) == "torch"
    # Only the bundled MiniLM has a numpy forward pass.
    assert LocalSentenceEmbedder(model_dir="/some/model").runtime_for(1) == "torch"


def test_threads_set_torch_only_when_asked(restore_torch_threads):
    LocalSentenceEmbedder(threads=1, numpy_below=0).embed([VASE])
    assert torch.get_num_threads() == 1
    torch.set_num_threads(2)
    # threads unset: the process's own setting stays
    LocalSentenceEmbedder(numpy_below=0).embed([VASE])
    assert torch.get_num_threads() == 2


def test_threads_must_be_positive():
    with pytest.raises(Exception, match="greater than or equal to 1"):
        LocalSentenceEmbedder(threads=0)
