"""Tests of the project spec (openapi.json) and of spec_builder."""
