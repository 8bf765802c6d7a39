import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A Vega-Lite spec rendered to a standalone SVG string (no canvas or browser needed). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders and writes `<dir>/<name>.svg` through a temporary file and a rename. */
export async function writeFigure(dir: string, name: string, spec: TopLevelSpec): Promise<string> {
  const svg = await renderSvg(spec);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.svg`);
  const tmp = join(dir, `.${name}.svg.tmp.${process.pid}`);
  writeFileSync(tmp, svg);
  renameSync(tmp, path);
  return path;
}
