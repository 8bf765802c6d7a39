/**
 * Keeps the candidates with no violations (a helper model that answers other than assigned). When
 * fewer than `minimum` pass, the least-violating ones fill up to `minimum`, so a fingerprint never
 * comes out empty; `clean` says how many passed outright.
 */
export function screenCandidates(violations: number[], minimum: number): { keep: number[]; clean: number } {
  const order = violations.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v || a.i - b.i);
  const clean = order.filter((o) => o.v === 0).length;
  const keep = order
    .slice(0, Math.max(clean, Math.min(minimum, order.length)))
    .map((o) => o.i)
    .sort((a, b) => a - b);
  return { keep, clean };
}
