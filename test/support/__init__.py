"""Shared helpers for the test suite (real local HTTP servers and friends)."""
