import numpy as np
import pytest

from handmade_assets.lib.quantized import approximate_scores, quantize


def test_codes_times_scales_reconstruct_each_row_within_half_a_step():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(50, 384)).astype(np.float32)
    codes, scales = quantize(vectors)
    assert codes.dtype == np.int8 and scales.shape == (50,)
    assert np.abs(codes).max() == 127  # each row's largest component uses the full range
    error = np.abs(codes * scales[:, None] - vectors)
    assert (error <= scales[:, None] / 2 + 1e-7).all()


def test_zero_rows_quantize_to_zero_without_dividing_by_zero():
    codes, scales = quantize(np.zeros((2, 8), dtype=np.float32))
    assert not codes.any() and np.isfinite(scales).all()


def test_approximate_scores_track_exact_inner_products():
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(2_000, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    query = vectors[0] * 0.5 + vectors[1] * 0.5
    query /= np.linalg.norm(query)
    codes, scales = quantize(vectors)
    approximate = approximate_scores(codes, scales, query)
    exact = vectors @ query
    assert approximate.dtype == np.float32
    assert np.abs(approximate - exact).max() < 5e-3
    assert set(np.argsort(-approximate)[:2]) == {0, 1}
    assert approximate[0] == pytest.approx(exact[0], abs=5e-3)
