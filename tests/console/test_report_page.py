"""The annual summary report: the year's figures, exemplary models, printable."""

from tests.console.report_data import build


def test_annual_report_lists_models_and_figures(app, make, console):
    data = build(make)
    make.user("boss", role="admin")
    make.commit()
    html = console("boss").get("/console/report?year=2026").get_data(as_text=True)
    # Điện lực answered "yes" to the model item; Samsung and Canon too, but had findings.
    models = html.split("<h2>V. ")[1]
    assert "Công ty Điện lực" in models and "Samsung" not in models and "Canon" not in models
    assert "data-print" in html and "console.js" in html
    assert data["park_a"].name in html


def test_summary_domain_counts(app, make):
    from app.reports.summary import annual_summary

    data = build(make)
    admin = make.user("boss", role="admin")
    summary = annual_summary(admin, 2026)
    assert [m["name"] for m in summary["models"]] == ["Công ty Điện lực"]
    assert summary["closed_findings"] == 1
    assert summary["profile"]["total"]["enterprises"] == 4
    sup = make.user("sup", role="supervisor", parks=[data["park_b"]])
    assert annual_summary(sup, 2026)["models"] == []
