"""Small helpers shared by the API tests."""

from sqlalchemy import func, select

from app.extensions import db


def count(model, *where) -> int:
    """Count the rows of a model (optionally filtered)."""
    query = select(func.count()).select_from(model)
    for clause in where:
        query = query.where(clause)
    return db.session.execute(query).scalar()


def setup_inspector(make, username="insp"):
    """One park, one enterprise, one template, one inspector of that park."""
    park = make.park()
    ent = make.enterprise(park)
    tv = make.template()
    user = make.user(username, parks=[park])
    make.commit()
    return park, ent, tv, user


def results(response) -> list[dict]:
    """Return a push response's results, failing loudly on a non-200."""
    assert response.status_code == 200, response.json
    return response.json["results"]
