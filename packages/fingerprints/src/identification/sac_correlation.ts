import { cosine, meanAbsoluteDifference } from '../output_math';

/** SAC's correlation matrix over logits: C_ab = (1 - cos(o_a, o_b)) / 2. */
export function sacCorrelation(outputs: number[][]): number[][] {
  return outputs.map((a) => outputs.map((b) => (1 - cosine(a, b)) / 2));
}

/** SAC's model distance: sum |C_s - C_v| / N^2. */
export function sacDistance(victim: number[][], suspect: number[][]): number {
  if (victim.length !== suspect.length) throw new Error('sacDistance: victim and suspect need one row per sample');
  return meanAbsoluteDifference(sacCorrelation(suspect), sacCorrelation(victim));
}
