"""The traffic of one province (festival morning, inspection day) and the statistics of a run.

Every rate is derived here from the domain, so the figures can be argued with:

- 1,200 enterprises, one HR phone each; a year holds about 500,000 attendance rows, so an
  enterprise logs about WORKFORCE = 400 people at the festival, in pushes of BATCH = 50 (the
  outbox's batch): 8 pushes per enterprise over a MORNING of 2 hours. Arrivals bunch at the
  start of the morning: the PEAK rate is taken as twice the morning's mean, so one push per
  enterprise every 450 s, 2.67 pushes/s (133 rows/s) for the province. The field app pulls
  right after every push (sync = push, then pull).
- A phone in use is opened (and syncs) every POLL = 120 s: 1,240 phones, 10.3 polls/s on the
  festival morning. On an inspection day HR phones are opened twice an hour (IDLE_POLL).
- 40 inspectors, CHECKS_PER_DAY = 4 checks each with one photo of PHOTO_BYTES (1600 px,
  JPEG 0.8, as the field app resizes), each followed by a pull. 160 checks in an 8-hour day
  is 0.0056 checks/s: too few to measure, so the run COMPRESSES the day: all 160 checks are
  sent within the run (60 s: 480× the day's mean rate). Said so in every printout.
- 5 supervisors each open a console page every CONSOLE = 10 s.
"""

import random
import statistics
from dataclasses import dataclass

ENTERPRISES = 1200
INSPECTORS = 40
SUPERVISORS = 5
PARKS = 12
WORKFORCE = 400
BATCH = 50
MORNING = 2 * 3600
PEAK = 2.0
POLL = 120
IDLE_POLL = 1800
CHECKS_PER_DAY = 4
DAY = 8 * 3600
PHOTO_BYTES = 200_000
CONSOLE = 10

PUSH_KINDS = ("push_attendance", "push_check")
PULL_KINDS = ("poll", "pull_after_push")
TARGET_MS = {"push": 300, "pull": 300, "console_page": 200}


@dataclass(frozen=True)
class Stream:
    """One kind of job sent by `count` actors of a role, each every `period` seconds."""

    job: str  # attendance | check | poll | console
    role: str  # hr | insp | sup
    count: int
    period: float


def attendance_period() -> float:
    """Seconds between two attendance pushes of one enterprise at the morning's peak."""
    return MORNING / (WORKFORCE / BATCH) / PEAK


def festival(size: dict) -> list[Stream]:
    """Festival morning at its peak: attendance pushes, phones polling, supervisors."""
    return [
        Stream("attendance", "hr", size["hr"], attendance_period()),
        Stream("poll", "hr", size["hr"], POLL),
        Stream("poll", "insp", size["insp"], POLL),
        Stream("console", "sup", size["sup"], CONSOLE),
    ]


def inspection(size: dict, duration: float) -> list[Stream]:
    """Inspection day with the day's checks compressed into `duration` seconds."""
    return [
        Stream("check", "insp", size["insp"], duration / CHECKS_PER_DAY),
        Stream("poll", "insp", size["insp"], POLL),
        Stream("poll", "hr", size["hr"], IDLE_POLL),
        Stream("console", "sup", size["sup"], CONSOLE),
    ]


def busiest(size: dict, duration: float) -> list[Stream]:
    """Festival morning and the compressed inspection checks at once (the step search's mix)."""
    return festival(size) + inspection(size, duration)[:1]


def schedule(
    streams: list[Stream], duration: float, factor: float, rng: random.Random
) -> list[tuple[float, str, str, int]]:
    """Arrival times computed in advance: each actor sends every period/factor, own phase."""
    arrivals = []
    for stream in streams:
        period = stream.period / factor
        for actor in range(stream.count):
            t = rng.uniform(0, period)
            while t < duration:
                arrivals.append((t, stream.job, stream.role, actor))
                t += period
    arrivals.sort()
    return arrivals


def offered(streams: list[Stream], factor: float = 1.0) -> dict[str, float]:
    """Offered requests/s and mutations/s of a mix (a check is 3 requests, a push 2)."""
    requests_per_job = {"attendance": 2, "check": 3, "poll": 1, "console": 1}
    mutations_per_job = {"attendance": BATCH, "check": 1, "poll": 0, "console": 0}
    rate = {s: 0.0 for s in ("requests", "mutations")}
    for stream in streams:
        jobs = stream.count / stream.period * factor
        rate["requests"] += jobs * requests_per_job[stream.job]
        rate["mutations"] += jobs * mutations_per_job[stream.job]
    return rate


def pct(values: list[float], q: int) -> float:
    """The q-th percentile (inclusive method); the value itself for one sample."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def group(kind: str) -> str:
    """The target a request kind is held to."""
    if kind in PUSH_KINDS:
        return "push"
    return "pull" if kind in PULL_KINDS else kind


def table(times: dict[str, list[float]], window: float) -> list[str]:
    """Markdown rows per request kind: count, achieved rate, p50/p95/p99, max (ms)."""
    lines = [
        "| request | count | achieved req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    every = []
    for kind in sorted(times):
        every.extend(times[kind])
        lines.append(_row(kind, sorted(times[kind]), window))
    if every:
        lines.append(_row("**all**", sorted(every), window))
    return lines


def _row(kind: str, values: list[float], window: float) -> str:
    ms = [pct(values, q) * 1000 for q in (50, 95, 99)]
    return (
        f"| {kind} | {len(values)} | {len(values) / window:.2f} | {ms[0]:.0f} | "
        f"{ms[1]:.0f} | {ms[2]:.0f} | {values[-1] * 1000:.0f} |"
    )


def verdicts(times: dict[str, list[float]]) -> list[str]:
    """The targets at the modelled rate: p95 per group, met or MISSED."""
    groups: dict[str, list[float]] = {}
    for kind, values in times.items():
        groups.setdefault(group(kind), []).extend(values)
    lines = []
    for name, limit in TARGET_MS.items():
        values = groups.get(name)
        if not values:
            continue
        p95 = pct(sorted(values), 95) * 1000
        state = "met" if p95 < limit else "**MISSED**"
        lines.append(f"- {name}: p95 {p95:.0f} ms (target < {limit} ms): {state}")
    return lines
