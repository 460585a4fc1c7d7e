"""all-MiniLM-L6-v2's forward pass in numpy, for processes that embed a few texts and exit.

A run that retrieves context for one upload embeds one query. With sentence-transformers that
costs ~4.8 s before the first vector (importing torch, transformers, sentence-transformers and
the scikit-learn they pull in; then loading the model), against ~0.2 s here: the weights are
read from the same safetensors file with `safetensors.numpy`, the text is tokenized by the same
`tokenizers` tokenizer.json, and the six BERT layers are a dozen matrix products. The vectors
are sentence-transformers' own to float32 rounding (`test_numpy_gives_torch_s_vectors` in
handmade_assets_tests/services/test_embedder.py), so an index built with either is searched with
either.

Only the BERT architecture with mean pooling and L2 normalisation is implemented: the bundled
model's. Other sentence-transformers models go through `LocalSentenceEmbedder(runtime="torch")`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

# sentence_bert_config.json's max_seq_length for all-MiniLM-L6-v2 (tokenizer.json says 128,
# which sentence-transformers overrides).
MAX_TOKENS = 256


def _erf(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return erf(x)


class MiniLM:
    """`embed(texts)` → L2-normalised float32 rows, as SentenceTransformer.encode gives them."""

    def __init__(self, model_dir: str | Path, max_tokens: int = MAX_TOKENS):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        config = json.loads((model_dir / "config.json").read_text())
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
            raise ValueError(f"{model_dir} is not a BERT model with exact GELU; "
                             "use the torch runtime for it")
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.dimension = int(config["hidden_size"])
        weights = load_file(str(model_dir / "model.safetensors"))
        # Some exports prefix every name with the architecture ("bert.embeddings...").
        weights = {name.removeprefix("bert."): value for name, value in weights.items()}
        self.word = weights["embeddings.word_embeddings.weight"]
        self.position = weights["embeddings.position_embeddings.weight"]
        self.token_type = weights["embeddings.token_type_embeddings.weight"]
        self.embedding_norm = (weights["embeddings.LayerNorm.weight"],
                               weights["embeddings.LayerNorm.bias"])
        self.layers = [self._layer(weights, f"encoder.layer.{i}.")
                       for i in range(int(config["num_hidden_layers"]))]
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(min(max_tokens, int(config["max_position_embeddings"])))
        self.tokenizer.enable_padding(pad_id=int(config.get("pad_token_id", 0)))

    @staticmethod
    def _layer(weights: dict[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
        def dense(name: str) -> tuple[np.ndarray, np.ndarray]:
            # Stored (out, in) as torch's Linear keeps them; transposed once, contiguous.
            return (np.ascontiguousarray(weights[prefix + name + ".weight"].T),
                    weights[prefix + name + ".bias"])

        query, key, value = (dense(f"attention.self.{n}") for n in ("query", "key", "value"))
        return {
            # One product for query, key and value instead of three.
            "qkv": (np.concatenate([query[0], key[0], value[0]], axis=1),
                    np.concatenate([query[1], key[1], value[1]])),
            "attention_out": dense("attention.output.dense"),
            "attention_norm": (weights[prefix + "attention.output.LayerNorm.weight"],
                               weights[prefix + "attention.output.LayerNorm.bias"]),
            "intermediate": dense("intermediate.dense"),
            "out": dense("output.dense"),
            "out_norm": (weights[prefix + "output.LayerNorm.weight"],
                         weights[prefix + "output.LayerNorm.bias"]),
        }

    def _norm(self, x: np.ndarray, weight_bias: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * weight_bias[0] + weight_bias[1]

    def _encode_batch(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, length = ids.shape
        width = self.dimension // self.heads
        # Rows are (text, token) pairs: dense layers are then one 2-D BLAS product each.
        x = (self.word[ids] + self.position[:length] + self.token_type[0]).reshape(-1, self.dimension)
        x = self._norm(x, self.embedding_norm)
        # Padded keys get the most negative float, as transformers does, so softmax ignores them.
        key_bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min
                            ).astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(width))
        for layer in self.layers:
            qkv = x @ layer["qkv"][0] + layer["qkv"][1]
            q, k, v = (part.reshape(batch, length, self.heads, width).transpose(0, 2, 1, 3)
                       for part in np.split(qkv, 3, axis=-1))
            scores = (q * scale) @ k.transpose(0, 1, 3, 2) + key_bias
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(-1, self.dimension)
            attended = context @ layer["attention_out"][0] + layer["attention_out"][1]
            x = self._norm(attended + x, layer["attention_norm"])
            hidden = x @ layer["intermediate"][0] + layer["intermediate"][1]
            hidden *= np.float32(0.5) * (np.float32(1.0) + _erf(hidden * np.float32(1 / np.sqrt(2.0))))
            x = self._norm(hidden @ layer["out"][0] + layer["out"][1] + x, layer["out_norm"])
        x = x.reshape(batch, length, self.dimension)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (x * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def embed(self, texts: Sequence[str], batch_size: int = 8, threads: int = 1) -> np.ndarray:
        """`threads`: BLAS threads for this call. One by default: on 2 cores shared with other
        work, 9 texts took 0.75 s on one thread and 1.1-6.2 s on two (OpenBLAS's threads spin
        waiting for each other), and a few texts gain little from a second thread anyway."""
        from threadpoolctl import threadpool_limits

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        # Longest first, as sentence-transformers batches, so a batch pads to similar lengths.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        with threadpool_limits(limits=threads, user_api="blas"):
            for start in range(0, len(order), batch_size):
                chunk = order[start:start + batch_size]
                encodings = self.tokenizer.encode_batch([texts[i] for i in chunk])
                ids = np.array([e.ids for e in encodings], dtype=np.int64)
                mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
                out[chunk] = self._encode_batch(ids, mask)
        return out
