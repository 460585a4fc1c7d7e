"""The demo and everything synthetic: sample uploads, a historical corpus, reviews, vectors and
simulated shoppers, and the run that puts the platform through its paces on them.

The product (`handmade_assets`) never imports this package (an import-linter contract in
pyproject.toml says so); the demo, the tests and the benchmarks do.
"""
