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

// True when each query word starts its own word of the name (whole words claimed first).
function allStartWords(words, parts) {
  const free = [...parts];
  return [...words]
    .sort((a, b) => b.length - a.length)
    .every((w) => {
      let i = free.indexOf(w);
      if (i < 0) i = free.findIndex((part) => part.startsWith(w));
      if (i < 0) return false;
      free.splice(i, 1);
      return true;
    });
}

// Tier of a name for a query's words: 1 the full name exactly, 2 every word starts a word of
// the name (each its own), 3 every word is in it and the last starts the given name (the last
// word), 4 every word is somewhere in the name or the other fields; 0 no match.
function nameTier(words, name, rest) {
  const parts = fold(name).split(' ').filter(Boolean);
  if (words.join(' ') === parts.join(' ')) return 1;
  if (allStartWords(words, parts)) return 2;
  const hay = parts.join(' ');
  const given = parts[parts.length - 1] || '';
  if (words.every((w) => hay.includes(w)) && given.startsWith(words[words.length - 1])) return 3;
  const all = `${hay} ${fold(rest)}`;
  return words.every((w) => all.includes(w)) ? 4 : 0;
}

// People ranked for a query: a code typed exactly (staff number, badge code) finds that person
// alone; otherwise exact full name, then all words as prefixes, then the given name, then the
// rest, each tier in name order. person(p) gives { name, codes: [...], rest } of an item.
export function rankPeople(query, items, person) {
  const words = fold(query).split(' ').filter(Boolean);
  if (!words.length) return [...items];
  const typed = String(query).trim().toUpperCase();
  const exact = items.filter((p) => person(p).codes.some((c) => c && String(c).trim().toUpperCase() === typed));
  if (exact.length) return exact;
  const ranked = [];
  for (const p of items) {
    const { name, codes, rest } = person(p);
    const tier = nameTier(words, name, [...codes, rest].filter(Boolean).join(' '));
    if (tier) ranked.push({ p, tier, key: fold(name) });
  }
  ranked.sort((a, b) => a.tier - b.tier || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)); // as app/core/ranking.py
  return ranked.map((r) => r.p);
}
