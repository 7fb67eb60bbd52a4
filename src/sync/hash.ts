/**
 * Internal: a short, stable, pure digest of a text (two FNV-1a 32-bit passes with different offsets),
 * used to name a batch by the keys it contains. Not cryptographic.
 * @internal
 */
export function digest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/**
 * Internal: encodes one part of a composite key so separators inside ids stay unambiguous.
 * @internal
 */
export function keyPart(value: unknown): string {
  const t = text(value);
  // Most parts (ids, event names) hold no separator: a test costs less than a replace that finds nothing.
  return SEPARATOR.test(t) ? t.replace(SEPARATORS, escapeSeparator) : t;
}

const SEPARATOR = /[%/:@#|]/;
const SEPARATORS = /[%/:@#|]/g;
const escapeSeparator = (c: string): string => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Internal: a string for a key part, whatever the value (never throws).
 * @internal
 */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '?';
}
