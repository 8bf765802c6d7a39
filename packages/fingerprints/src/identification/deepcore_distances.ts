import { cosine, meanAbsoluteDifference } from '../output_math';

/**
 * DeepCore's L1 model distance: sum over core points phi_i of |f_v(phi_i)_i - f_s(phi_i)_i|, the gap
 * between victim and suspect in the score of each core's own label.
 */
export function l1Distance(victim: number[][], suspect: number[][], labels: number[]): number {
  if (victim.length !== suspect.length || labels.length !== victim.length)
    throw new Error('l1Distance: victim, suspect and labels must have one row per core point');
  return labels.reduce((sum, label, i) => sum + Math.abs(victim[i][label] - suspect[i][label]), 0);
}

/** Cos(f, F)_ij: cosine similarity of the outputs on fingerprint points i and j. */
export function cosineMatrix(outputs: number[][]): number[][] {
  return outputs.map((a) => outputs.map((b) => cosine(a, b)));
}

/** DeepCore's cosine distance: ||Cos(f_v, F) - Cos(f_s, F)||_1 / N^2 (entrywise L1 over the N x N matrices). */
export function cosineDistance(victim: number[][], suspect: number[][]): number {
  if (victim.length !== suspect.length)
    throw new Error('cosineDistance: victim and suspect need one row per fingerprint point');
  return meanAbsoluteDifference(cosineMatrix(victim), cosineMatrix(suspect));
}
