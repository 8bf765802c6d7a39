/**
 * One output phase of a strided convolution's input gradient along one axis. With stride s, the
 * input positions p = s*q + r (one residue r) receive dy only through the filter taps
 * a = first + s*t, t < taps, so dx[s*q + r] = sum_t dy[q + c - t] W[first + s*t]: a stride-1
 * correlation of dy, padded by `padBefore`/`padAfter` (negative = cropped), with those taps reversed.
 */
export interface GradientPhase {
  residue: number;
  /** First filter tap that reaches this residue, and how many taps do (0: the phase gets no gradient). */
  first: number;
  taps: number;
  padBefore: number;
  padAfter: number;
  /** Number of input positions with this residue. */
  length: number;
}

/**
 * The s phases of one spatial axis, for an input of `inSize`, a forward output of `outSize`, a
 * filter of `kernel` taps, stride `stride` and `padBefore` zeros before the input. Splitting by
 * phase skips the products with the zeros a stride-dilated dy would hold: s*s fewer for 2D.
 */
export function gradientPhases(
  inSize: number,
  outSize: number,
  kernel: number,
  stride: number,
  padBefore: number,
): GradientPhase[] {
  return Array.from({ length: stride }, (_, residue) => {
    const first = (residue + padBefore) % stride;
    const taps = first < kernel ? Math.ceil((kernel - first) / stride) : 0;
    const offset = (residue + padBefore - first) / stride;
    const length = Math.max(0, Math.ceil((inSize - residue) / stride));
    const before = taps - 1 - offset;
    return { residue, first, taps, padBefore: before, padAfter: length + taps - 1 - outSize - before, length };
  });
}
