import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomically } from '@fpb/files';

/** A Vega-Lite spec rendered to a standalone SVG string (no canvas or browser needed). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on demand: vega is an ES module with top-level await, which the CommonJS code around it
  // (the CLI, the zoo workers) could not require at start-up.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders and writes `<dir>/<name>.svg` through a temporary file and a rename. */
export async function writeFigure(dir: string, name: string, spec: TopLevelSpec): Promise<string> {
  const path = join(dir, `${name}.svg`);
  writeFileAtomically(path, await renderSvg(spec));
  return path;
}
