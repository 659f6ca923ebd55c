"""Placeholder until the generator writes the export table."""
