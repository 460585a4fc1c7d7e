"""Synthetic embedding vectors shaped like MiniLM embeddings of listing descriptions, at any size.

Embedding a million texts with the local model takes hours on two cores, so the index benchmark
draws vectors instead. Each vector is the normalised sum of a shared direction (sentence
embeddings are anisotropic: unrelated texts still have positive cosine), its category's centre,
its sub-cluster's centre (a product type within the category) and its own noise. Centres and noise
are Gaussian with a power-law covariance spectrum, eigenvalue i proportional to i**-decay, in a
random basis: real embeddings concentrate their variance in a few dozen directions, and that
low intrinsic dimension is what makes HNSW work as it does on them.

Calibration (`benchmarks/vector_index.py --calibrate` re-measures it): all-MiniLM-L6-v2
embeddings of 3,000 texts of the synthetic historical corpus (`handmade_assets_demo/corpus.py`, seed 7,
title + description as the index stores them). The profile's weights were chosen so that the
same statistics on 3,000 synthetic vectors in 8 categories land near the real ones; the values
are in `MINILM_CALIBRATION` and both sets are printed by the calibration run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

# Measured on real MiniLM embeddings of the synthetic corpus (see the module docstring).
MINILM_CALIBRATION: dict[str, float] = {
    "mean_cos_all": 0.310,
    "mean_cos_same_category": 0.464,
    "mean_cos_other_category": 0.280,
    "nn_cos_median": 0.876,
    "nn_cos_p10": 0.821,
    "nn_same_category_share": 0.998,
    "residual_spectrum_decay": 0.786,
    "residual_participation_ratio": 28.4,
}
# The profile's own values on 3,000 vectors in 8 categories: 0.306, 0.464, 0.284, 0.861, 0.834,
# 1.000, 0.796 and 50.5. The one gap is the participation ratio: real embeddings put more of
# their variance in a few directions, so the synthetic set is if anything harder for HNSW.


@dataclass(frozen=True)
class VectorProfile:
    dimension: int = 384
    categories: int = 50
    subclusters_per_category: int = 40
    # Fitted (Nelder-Mead on the calibration statistics, noise weight fixed at 0.5).
    spectrum_decay: float = 0.885
    shared_weight: float = 0.647
    category_weight: float = 0.497
    subcluster_weight: float = 0.730
    noise_weight: float = 0.5


def _unit(rows: np.ndarray) -> np.ndarray:
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows


class SyntheticVectors:
    """A fixed set of centres (seeded) from which any number of items and queries are drawn."""

    def __init__(self, profile: VectorProfile = VectorProfile(), seed: int = 0):
        self.profile = profile
        self.seed = seed
        rng = np.random.default_rng([seed, 0])
        d = profile.dimension
        basis, _ = np.linalg.qr(rng.standard_normal((d, d)))
        scales = (1.0 + np.arange(d)) ** (-profile.spectrum_decay / 2)
        # Rows drawn as (z * scales) @ mix have the power-law covariance in a random basis.
        self._mix = (scales[:, None] * basis.T).astype(np.float32)
        self.shared = _unit(rng.standard_normal((1, d)).astype(np.float32))[0]
        self.category_centres = self._gaussian(rng, profile.categories)
        self.subcluster_centres = self._gaussian(
            rng, profile.categories * profile.subclusters_per_category
        )
        # Category shares vary a little around 1/categories, as real catalogues do.
        shares = rng.dirichlet(np.full(profile.categories, 60.0))
        self.category_shares = shares / shares.sum()

    def _gaussian(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return _unit(rng.standard_normal((n, self.profile.dimension), dtype=np.float32) @ self._mix)

    def draw(self, n: int, stream: int, chunk: int = 100_000) -> tuple[np.ndarray, np.ndarray]:
        """(vectors float32 (n, d) unit rows, category codes int16 (n,)); `stream` picks the seed."""
        vectors = np.empty((n, self.profile.dimension), dtype=np.float32)
        categories = np.empty(n, dtype=np.int16)
        for start, stop, v, c in self.iter_draw(n, stream, chunk):
            vectors[start:stop], categories[start:stop] = v, c
        return vectors, categories

    def iter_draw(self, n: int, stream: int, chunk: int = 100_000
                  ) -> Iterator[tuple[int, int, np.ndarray, np.ndarray]]:
        p = self.profile
        rng = np.random.default_rng([self.seed, 1, stream])
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            category = rng.choice(p.categories, size=m, p=self.category_shares).astype(np.int16)
            sub = category.astype(np.int64) * p.subclusters_per_category + rng.integers(
                0, p.subclusters_per_category, size=m
            )
            rows = (
                p.shared_weight * self.shared
                + p.category_weight * self.category_centres[category]
                + p.subcluster_weight * self.subcluster_centres[sub]
                + p.noise_weight * self._gaussian(rng, m)
            )
            yield start, start + m, _unit(rows), category


def embedding_statistics(vectors: np.ndarray, categories: np.ndarray, sample: int = 3000,
                         seed: int = 0) -> dict[str, float]:
    """Statistics the profile is calibrated on; same code for real and synthetic vectors."""
    rng = np.random.default_rng(seed)
    if len(vectors) > sample:
        pick = rng.choice(len(vectors), size=sample, replace=False)
        vectors, categories = vectors[pick], categories[pick]
    vectors = vectors.astype(np.float64)
    cos = vectors @ vectors.T
    n = len(vectors)
    off = ~np.eye(n, dtype=bool)
    same = (categories[:, None] == categories[None, :]) & off
    other = categories[:, None] != categories[None, :]
    np.fill_diagonal(cos, -np.inf)
    nn = cos.max(axis=1)
    np.fill_diagonal(cos, 0)
    centred = vectors - vectors.mean(axis=0)
    residual = centred.copy()
    for c in np.unique(categories):
        members = categories == c
        residual[members] -= residual[members].mean(axis=0)
    eig = np.sort(np.linalg.eigvalsh(np.cov(residual.T)))[::-1]
    ranks = np.arange(1, 65)
    decay = -np.polyfit(np.log(ranks), np.log(eig[:64]), 1)[0]
    participation = float(eig.sum() ** 2 / (eig**2).sum())
    return {
        "mean_cos_all": float(cos[off].mean()),
        "mean_cos_same_category": float(cos[same].mean()),
        "mean_cos_other_category": float(cos[other].mean()),
        "nn_cos_median": float(np.median(nn)),
        "nn_cos_p10": float(np.quantile(nn, 0.1)),
        "nn_same_category_share": float(
            (categories[np.argmax(np.where(off, cos, -np.inf), axis=1)] == categories).mean()
        ),
        "residual_spectrum_decay": float(decay),
        "residual_participation_ratio": participation,
    }
