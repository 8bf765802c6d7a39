import { createHash } from 'node:crypto';

/** Hex SHA-256 of some bytes or text. */
export const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** Stable JSON: object keys sorted, undefined members left out, so equal values always hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The content address of a value: 16 hex digits of the SHA-256 of its canonical JSON. */
export const contentKey = (value: unknown): string => sha256Hex(canonicalJson(value)).slice(0, 16);
