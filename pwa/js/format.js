// Vietnamese formats: dates dd/mm/yyyy, times HH:mm, numbers 1.425.036. Every date and time is
// shown in Vietnam's time (stored in UTC), whatever time zone the phone itself is set to.
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const LOCAL = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

// An instant's calendar date and clock time in Vietnam: { year, month, day, hour, minute }.
function local(date) {
  const parts = {};
  for (const { type, value } of LOCAL.formatToParts(date)) parts[type] = value;
  return parts;
}

function toDate(value) {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatNumber(value) {
  if (value === null || value === undefined || value === '') return '';
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(Number(value));
}

export function formatDate(value) {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  const date = toDate(value);
  if (!date) return '';
  const p = local(date);
  return `${p.day}/${p.month}/${p.year}`;
}

export function formatDateTime(value) {
  if (!value) return '';
  const date = toDate(value);
  if (!date) return '';
  const p = local(date);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

// The clock time alone (HH:mm), in Vietnam's time.
export function formatTime(value) {
  const date = value ? toDate(value) : null;
  if (!date) return '';
  const p = local(date);
  return `${p.hour}:${p.minute}`;
}

export function isoNow() {
  return new Date().toISOString();
}

// Today's date in Vietnam (yyyy-mm-dd).
export function todayIso() {
  const p = local(new Date());
  return `${p.year}-${p.month}-${p.day}`;
}
