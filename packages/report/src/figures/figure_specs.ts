import type { TopLevelSpec } from 'vega-lite';

/** A vega-lite figure, ready for writeFigure. */
export type FigureSpec = TopLevelSpec;

type Row = Record<string, string | number>;

interface Axes {
  title: string;
  x: string;
  y: string;
  xTitle?: string;
  yTitle?: string;
}

const base = (title: string, values: Row[]) =>
  ({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values },
    background: 'white',
  }) as const;

/** Lines of y against x, one per `color` value, optionally one small panel per `facet` value. */
export function lineFigure(values: Row[], a: Axes & { color: string; facet?: string; columns?: number }): TopLevelSpec {
  const layer = {
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: a.x, type: 'quantitative', title: a.xTitle ?? a.x },
      y: { field: a.y, type: 'quantitative', title: a.yTitle ?? a.y },
      color: { field: a.color, type: 'nominal' },
    },
  } as const;
  if (!a.facet) return { ...base(a.title, values), width: 360, height: 240, ...layer } as TopLevelSpec;
  return {
    ...base(a.title, values),
    facet: { field: a.facet, type: 'nominal' },
    columns: a.columns ?? 5,
    spec: { width: 150, height: 110, ...layer },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** Points of y against x coloured by `color` (and shaped by `shape`), optionally in panels by `facet`. */
export function pointFigure(
  values: Row[],
  a: Axes & { color: string; shape?: string; facet?: string; xType?: 'quantitative' | 'ordinal' },
): TopLevelSpec {
  const layer = {
    mark: { type: 'point', filled: true, size: 40 },
    encoding: {
      x: { field: a.x, type: a.xType ?? 'quantitative', title: a.xTitle ?? a.x },
      y: { field: a.y, type: 'quantitative', title: a.yTitle ?? a.y },
      color: { field: a.color, type: 'nominal' },
      ...(a.shape ? { shape: { field: a.shape, type: 'nominal' } } : {}),
    },
  } as const;
  if (!a.facet) return { ...base(a.title, values), width: 420, height: 260, ...layer } as TopLevelSpec;
  return {
    ...base(a.title, values),
    facet: { field: a.facet, type: 'nominal' },
    columns: 2,
    spec: { width: 320, height: 200, ...layer },
  } as TopLevelSpec;
}
