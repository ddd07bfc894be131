"""Exit 0 when the PostgreSQL at the given URL answers within a second, else 1 (make test)."""

import sys

import sqlalchemy as sa


def answers(url: str) -> bool:
    """Tell whether a PostgreSQL server accepts a connection at url."""
    engine = sa.create_engine(url, connect_args={"connect_timeout": 1})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.SQLAlchemyError:
        return False
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(0 if answers(sys.argv[1]) else 1)
