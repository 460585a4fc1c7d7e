"""Local MiniLM embedding throughput on this machine's cores, by backend, threads and batch size.

    .venv/bin/python benchmarks/embeddings.py           # 256 texts, 2 passes, every combination
    .venv/bin/python benchmarks/embeddings.py --quick   # 64 texts, fewer combinations
    .venv/bin/python benchmarks/embeddings.py --backends torch --threads 2 --batch-sizes 8

`torch` is what the assets run (`LocalSentenceEmbedder(threads=, batch_size=).embed`). `onnx` and
`onnx-int8` are the alternatives this script weighs against it (they need the `bench` extra): the
bundled MiniLM exported here with torch.onnx (eager attention, fused by ONNX Runtime's transformer
optimizer), and that export dynamically quantized to int8 weights (per channel, ONNX Runtime's
recipe and optimum's avx512_vnni preset); sentence-transformers' own tokenizer and mean pooling
around it. (sentence-transformers' `backend="onnx"` needs optimum-onnx, whose only release
requires transformers < 4.58 while sentence-transformers 6 requires transformers 5.)

Texts are the synthetic historical corpus's title + description (what the index embeds; median
~790 characters, ~190 MiniLM tokens, calibrated on the real Etsy export). Passes go round-robin over
the combinations; texts/s is the median of passes. Quality compares each ONNX backend with torch:
the cosine between a text's two vectors (mean, 1st percentile, min) and the share of torch's 10
nearest neighbours (inner product, the text itself left out) that the backend also finds. Prints
the projected time to embed the 60,000 live listings and the 1,000,000 historical descriptions at
the fastest setting whose backend passes the bars and at the configured default.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine  # noqa: E402

# A backend is only worth switching to if it is this much faster than torch's best and keeps the
# vectors: every text's cosine to torch's vector at least this, and this share of torch's 10
# nearest neighbours found again.
MIN_SPEEDUP = 1.5
MIN_COSINE = 0.98
MIN_NEIGHBOUR_RECALL = 0.95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--texts", type=int, default=None, help="texts per throughput pass")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--backends", default="torch,onnx,onnx-int8")
    parser.add_argument("--threads", default="1,2", help="intra-op thread counts to compare")
    parser.add_argument("--batch-sizes", default=None)
    parser.add_argument("--cosine-texts", type=int, default=None)
    parser.add_argument("--neighbour-texts", type=int, default=None)
    parser.add_argument("--json", default=None, help="also write the figures here")
    args = parser.parse_args()
    n_texts = args.texts or (64 if args.quick else 256)
    batch_sizes = [int(b) for b in (args.batch_sizes or ("1,8" if args.quick else "1,8,16,32,64"))
                   .split(",")]
    backends = args.backends.split(",")
    thread_counts = [int(t) for t in args.threads.split(",")]
    n_cosine = args.cosine_texts or (100 if args.quick else 500)
    n_neighbours = args.neighbour_texts or (300 if args.quick else 2000)

    import torch

    from handmade_assets_demo.corpus import generate_historical_descriptions
    from handmade_assets.index.records import description_records
    from handmade_assets.services.embedder import LocalSentenceEmbedder

    print(f"machine: {machine()}")
    corpus = description_records(generate_historical_descriptions(
        max(n_texts, n_cosine, n_neighbours), seed=21))["text"].tolist()
    texts = corpus[:n_texts]
    default = LocalSentenceEmbedder()
    torch_default_threads = torch.get_num_threads()

    started = time.perf_counter()
    model = default._model()
    print(f"torch model load {time.perf_counter() - started:.1f} s; "
          f"torch's default threads {torch_default_threads}")
    tokens = [len(ids) for ids in model.tokenizer(texts, verbose=False)["input_ids"]]
    print(f"{n_texts} texts, median {int(np.median([len(t) for t in texts]))} chars, "
          f"median {int(np.median(tokens))} tokens (max_seq_length {model.max_seq_length}, "
          f"{np.mean(np.array(tokens) > model.max_seq_length):.0%} truncated)")

    with tempfile.TemporaryDirectory(prefix="embeddings-onnx-") as workdir:
        files = {}
        if any(b != "torch" for b in backends):
            started = time.perf_counter()
            files = export_onnx(model, Path(workdir), quantize="onnx-int8" in backends)
            print(f"ONNX export{' and int8 quantization' if 'onnx-int8' in backends else ''} "
                  f"{time.perf_counter() - started:.1f} s")

        def embedder(backend: str, threads: int | None, batch_size: int):
            if backend == "torch":
                return LocalSentenceEmbedder(threads=threads, batch_size=batch_size)
            return OnnxEmbedder(model, files[backend], threads, batch_size)

        # Round-robin, so a neighbour's burst of load on this shared machine lands on several
        # combinations' passes rather than on all of one combination's.
        combos = [(b, t, s) for b in backends for t in thread_counts for s in batch_sizes]
        for backend, threads in dict.fromkeys((b, t) for b, t, _ in combos):
            embedder(backend, threads, 16).embed(texts[:16])  # warm-up: sessions, allocator
        runs: dict[tuple[str, int, int], list[float]] = {combo: [] for combo in combos}
        for number in range(args.passes):
            print(f"pass {number + 1}: {machine()}", flush=True)
            for backend, threads, batch_size in combos:
                run = embedder(backend, threads, batch_size)
                run.embed(texts[:1])  # torch: applies this combination's thread count
                started = time.perf_counter()
                run.embed(texts)
                runs[(backend, threads, batch_size)].append(
                    len(texts) / (time.perf_counter() - started))
        rates = {combo: statistics.median(values) for combo, values in runs.items()}
        for combo, values in runs.items():
            print(f"  {combo[0]:>9}, {combo[1]} threads, batch {combo[2]:>3}: "
                  f"{rates[combo]:6.1f} texts/s (passes: {', '.join(f'{r:.1f}' for r in values)})")

        quality = {}
        if "torch" in backends and len(backends) > 1:
            print(f"\nquality against torch: cosine over {n_cosine} texts, "
                  f"10-NN recall over {n_neighbours} texts", flush=True)
            reference = embedder("torch", None, 8).embed(corpus[:n_neighbours])
            for backend in [b for b in backends if b != "torch"]:
                vectors = embedder(backend, max(thread_counts), 8).embed(corpus[:n_neighbours])
                quality[backend] = compare(reference, vectors, n_cosine)
                print(f"  {backend}: {json.dumps(quality[backend])}")
    torch.set_num_threads(torch_default_threads)

    print("\ntexts/s (median of passes):")
    print("| backend | threads | " + " | ".join(f"batch {b}" for b in batch_sizes) + " |")
    print("|" + "---|" * (2 + len(batch_sizes)))
    for backend in backends:
        for threads in thread_counts:
            print(f"| {backend} | {threads} | "
                  + " | ".join(f"{rates[(backend, threads, b)]:.1f}" for b in batch_sizes) + " |")

    best_torch = max((v for k, v in rates.items() if k[0] == "torch"), default=None)
    for backend in [b for b in backends if b != "torch"]:
        fastest = max(v for k, v in rates.items() if k[0] == backend)
        verdict = passes_bars(quality.get(backend), fastest, best_torch)
        print(f"{backend}: best {fastest:.1f} texts/s"
              + (f", {fastest / best_torch:.2f}x torch's best" if best_torch else "")
              + f"; {'passes' if verdict else 'fails'} the bars (>= {MIN_SPEEDUP}x, min cosine >= "
              f"{MIN_COSINE}, 10-NN recall >= {MIN_NEIGHBOUR_RECALL})")
    passing = [k for k in rates
               if k[0] == "torch" or passes_bars(quality.get(k[0]), rates[k], best_torch)]
    best = max(passing, key=rates.get)
    print(f"\nfastest passing: {best[0]}, {best[1]} threads, batch {best[2]} at "
          f"{rates[best]:.1f} texts/s")
    configured = ("torch", default.threads or torch_default_threads, default.batch_size)
    print(f"configured default: LocalSentenceEmbedder(batch_size={default.batch_size}, "
          f"threads={default.threads}) = torch on {configured[1]} threads")
    for label, combo in (("fastest passing", best), ("configured default", configured)):
        if combo in rates:
            print(f"projected at the {label}'s {rates[combo]:.1f} texts/s: 60,000 live listings in "
                  f"{60_000 / rates[combo] / 60:.1f} min; 1,000,000 historical descriptions in "
                  f"{1_000_000 / rates[combo] / 3600:.1f} h")
    print(f"machine after: {machine()}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "rates": [{"backend": b, "threads": t, "batch_size": s, "texts_per_s": round(r, 2)}
                      for (b, t, s), r in rates.items()],
            "quality": quality, "best": list(best), "tokens_median": int(np.median(tokens)),
        }, indent=1))


def export_onnx(model, workdir: Path, quantize: bool) -> dict[str, str]:
    """The sentence-transformers model's transformer as ONNX (token embeddings out, batch and
    sequence length dynamic), fused by ONNX Runtime's BERT optimizer; and int8 if `quantize`."""
    import copy

    import torch
    from onnxruntime.transformers.optimizer import optimize_model

    # A copy with eager attention: it exports as the MatMul/Softmax pattern the optimizer fuses
    # (the SDPA export is not fused, and ran slower).
    transformer = copy.deepcopy(model[0].auto_model).eval()
    transformer.set_attn_implementation("eager")
    sample = model.preprocess(["A short text.", "A second and somewhat longer text to embed."])
    names = [name for name in ("input_ids", "attention_mask", "token_type_ids") if name in sample]

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self, transformer):
            super().__init__()
            self.transformer = transformer

        def forward(self, *inputs):
            return self.transformer(**dict(zip(names, inputs))).last_hidden_state

    fp32 = workdir / "model.onnx"
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's warnings about data-dependent branches
        torch.onnx.export(
            TokenEmbeddings(transformer), tuple(sample[name] for name in names), str(fp32),
            input_names=names, output_names=["token_embeddings"],
            dynamic_axes={name: {0: "batch", 1: "sequence"} for name in [*names, "token_embeddings"]},
            opset_version=17, dynamo=False)
    config = transformer.config
    optimize_model(str(fp32), model_type="bert", num_heads=config.num_attention_heads,
                   hidden_size=config.hidden_size).save_model_to_file(str(fp32))
    files = {"onnx": str(fp32)}
    if quantize:
        from onnx import TensorProto
        from onnxruntime.quantization import QuantType, quantize_dynamic

        int8 = workdir / "model_int8.onnx"
        # Shape inference cannot type the fused operators' outputs, hence the default type.
        quantize_dynamic(fp32, int8, weight_type=QuantType.QInt8, per_channel=True,
                         reduce_range=False, extra_options={"DefaultTensorType": TensorProto.FLOAT})
        files["onnx-int8"] = str(int8)
    return files


@lru_cache(maxsize=8)
def onnx_session(path: str, threads: int | None):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or 0  # per session; 0: one per core
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


class OnnxEmbedder:
    """sentence-transformers' encode with the transformer run by ONNX Runtime: longest texts
    first (less padding), the model's own tokenizer and pooling modules, unit-norm rows."""

    def __init__(self, model, path: str, threads: int | None, batch_size: int):
        self.model, self.batch_size = model, batch_size
        self.session = onnx_session(path, threads)

    def embed(self, texts: list[str]) -> np.ndarray:
        import torch

        names = [node.name for node in self.session.get_inputs()]
        order = np.argsort([-len(text) for text in texts], kind="stable")
        # sentence-transformers 6 renamed get_sentence_embedding_dimension.
        width = getattr(self.model, "get_embedding_dimension", None)
        width = width() if width else self.model.get_sentence_embedding_dimension()
        rows = np.empty((len(texts), width), np.float32)
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                chunk = order[start:start + self.batch_size]
                features = self.model.preprocess([texts[i] for i in chunk])
                hidden = self.session.run(None, {n: features[n].numpy() for n in names})[0]
                features["token_embeddings"] = torch.from_numpy(hidden)
                for module in list(self.model)[1:]:
                    features = module(features)
                rows[chunk] = features["sentence_embedding"].numpy()
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def compare(reference: np.ndarray, vectors: np.ndarray, n_cosine: int, k: int = 10) -> dict:
    """Cosine between the two embeddings of each text (rows are unit-norm), and the share of the
    reference's k nearest neighbours that the other vectors find too."""
    cosine = np.sum(reference[:n_cosine] * vectors[:n_cosine], axis=1)
    return {"cosine_mean": round(float(cosine.mean()), 5),
            "cosine_p01": round(float(np.quantile(cosine, 0.01)), 5),
            "cosine_min": round(float(cosine.min()), 5),
            "recall_at_10": round(neighbour_recall(reference, vectors, k), 4)}


def neighbour_recall(reference: np.ndarray, vectors: np.ndarray, k: int = 10) -> float:
    def top_k(rows: np.ndarray) -> np.ndarray:
        scores = rows @ rows.T
        np.fill_diagonal(scores, -np.inf)
        return np.argpartition(-scores, k, axis=1)[:, :k]

    truth, found = top_k(reference), top_k(vectors)
    return float(np.mean([len(set(a) & set(b)) / k for a, b in zip(truth, found)]))


def passes_bars(quality: dict | None, rate: float, best_torch: float | None) -> bool:
    return bool(quality) and best_torch is not None and (
        rate >= MIN_SPEEDUP * best_torch and quality["cosine_min"] >= MIN_COSINE
        and quality["recall_at_10"] >= MIN_NEIGHBOUR_RECALL)


if __name__ == "__main__":
    main()
