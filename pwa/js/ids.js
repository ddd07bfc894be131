// Record and mutation ids made on the phone: UUID version 7 (RFC 9562), time-ordered.
//
// 48 bits of Unix milliseconds, the version (7), a 12-bit counter of the ids made in the same
// millisecond (RFC 9562 6.2, method 1; it starts from a random value), the variant and 62
// random bits. The ids of one batch sort together, so the server files them on a few index
// pages instead of one page each. Attendance ids are not made here: they stay UUIDv5 of
// (event, person) (hr/ids.js), so two phones scanning one worker converge on one row.
let lastMs = 0;
let counter = 0;

function hex(bytes) {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// The millisecond and counter of the next id, never below the last one (the clock may step back).
function tick(nowMs) {
  if (nowMs > lastMs) {
    lastMs = nowMs;
    counter = crypto.getRandomValues(new Uint16Array(1))[0] & 0x7ff;
  } else if (counter < 0xfff) {
    counter += 1;
  } else {
    lastMs += 1;
    counter = 0;
  }
  return [lastMs, counter];
}

export function uuid7(nowMs = Date.now()) {
  const [ms, count] = tick(nowMs);
  const b = crypto.getRandomValues(new Uint8Array(16));
  for (let i = 0; i < 6; i += 1) b[i] = Math.floor(ms / 2 ** (8 * (5 - i))) & 0xff;
  b[6] = 0x70 | (count >> 8);
  b[7] = count & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = hex(b);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

// A new id for a record or a mutation.
export function newId() {
  return uuid7();
}
