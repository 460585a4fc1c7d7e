"""Local MiniLM embedding throughput on this machine's cores, by batch size.

    .venv/bin/python benchmarks/embeddings.py           # 512 texts per batch size, 3 passes
    .venv/bin/python benchmarks/embeddings.py --quick   # 128 texts, 2 passes

Texts are the synthetic historical corpus's title + description (what the index embeds; median
~760 characters, about 170 MiniLM tokens, calibrated on the real Etsy export). Prints texts/s per
batch size (median of passes), the best batch size, and the projected time to embed the 60,000
live listings and the 1,000,000 historical descriptions.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--texts", type=int, default=None)
    parser.add_argument("--passes", type=int, default=None)
    parser.add_argument("--batch-sizes", default="1,8,16,32,64,128")
    parser.add_argument("--threads", default="",
                        help="comma-separated torch thread counts to compare (default: torch's)")
    args = parser.parse_args()
    n_texts = args.texts or (128 if args.quick else 512)
    passes = args.passes or (2 if args.quick else 3)

    import torch

    from handmade_assets.index.corpus import generate_historical_descriptions
    from handmade_assets.index.records import description_records
    from handmade_assets.services.embedder import LocalSentenceEmbedder

    print(f"machine: {machine()}")
    texts = description_records(generate_historical_descriptions(n_texts, seed=21))["text"].tolist()
    started = time.perf_counter()
    embedder = LocalSentenceEmbedder()
    model = embedder._model()
    load_s = time.perf_counter() - started
    tokens = [len(ids) for ids in model.tokenizer(texts)["input_ids"]]
    print(f"model load {load_s:.1f} s; torch threads {torch.get_num_threads()}; "
          f"{n_texts} texts, median {int(np.median([len(t) for t in texts]))} chars, "
          f"median {int(np.median(tokens))} tokens (max_seq_length {model.max_seq_length}, "
          f"{np.mean(np.array(tokens) > model.max_seq_length):.0%} truncated)")
    model.encode(texts[:16], batch_size=16)  # warm-up

    rates = {}
    thread_counts = [int(t) for t in args.threads.split(",") if t] or [torch.get_num_threads()]
    for threads in thread_counts:
        torch.set_num_threads(threads)
        print(f"torch threads {threads}:")
        rates.update(measure(model, texts, args.batch_sizes, passes, n_texts, threads))
    best = max(rates, key=rates.get)
    print(f"\nbest: batch size {best[0]} on {best[1]} torch threads at {rates[best]:.1f} texts/s "
          f"(configured default LocalSentenceEmbedder.batch_size = {embedder.batch_size})")
    print(f"projected: 60,000 live listings in {60_000 / rates[best] / 60:.1f} min; "
          f"1,000,000 historical descriptions in {1_000_000 / rates[best] / 3600:.1f} h")
    print(f"machine after: {machine()}")


def measure(model, texts, batch_sizes, passes, n_texts, threads) -> dict:
    rates = {}
    for batch_size in [int(b) for b in batch_sizes.split(",")]:
        subset = texts if batch_size > 1 else texts[: max(16, n_texts // 8)]
        runs = []
        for _ in range(passes):
            started = time.perf_counter()
            model.encode(subset, batch_size=batch_size, normalize_embeddings=True,
                         convert_to_numpy=True, show_progress_bar=False)
            runs.append(len(subset) / (time.perf_counter() - started))
        rates[(batch_size, threads)] = float(np.median(runs))
        print(f"  batch {batch_size:>4}: {rates[(batch_size, threads)]:7.1f} texts/s "
              f"(passes: {', '.join(f'{r:.1f}' for r in runs)})", flush=True)
    return rates


if __name__ == "__main__":
    main()
