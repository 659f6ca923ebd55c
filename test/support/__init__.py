"""Shared helpers for the test suite (real local HTTP servers and friends).

Every server here is started and stopped by the scaffold shared with the benchmarks,
``benchmarks._serving.ServerThread`` (see benchmarks/README.md), and entered and left by its ``StartStop``:
a test server only defines how it answers and what its ``start()`` and ``stop()`` also do.
"""
