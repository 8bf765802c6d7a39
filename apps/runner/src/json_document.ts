import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * A JSON file read and checked against its schema: an unreadable file or a wrong field is one line
 * naming the file and every field that is wrong, before anything is done with it.
 */
export function readJsonDocument<S extends z.ZodType>(path: string, schema: S, what: string): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not a readable ${what} (${(e as Error).message})`, { cause: e });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}
