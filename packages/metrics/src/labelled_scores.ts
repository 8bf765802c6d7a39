/** One suspect's score (higher = more likely pirated) and whether it really is a piracy model. */
export interface LabelledScore {
  score: number;
  piracy: boolean;
}

export function countClasses(items: readonly LabelledScore[]): { piracy: number; homologous: number } {
  const piracy = items.filter((s) => s.piracy).length;
  return { piracy, homologous: items.length - piracy };
}

export function assertFiniteScores(items: readonly LabelledScore[]): void {
  const bad = items.findIndex((s) => !Number.isFinite(s.score));
  if (bad >= 0) throw new Error(`score ${bad} is ${items[bad].score}: every suspect needs a finite score`);
}
