// The attachments a record names: photo hashes and signatures, at any depth of its data.

// Every attachment hash a record names (photos lists and signatures), at any depth.
export function hashesIn(data, found = new Set()) {
  if (Array.isArray(data)) data.forEach((v) => hashesIn(v, found));
  else if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      if ((key === 'signature' || key.endsWith('_signature')) && typeof value === 'string') found.add(value);
      else if (key === 'photos' && Array.isArray(value)) value.forEach((v) => typeof v === 'string' && found.add(v));
      else if (value && typeof value === 'object') hashesIn(value, found);
    }
  }
  return found;
}
