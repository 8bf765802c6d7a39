import { answeredOracle, floatBytes, type Fingerprint, type FingerprintMethod, type Oracle } from '@fpb/fingerprints';
import { z } from 'zod';

/**
 * What a suspect served over HTTP answers to `POST <url>` with `{ "count": n, "images": <base64 of n
 * x 32 x 32 x 3 float32, NHWC, values in [0, 1]> }`: its logits (or probabilities) per image, or
 * only its top-1 labels.
 */
const AnswerSchema = z.union([
  z.object({ logits: z.array(z.array(z.number())) }),
  z.object({ labels: z.array(z.number().int().nonnegative()) }),
]);

/**
 * An oracle for a suspect behind a URL. Methods query synchronously, so the fingerprint's queries are
 * sent once, before scoring, and the oracle answers exactly those; a method that asks for anything
 * else is refused. A label-only suspect serves matching-rate methods only (their score reads top-1
 * labels); its answers become one-hot rows.
 */
export async function httpOracle(url: string, fp: Fingerprint, method: FingerprintMethod): Promise<Oracle> {
  const body = JSON.stringify({
    count: fp.count,
    images: floatBytes(fp.inputs).toString('base64'),
  });
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  } catch (e) {
    throw new Error(`suspect ${url} cannot be reached (${(e as Error).message}); check the URL and that it serves`, {
      cause: e,
    });
  }
  if (!response.ok) throw new Error(`suspect ${url} answered HTTP ${response.status}; it must answer POSTed images`);
  const parsed = AnswerSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success)
    throw new Error(`suspect ${url} answered neither {"logits": [[...]]} nor {"labels": [...]} for ${fp.count} images`);
  const answer = parsed.data;
  const rows = 'logits' in answer ? answer.logits : answer.labels.map((y) => oneHot(y, fp.numClasses));
  if ('labels' in answer && !method.scoreIsMatchingRate)
    throw new Error(`${method.name} reads logits, and suspect ${url} answers labels only; use a matching-rate method`);
  // Any label count, the same on every row: a suspect may answer other labels than the victim's.
  const width = rows[0]?.length ?? 0;
  if (rows.length !== fp.count || width < 2 || rows.some((r) => r.length !== width))
    throw new Error(`suspect ${url} answered ${rows.length} rows, not ${fp.count} rows of one label count (2 or more)`);
  return answeredOracle(fp, Float32Array.from(rows.flat()), url);
}

const oneHot = (label: number, numClasses: number) =>
  Array.from({ length: numClasses }, (_, k) => (k === label ? 1 : 0));
