"""The service-use survey's sums (dashboard, report, export) against the seeded answers."""

import csv
import io
import re
from collections import Counter

from app.extensions import db
from app.seed import seed_demo
from tests.console.test_dashboard_seeded import local_day, table
from tests.console.test_enterprise_page import supervisor

YEAR = 2026


def recount() -> tuple[Counter, Counter, int]:
    """(item, answer) -> surveys and (park, item, answer) -> surveys, from the raw rows."""
    survey_templates = {t["id"] for t in table("checklist_template") if t["kind"] == "survey"}
    versions = {v["id"] for v in table("template_version") if v["template_id"] in survey_templates}
    surveys = [
        c
        for c in table("inspection_check")
        if c["template_version_id"] in versions
        and not c["deleted"]
        and c["status"] in ("submitted", "approved")
        and local_day(c["started_at"]).year == YEAR
    ]
    totals, by_park = Counter(), Counter()
    for check in surveys:
        for code, answer in check["data"]["answers"].items():
            totals[(code, str(answer.get("value")))] += 1
            by_park[(check["park_id"], code, str(answer.get("value")))] += 1
    return totals, by_park, len(surveys)


def test_the_sums_match_the_seeded_answers(app):
    seed_demo(small=True)
    db.session.commit()
    totals, by_park, count = recount()
    assert count >= 3
    client = supervisor(app)
    page = client.get(f"/console/dashboard?period={YEAR}").get_data(as_text=True)
    section = page.split('data-testid="survey"')[1]
    cells = re.findall(
        r'<tr data-item="([^"]+)" data-answer="([^"]+)">.*?'
        r'<td class="num">([\d.]+)</td></tr>',
        section,
        re.S,
    )
    assert len(cells) >= 10
    for code, answer, shown in cells:
        assert int(shown.replace(".", "")) == totals[(code, answer)], (code, answer)
    assert any(totals[(c, a)] for c, a, _ in cells)  # something was counted
    per_park = re.findall(
        r'data-park="([^"]+)" data-item="([^"]+)" data-answer="([^"]+)">'
        r"([\d.]+)<",
        section,
    )
    assert per_park
    for park, code, answer, shown in per_park:
        assert int(shown.replace(".", "")) == by_park[(park, code, answer)]
    report = client.get(f"/console/report?year={YEAR}").get_data(as_text=True)
    assert f"{count} " in report.split('data-testid="survey"')[1]
    exported = client.get(f"/console/survey/results.csv?period={YEAR}")
    assert exported.status_code == 200
    assert exported.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[0] == ["Khu công nghiệp", "Dịch vụ", "Nội dung", "Trả lời", "Số phiếu"]
    assert sum(int(r[4]) for r in rows[1:] if r[2].startswith("A.1 ")) == sum(
        n for (code, _), n in totals.items() if code == "A.1"
    )
    xlsx = client.get(f"/console/survey/results.xlsx?period={YEAR}")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
