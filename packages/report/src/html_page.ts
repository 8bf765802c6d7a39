import { join } from 'node:path';
import { writeFileAtomically } from '@fpb/files';
import type { Table } from './table';

const escape = (v: unknown) =>
  String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function tableHtml(name: string, t: Table): string {
  const head = `<tr>${t.columns.map((c) => `<th>${escape(c)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('\n');
  const files = `<a href="${escape(name)}.csv">${escape(name)}.csv</a> · <a href="${escape(name)}.md">${escape(name)}.md</a>`;
  const table = `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
  return `<section id="${escape(name)}"><h2>${escape(t.title)}</h2>\n${table}\n<p class="files">${files}</p></section>`;
}

/**
 * One self-contained page (no scripts, no network) with the run's settings, every table and every
 * figure (SVG files beside it, referenced relatively), written atomically as `<dir>/index.html`.
 */
export function writeResultsPage(
  dir: string,
  p: {
    title: string;
    settings: Record<string, unknown>;
    tables: Record<string, Table>;
    figures: Array<{ file: string; caption: string }>;
  },
): string {
  const settings = Object.entries(p.settings)
    .map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(typeof v === 'object' ? JSON.stringify(v) : v)}</td></tr>`)
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(p.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}
table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ccc;padding:.2em .5em;font-size:.9em;text-align:left}
figure{margin:1em 0}figcaption{color:#555}.files{font-size:.8em}
</style>
</head><body>
<h1>${escape(p.title)}</h1>
<h2>Run settings</h2>
<table>${settings}</table>
${Object.entries(p.tables)
  .map(([name, t]) => tableHtml(name, t))
  .join('\n')}
<h2>Figures</h2>
${p.figures.map((f) => `<figure><img src="${escape(f.file)}" alt="${escape(f.caption)}"><figcaption>${escape(f.caption)}</figcaption></figure>`).join('\n')}
</body></html>
`;
  const path = join(dir, 'index.html');
  writeFileAtomically(path, html);
  return path;
}
