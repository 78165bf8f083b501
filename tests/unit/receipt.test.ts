// Reference codes: enough randomness, grouped for reading aloud, and forgiving when typed back.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newReceiptCode, normalizeReceiptCode } from '../../src/shared/receipt.ts';

const format = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;

describe('receipt codes', () => {
  it('are five groups of four Crockford base-32 characters (100 bits)', () => {
    for (let i = 0; i < 200; i++) expect(newReceiptCode((n) => randomBytes(n))).toMatch(format);
  });

  it('use all 32 symbols and do not repeat', () => {
    const codes = Array.from({ length: 2000 }, () => newReceiptCode((n) => randomBytes(n)));
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(codes.join('').replace(/-/g, '')).size).toBe(32);
  });

  it('come from the random bytes given (5 bits of each)', () => {
    const bytes = Uint8Array.from({ length: 20 }, (_, i) => i + 32 * 3); // high bits must not matter
    expect(newReceiptCode(() => bytes)).toBe('0123-4567-89AB-CDEF-GHJK');
  });

  it('are read back whatever the case, spacing and look-alike letters', () => {
    expect(normalizeReceiptCode('0123-4567-89ab-cdef-ghjk')).toBe('0123-4567-89AB-CDEF-GHJK');
    expect(normalizeReceiptCode(' o123 4567 89AB CDEF GHJK ')).toBe('0123-4567-89AB-CDEF-GHJK');
    expect(normalizeReceiptCode('I1L1-0000-0000-0000-0000')).toBe('1111-0000-0000-0000-0000');
  });

  it('reject what cannot be a code', () => {
    expect(normalizeReceiptCode('0123-4567-89AB-CDEF')).toBeNull(); // too short
    expect(normalizeReceiptCode('0123-4567-89AB-CDEF-GHJK-0')).toBeNull(); // too long
    expect(normalizeReceiptCode('0123-4567-89AB-CDEF-GHJU')).toBeNull(); // U is not in the alphabet
    expect(normalizeReceiptCode('')).toBeNull();
  });
});
