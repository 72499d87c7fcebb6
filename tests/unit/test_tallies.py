"""The running totals: what a memorial adds, row by row or column by column, is the same."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from memreg.domain.tallies import memorials_tally, new_memorials_tally

MEMORIAL = st.fixed_dictionaries({
    "id": st.text(min_size=1, max_size=5),
    "country": st.sampled_from(["BY", "RU", None]),
    "region": st.sampled_from(["BY-HM", None]),
    "kind": st.sampled_from(["obelisk", "mass_grave"]),
    "status": st.sampled_from(["standing", "lost"]),
    "protection_level": st.sampled_from([None, "national", "local"]),
    "erected": st.sampled_from([None, "1957", "1957-05-09", "~1965", "1950/1960", "19"]),
    "buried_total": st.sampled_from([None, 0, 12]),
    "buried_known": st.sampled_from([None, 3]),
    "buried_unknown": st.sampled_from([None, 9]),
})  # fmt: skip


@given(st.lists(MEMORIAL, max_size=20))
@settings(max_examples=300, deadline=None)
def test_counting_by_column_equals_counting_by_row(rows: list[dict]) -> None:
    if not rows:
        return
    columns = {field: [row[field] for row in rows] for field in rows[0]}
    assert new_memorials_tally(columns) == memorials_tally(rows)
