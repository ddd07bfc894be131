"""Time-ordered record ids: UUID version 7 (RFC 9562), minted on the server.

The first 48 bits are the Unix time in milliseconds, so the ids written in one batch sit side
by side in every index on them instead of spreading over the whole tree (a random v4 id puts
each row of a batch on another page). The next 12 bits count the ids made within one
millisecond (RFC 9562 section 6.2, method 1), starting from a random value, so the ids of
one process also sort in the order they were made; the last 62 bits are random. Ids made
before (v4, and the v5 ids of attendance) stay valid: nothing reads the time back from an id.
"""

import os
import threading
import time
import uuid


class Minter:
    """Makes UUIDv7s that sort in the order they were made, even if the clock steps back."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ms = 0  # the millisecond of the last id
        self._counter = 0  # and its 12-bit counter

    def _tick(self, now_ms: int) -> tuple[int, int]:
        """Return (milliseconds, counter) for the next id, never below the last one."""
        with self._lock:
            if now_ms > self._ms:
                self._ms, self._counter = now_ms, int.from_bytes(os.urandom(2), "big") & 0x7FF
            elif self._counter < 0xFFF:
                self._counter += 1
            else:  # 4,096 ids in one millisecond, or the clock went back: borrow the next one
                self._ms, self._counter = self._ms + 1, 0
            return self._ms, self._counter

    def uuid7(self, now_ms: int | None = None) -> uuid.UUID:
        """Return a new UUID version 7, ordered after every id this minter made before."""
        ms, counter = self._tick(time.time_ns() // 1_000_000 if now_ms is None else now_ms)
        rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand_b
        return uuid.UUID(int=value)


_MINTER = Minter()


def uuid7() -> uuid.UUID:
    """Return a new UUID version 7 from the process's minter."""
    return _MINTER.uuid7()


def new_id() -> str:
    """Return a new record id (UUIDv7) as a lower-case string."""
    return str(_MINTER.uuid7())


# Festival-day attendance ids are made on HR phones, so two phones recording one person must
# make the same id: a hash of (event, person), never a clock. Made as UUIDv5 (pure SHA-1) they
# spread each batch over the whole attendance index and the revisions' and mutations' indexes
# on the record id; made as below, every row of an event sits beside the others.
ATTENDANCE_NAMESPACE = uuid.UUID("3d8f5c2e-9b1a-4c7e-8f60-5a2b1c9d7e43")  # pwa/js/hr/ids.js


def attendance_id(event_id: str, person_key: str) -> str:
    """The id a phone gives the attendance of a person at an event (pwa/js/hr/ids.js).

    A UUIDv8 (RFC 9562 section 5.8): the first 64 bits are the event id's own (a v7 event
    id's time and counter, so a year's events follow each other in the index), the version
    digit set to 8; the last 64 those of UUIDv5(ATTENDANCE_NAMESPACE, f"{event_id}|{person_key}")
    (62 bits of hash: one event's people never meet). An event id that is not a UUID gives the
    hash's own first bits. Ids made before (v5) stay valid.
    """
    hashed = uuid.uuid5(ATTENDANCE_NAMESPACE, f"{event_id}|{person_key}").bytes
    try:
        prefix = uuid.UUID(event_id).bytes[:8]
    except ValueError:
        prefix = hashed[:8]
    raw = bytearray(prefix + hashed[8:])
    raw[6] = (raw[6] & 0x0F) | 0x80  # version 8
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 9562 variant
    return str(uuid.UUID(bytes=bytes(raw)))
