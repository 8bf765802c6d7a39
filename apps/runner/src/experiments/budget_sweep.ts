import { atBudget, judge, modelOracle } from '@fpb/fingerprints';
import { summariseThreshold, type ScoredSuspect, type ThresholdSummary } from '@fpb/metrics';
import { lineFigure, numberCell, type Table } from '@fpb/report';
import { scoredSuspect, type runFingerprints } from '../fingerprints/run_fingerprints';
import type { ExperimentOutputs } from './experiment_outputs';

type Scored = Awaited<ReturnType<typeof runFingerprints>>;

/** One method's identification at one budget, on the same Table I suspects as Table IV. */
interface BudgetPoint {
  method: string;
  queries: number;
  summary: ThresholdSummary;
}

/**
 * Every budgetable method re-scored on its first k queries for each budget below its own (each suspect
 * loaded once and asked k of its queries), then identified as in Table IV: threshold on the
 * calibration half, AUC and TPR at 1% / 5% FPR on the evaluation half.
 */
async function truncatedPoints(fp: Scored, budgets: readonly number[]): Promise<BudgetPoint[]> {
  const plans = new Map(fp.plan.map((p) => [p.recipe.id, p]));
  const scored = new Set(fp.identifications.map((id) => id.method));
  // Each method cut to each budget once; every suspect is then asked those queries.
  const runs = fp.methods
    .filter((m) => m.budgetable && scored.has(m.id))
    .flatMap((m) =>
      budgets
        .filter((b) => b < fp.fingerprints.get(m.id)!.count)
        .map((b) => ({ m, b, fingerprint: atBudget(m, fp.fingerprints.get(m.id)!, b) })),
    );
  const scores = runs.map(() => [] as ScoredSuspect[]);
  for (const r of fp.results) {
    const { model } = await fp.cache.load(plans.get(r.id)!);
    runs.forEach(({ m, fingerprint }, k) => {
      // As in Table IV, a suspect the method cannot score (other labels) is left out of its rates.
      const j = judge(m, fingerprint, modelOracle(model));
      if (j.kind === 'scored') scores[k].push(scoredSuspect(r, j.verdict.score));
    });
    model.dispose();
  }
  return runs.map(({ m, b }, k) => ({
    method: m.name,
    queries: b,
    summary: summariseThreshold(scores[k], m.scoreIsMatchingRate),
  }));
}

/**
 * The query-budget sweep (QuRD's question): AUC and TPR@1%FPR against queries per suspect, one line
 * per method. Every method has its Table IV point at its own budget; methods whose queries are scored
 * independently also have a point at each smaller budget of the config.
 */
export async function budgetSweep(fp: Scored, budgets: readonly number[]): Promise<ExperimentOutputs> {
  const own: BudgetPoint[] = fp.identifications.map((id) => ({
    method: id.name,
    queries: fp.fingerprints.get(id.method)!.count,
    summary: id.summary,
  }));
  const points = [...own, ...(await truncatedPoints(fp, budgets))].sort(
    (a, b) => a.method.localeCompare(b.method) || a.queries - b.queries,
  );
  const table: Table = {
    title: `Query-budget sweep: identification against queries per suspect (budgets ${budgets.join(', ')} where a method's queries are scored independently; otherwise its own budget)`,
    columns: ['Method', 'Queries', 'AUC', 'TPR@1%FPR', 'TPR@5%FPR', 'MIR', 'FIR'],
    rows: points.map(({ method, queries, summary: s }) => [
      method,
      queries,
      numberCell(s.auc),
      numberCell(s.tpr1, 2),
      numberCell(s.tpr5, 2),
      numberCell(s.mir, 2),
      numberCell(s.fir, 2),
    ]),
  };
  const curves = points.flatMap(({ method, queries, summary: s }) => [
    { method, queries, metric: 'AUC', value: s.auc },
    { method, queries, metric: 'TPR@1%FPR', value: s.tpr1 },
  ]);
  return {
    tables: { budget_sweep: table },
    figures: [
      {
        name: 'budget_sweep',
        caption: 'AUC and TPR at 1% FPR against queries per suspect, one line per method (evaluation half)',
        spec: lineFigure(curves, {
          title: 'Query-budget sweep',
          x: 'queries',
          y: 'value',
          color: 'method',
          facet: 'metric',
          columns: 2,
        }),
      },
    ],
  };
}
