import type { ModelRecipe } from '@fpb/zoo';
import { verdictOf, type Identification, type SuspectResult } from '../fingerprints/run_fingerprints';
import { fingerBenchPerFamily, fingerBenchScores, fingerBenchSummary } from './fingerbench_evaluation';
import { overlapScoreTable, overlapSummaryTable } from './overlap_evaluation';

const suspect = (
  id: string,
  family: string,
  positive: boolean,
  score: number,
  overlap = 0,
  parent?: string,
): SuspectResult => ({
  id,
  family,
  kind: positive ? 'PM' : 'HM',
  positive,
  use: 'other',
  recipe: {
    id,
    family,
    role: positive ? 'piracy' : 'homologous',
    architecture: 'resnet8',
    width: 4,
    procedure: { kind: 'train', data: 'X_h', overlap },
    train: {},
    seed: 0,
    parent,
  } as ModelRecipe,
  verdicts: new Map([['m', { kind: 'scored' as const, verdict: { score } }]]),
});
const identification: Identification = {
  name: 'M',
  method: 'm',
  matchingRate: true,
  scores: () => true,
  scoreOf: (r) => verdictOf(r, 'm')!.score,
};

describe('FingerBench evaluation', () => {
  const suspects = [
    suspect('src', 'victim', true, 0.9),
    suspect('p', 'FB_WP', true, 0.8),
    suspect('h', 'HM_SA', false, 0.2),
    // A mirror negative: homologous, yet derived (from the mirror, not the victim).
    suspect('mn', 'FB_MN_FA', false, 0.6, 0, 'FB_MIRROR/0'),
  ];

  it('ARUC over all negatives and over the mirror negatives only, computed by hand', () => {
    // Robustness is 1 up to 0.8, 1/2 up to 0.9; uniqueness 0 up to 0.2, 1/2 up to 0.6, then 1.
    // min over (0.2, 0.6]: 1/2, (0.6, 0.8]: 1, (0.8, 0.9]: 1/2 -> 0.4/2 + 0.2 + 0.1/2 = 0.45 (all);
    // against the mirror negative only, uniqueness is 0 up to 0.6 -> 0.2 + 0.05 = 0.25.
    const t = fingerBenchSummary([identification], suspects);
    expect(t.rows).toEqual([['M', '0.450', '0.250', '1.000']]);
    expect(t.title).toMatch(/2 positives .* 2 negatives \(1 of them mirror negatives\)/);
  });

  it("lists every suspect's raw score with its class", () => {
    expect(fingerBenchScores([identification], suspects).rows).toEqual([
      ['src', 'victim', 'positive', '0.90000'],
      ['p', 'FB_WP', 'positive', '0.80000'],
      ['h', 'HM_SA', 'negative', '0.20000'],
      ['mn', 'FB_MN_FA', 'mirror negative', '0.60000'],
    ]);
  });

  it('mean score per family, positives marked', () => {
    const t = fingerBenchPerFamily([identification], [...suspects, suspect('p2', 'FB_WP', true, 0.6)]);
    expect(t.rows.find((r) => r[0] === 'FB_WP')).toEqual(['FB_WP', 'yes', 2, '0.7000']);
    expect(t.rows.find((r) => r[0] === 'FB_MN_FA')).toEqual(['FB_MN_FA', 'no', 1, '0.6000']);
  });
});

describe('overlap evaluation', () => {
  const calibrated = { ...identification, summary: { threshold: 0.5, mir: 0.25 } };
  const sweep = [
    suspect('HM_OV/2', 'HM_OV', false, 0.9, 1),
    suspect('HM_OV/0', 'HM_OV', false, 0.2, 0),
    suspect('HM_OV/1', 'HM_OV', false, 0.6, 0.5),
  ];

  it('lists the sweep by overlap and marks the models flagged at the threshold', () => {
    expect(overlapScoreTable([calibrated], sweep).rows).toEqual([
      ['0.00', 'HM_OV/0', '0.2000'],
      ['0.50', 'HM_OV/1', '0.6000*'],
      ['1.00', 'HM_OV/2', '0.9000*'],
    ]);
  });

  it('summarises FIR over the sweep, below and above r = 0.5, and the lowest overlap flagged', () => {
    expect(overlapSummaryTable([calibrated], sweep).rows).toEqual([
      ['M', '0.5000', '0.25', '0.67', '0.00', '1.00', '0.50'],
    ]);
    const never = { ...calibrated, summary: { threshold: 0.95, mir: 0 } };
    expect(overlapSummaryTable([never], sweep).rows[0][6]).toBe('none');
  });
});
