// Reference codes: 100 random bits as 20 Crockford base-32 characters in five groups of four, easy to read aloud
// and to type back. The code is the tipster's only handle on their report; the server keeps only its hash.

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const groups = 5;
const groupLength = 4;

export function newReceiptCode(randomBytes: (length: number) => Uint8Array): string {
  const bytes = randomBytes(groups * groupLength);
  const chars = Array.from(bytes, (b) => alphabet[b & 31]);
  const grouped: string[] = [];
  for (let g = 0; g < groups; g++) grouped.push(chars.slice(g * groupLength, (g + 1) * groupLength).join(''));
  return grouped.join('-');
}

/** Accepts what a person types back (lower case, spaces, O for 0, I/L for 1); null if it cannot be a code. */
export function normalizeReceiptCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (cleaned.length !== groups * groupLength) return null;
  for (const c of cleaned) if (!alphabet.includes(c)) return null;
  return cleaned.match(new RegExp(`.{${groupLength}}`, 'g'))!.join('-');
}
