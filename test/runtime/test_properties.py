"""Properties of the wire encoding, over generated inputs (no server needed)."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote

from hypothesis import example, given
from hypothesis import strategies as st

from mixpeek._runtime.serialize import add_query, path_segment, query_string


@example(".")
@example("..")
@example("../admin")
@given(st.text())
def test_a_path_segment_stays_one_segment_and_round_trips(identifier: str) -> None:
    encoded = path_segment(identifier)
    assert "/" not in encoded and "?" not in encoded and "#" not in encoded
    assert encoded not in (".", "..")
    assert unquote(encoded) == identifier


@given(
    st.dictionaries(st.text(min_size=1), st.lists(st.text(min_size=1), min_size=1, max_size=3), max_size=4)
)
def test_query_strings_round_trip(params: dict[str, list[str]]) -> None:
    pairs: list[tuple[str, str]] = []
    for key, values in params.items():
        add_query(pairs, key, values)
    assert parse_qs(query_string(pairs), keep_blank_values=True) == params
