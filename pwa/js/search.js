// Diacritic-insensitive search: fold("Quế Võ") === "que vo".
export function fold(text) {
  if (!text) return '';
  return String(text)
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}

// True when every word of the query appears in the folded haystack.
export function matches(query, ...fields) {
  const words = fold(query).split(' ').filter(Boolean);
  if (!words.length) return true;
  const hay = fold(fields.filter(Boolean).join(' '));
  return words.every((w) => hay.includes(w));
}
