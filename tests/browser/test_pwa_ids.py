"""The phone's ids: records and mutations get UUIDv7s, attendance keeps its UUIDv5."""

import time
import uuid


def test_phone_ids_are_time_ordered_v7_and_attendance_stays_v5(live, phone):
    phone.goto(f"{live.url}/app/")
    result = phone.evaluate("""(async () => {
      const ids = await import('/app/js/ids.js');
      const hr = await import('/app/js/hr/ids.js');
      const made = Array.from({ length: 5000 }, () => ids.newId());
      const back = [ids.uuid7(Date.now() + 5000), ids.uuid7(Date.now() - 60000)];
      return { made, back, now: Date.now(), a: await hr.attendanceId('e-1', 'no:NV001'),
               b: await hr.attendanceId('e-1', 'no:NV001') };
    })()""")
    made = [uuid.UUID(text) for text in result["made"]]
    assert result["made"] == sorted(result["made"]) and len(set(result["made"])) == 5000
    assert {u.version for u in made} == {7} and {u.variant for u in made} == {uuid.RFC_4122}
    assert abs((made[-1].int >> 80) - result["now"]) < 60_000
    assert abs(result["now"] - time.time() * 1000) < 600_000  # the phone's clock is the test's
    assert result["back"][1] > result["back"][0]  # a clock stepping back still sorts after
    attendance = uuid.UUID(result["a"])
    assert attendance.version == 5 and result["a"] == result["b"]
