"""memreg knows its newest migration without loading Alembic, so commands start fast."""

from memreg.store.engine import alembic_head, head_revision


def test_the_schema_head_memreg_knows_is_alembics_head() -> None:
    assert head_revision() == alembic_head()
