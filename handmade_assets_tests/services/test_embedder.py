"""The local embedder: the bundled MiniLM on torch, its vectors and its thread setting."""

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


def test_vectors_are_unit_norm_float32_rows_of_384(texts):
    vectors = LocalSentenceEmbedder().embed(texts)
    assert vectors.dtype == np.float32
    assert vectors.shape == (len(texts), MINILM_DIMENSION)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert LocalSentenceEmbedder().embed([]).shape == (0, MINILM_DIMENSION)


def test_a_paraphrase_scores_well_above_an_unrelated_listing():
    vase, reworded, earrings = LocalSentenceEmbedder().embed([VASE, VASE_REWORDED, EARRINGS])
    assert vase @ reworded > 0.8
    assert vase @ reworded - vase @ earrings > 0.5


def test_a_text_embeds_the_same_whatever_shares_its_batch(texts):
    alone = LocalSentenceEmbedder(batch_size=1).embed(texts)
    batched = LocalSentenceEmbedder(batch_size=8).embed(texts)
    assert np.sum(alone * batched, axis=1).min() > 0.9999


def test_threads_set_torch_only_when_asked(restore_torch_threads):
    LocalSentenceEmbedder(threads=1).embed([VASE])
    assert torch.get_num_threads() == 1
    torch.set_num_threads(2)
    LocalSentenceEmbedder().embed([VASE])  # threads unset: the process's own setting stays
    assert torch.get_num_threads() == 2


def test_threads_must_be_positive():
    with pytest.raises(Exception, match="greater than or equal to 1"):
        LocalSentenceEmbedder(threads=0)
