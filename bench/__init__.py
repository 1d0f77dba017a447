"""Benchmarks of the toolkit: run from the repository root as ``python -m bench.run`` (and the other
modules of this package); every figure goes to bench/RESULTS.md."""
