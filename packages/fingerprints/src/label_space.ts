import type { Fingerprint, FingerprintMethod, Verdict } from './method';
import { answeredOracle } from './answered_oracle';
import type { Oracle } from './oracle';
import { argmax, rows } from './output_math';

/**
 * What a method does with a suspect that answers in another label space than its fingerprint's
 * victim: a model transfer-learned from the victim onto a regrouping of its classes. Every method
 * says which; `judge` acts on it.
 */
export type LabelSpaceUse<Info extends object = object> =
  /** Its score compares each model's outputs only among themselves (correlations, decision distances, mutual information): scored as it is. */
  | { kind: 'any' }
  /**
   * Its score compares the suspect's answers with the victim's class by class: the victim's outputs are
   * first grouped into the suspect's labels (see `groupedFingerprint`); `relabel` maps what else its
   * fingerprint keeps in the victim's labels.
   */
  | { kind: 'grouped'; relabel?(fp: Fingerprint<Info>, classMap: readonly number[]): Fingerprint<Info> }
  /** Its score reads the suspect's outputs with weights fitted to the victim's label space: it cannot score another. */
  | { kind: 'victim-only'; reason: string };

/** A method's answer about one suspect: a verdict, or why the method cannot give one. */
export type Judgement =
  { kind: 'scored'; verdict: Verdict; classMap?: number[] } | { kind: 'unscorable'; reason: string };

/**
 * Which of the suspect's labels each victim class stands for, read from their answers to the same
 * queries: the suspect label most often given where the victim answers that class (the lowest on a
 * tie). A victim class the victim never answers goes where the suspect answers most often.
 */
export function classMapOf(
  victimOutputs: ArrayLike<number>,
  victimClasses: number,
  suspectOutputs: ArrayLike<number>,
  suspectClasses: number,
): number[] {
  const victim = rows(Array.from(victimOutputs), victimClasses).map(argmax);
  const suspect = rows(Array.from(suspectOutputs), suspectClasses).map(argmax);
  if (victim.length !== suspect.length)
    throw new Error(`classMapOf: ${victim.length} victim rows, ${suspect.length} suspect rows`);
  const counts = Array.from({ length: victimClasses }, () => new Array<number>(suspectClasses).fill(0));
  const overall = new Array<number>(suspectClasses).fill(0);
  victim.forEach((v, i) => {
    counts[v][suspect[i]]++;
    overall[suspect[i]]++;
  });
  const commonest = argmax(overall);
  return counts.map((c) => (c.some((n) => n > 0) ? argmax(c) : commonest));
}

/**
 * The victim's logits in the suspect's label space: each suspect label's logit is the log-sum-exp of
 * the victim classes mapped to it (so their softmax is the victim's probabilities summed per label,
 * and the values stay on the logits' scale). A label no class maps to gets the row's lowest logit.
 */
export function groupedLogits(logits: ArrayLike<number>, classMap: readonly number[], groups: number): Float32Array {
  const width = classMap.length;
  const count = logits.length / width;
  const out = new Float32Array(count * groups);
  for (let q = 0; q < count; q++) {
    const row = Array.from({ length: width }, (_, c) => logits[q * width + c]);
    const top = Math.max(...row);
    const sums = new Array<number>(groups).fill(0);
    row.forEach((v, c) => (sums[classMap[c]] += Math.exp(v - top)));
    const lowest = Math.min(...row);
    sums.forEach((s, g) => (out[q * groups + g] = s > 0 ? top + Math.log(s) : lowest));
  }
  return out;
}

/** The fingerprint as a victim answering in the suspect's labels would have it: grouped outputs, then the method's own relabelling. */
export function groupedFingerprint<Info extends object>(
  fp: Fingerprint<Info>,
  classMap: readonly number[],
  groups: number,
  relabel?: (fp: Fingerprint<Info>, classMap: readonly number[]) => Fingerprint<Info>,
): Fingerprint<Info> {
  const grouped = { ...fp, numClasses: groups, victimOutputs: groupedLogits(fp.victimOutputs, classMap, groups) };
  return relabel ? relabel(grouped, classMap) : grouped;
}

/**
 * Scores a suspect, whatever label space it answers in: in the victim's, by the method itself; in
 * another, as the method's `labelSpace` says (scored as it is, scored against the victim's outputs
 * grouped into the suspect's labels, or not scored). The class map comes from the suspect's answers
 * to the fingerprint's own queries, which the method then reads without asking again.
 */
export function judge<Info extends object>(
  method: FingerprintMethod<Info>,
  fp: Fingerprint<Info>,
  suspect: Oracle,
): Judgement {
  if (suspect.numClasses === fp.numClasses) return { kind: 'scored', verdict: method.score(fp, suspect) };
  const use = method.labelSpace;
  switch (use.kind) {
    case 'any':
      return { kind: 'scored', verdict: method.score(fp, suspect) };
    case 'victim-only':
      return {
        kind: 'unscorable',
        reason: `${method.name} cannot score a suspect answering ${suspect.numClasses} classes against a victim answering ${fp.numClasses}: ${use.reason}`,
      };
    case 'grouped': {
      if (fp.count === 0) return { kind: 'scored', verdict: method.score(fp, suspect) };
      const answers = suspect.query(fp.inputs, fp.count);
      const classMap = classMapOf(fp.victimOutputs, fp.numClasses, answers, suspect.numClasses);
      const grouped = groupedFingerprint(fp, classMap, suspect.numClasses, use.relabel);
      const verdict = method.score(grouped, answeredOracle(grouped, answers, 'the suspect'));
      return { kind: 'scored', verdict, classMap };
    }
  }
}

/** The suspect's answers to the fingerprint's queries, one row per query in the suspect's own label space. */
export const answersOf = (fp: Fingerprint, suspect: Oracle): number[][] =>
  rows(suspect.query(fp.inputs, fp.count), suspect.numClasses);
