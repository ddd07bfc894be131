"""The phone's ids: records and mutations get UUIDv7s, attendance ids made from (event, person)."""

import time
import uuid

from app.core.ids import attendance_id


def test_phone_ids_are_time_ordered_v7_and_attendance_ids_match_the_servers(live, phone):
    phone.goto(f"{live.url}/app/")
    result = phone.evaluate("""(async () => {
      const ids = await import('/app/js/ids.js');
      const hr = await import('/app/js/hr/ids.js');
      const made = Array.from({ length: 5000 }, () => ids.newId());
      const back = [ids.uuid7(Date.now() + 5000), ids.uuid7(Date.now() - 60000)];
      return { made, back, now: Date.now(), a: await hr.attendanceId(made[0], 'no:NV001'),
               b: await hr.attendanceId(made[0], 'no:NV001'),
               c: await hr.attendanceId('e-1', 'name:do thi lan') };
    })()""")
    made = [uuid.UUID(text) for text in result["made"]]
    assert result["made"] == sorted(result["made"]) and len(set(result["made"])) == 5000
    assert {u.version for u in made} == {7} and {u.variant for u in made} == {uuid.RFC_4122}
    assert abs((made[-1].int >> 80) - result["now"]) < 60_000
    assert abs(result["now"] - time.time() * 1000) < 600_000  # the phone's clock is the test's
    assert result["back"][1] > result["back"][0]  # a clock stepping back still sorts after
    assert result["a"] == result["b"] == attendance_id(result["made"][0], "no:NV001")
    assert result["c"] == attendance_id("e-1", "name:do thi lan")
