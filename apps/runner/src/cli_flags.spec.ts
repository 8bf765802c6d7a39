import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { buildCli } from './main';

const ROOT = resolve(__dirname, '../../..');
const SKIPPED = new Set(['node_modules', '.git', '.nx', '.cache', 'dist', 'results', '.gpu-app']);

/** Every file of the repository that `keep` accepts, relative to the root (installed and generated folders skipped). */
function files(keep: (path: string) => boolean, dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return SKIPPED.has(e.name) ? [] : files(keep, path);
    return keep(path) ? [relative(ROOT, path)] : [];
  });
}

/** Every Markdown file, and the runner's sources (its messages). */
const documents = () =>
  files((p) => p.endsWith('.md') || (p.includes('/apps/runner/src/') && p.endsWith('.ts') && !p.endsWith('.spec.ts')));

/** nx targets that run `fpb` (project.json: "tsx apps/runner/src/main.ts <words>") -> those words. */
function fpbTargets(): Map<string, string> {
  const targets = new Map<string, string>();
  for (const file of files((p) => p.endsWith('/project.json'))) {
    const project = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as {
      name: string;
      targets?: Record<string, { options?: { command?: string } }>;
    };
    for (const [target, t] of Object.entries(project.targets ?? {})) {
      const words = /^tsx apps\/runner\/src\/main\.ts ([a-z][a-z-]*(?: [a-z][a-z-]*)?)(?=\s|$)/.exec(
        t.options?.command ?? '',
      )?.[1];
      if (words) targets.set(`${project.name}:${target}`, words);
    }
  }
  return targets;
}

/** The subcommand a use names, e.g. 'zoo' or 'data fetch' (undefined for a placeholder like `<command>`). */
function commandOf(program: Command, words: string[]): Command | undefined {
  let command: Command | undefined = program;
  for (const w of words) {
    const sub: Command | undefined = command.commands.find((c) => c.name() === w);
    if (!sub) break;
    command = sub;
  }
  return command === program ? undefined : command;
}

/** Every `fpb ...`, `main.ts ...` or `nx run project:target -- ...` in the documents, with the flags it shows. */
function documentedUses(targets: Map<string, string>) {
  const start = /(?:\bfpb|main\.ts|nx run ([\w-]+:[\w-]+))\s/g;
  return documents().flatMap((file) =>
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const starts = [...line.matchAll(start)];
        return starts.map((m, k) => {
          const text = line.slice(m.index! + m[0].length, starts[k + 1]?.index ?? line.length);
          const words = m[1]
            ? targets.get(m[1])?.split(' ')
            : /^([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/.exec(text)?.slice(1);
          return {
            where: `${file}:${i + 1}`,
            words: (words ?? []).filter(Boolean) as string[],
            flags: [...text.split(/[#|`]/)[0].matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((f) => `--${f[1]}`),
            fpb: m[1] === undefined || targets.has(m[1]),
          };
        });
      }),
  );
}

describe('the command line', () => {
  const program = buildCli();
  const uses = documentedUses(fpbTargets()).filter((u) => u.fpb && u.flags.length > 0);

  it('finds the documented uses it checks', () => {
    // The README's own examples are among them: a scanner that finds nothing would pass anything.
    expect(uses.some((u) => u.where.startsWith('README.md') && u.words[0] === 'experiment')).toBe(true);
    expect(uses.some((u) => u.where.startsWith('apps/runner/src/') && u.flags.includes('--scale'))).toBe(true);
  });

  it('declares every flag that the docs or a message use, on the command they use it with', () => {
    const undeclared = uses.flatMap((u) => {
      const command = commandOf(program, u.words);
      if (!command) return [];
      const declared = new Set(['--help', ...command.options.map((o) => o.long)]);
      return u.flags.filter((f) => !declared.has(f)).map((f) => `${u.where}: fpb ${u.words.join(' ')} ${f}`);
    });
    expect(undeclared).toEqual([]);
  });

  it('declares --partial-data on experiment, which run.json reproduce lines use', () => {
    const experiment = program.commands.find((c) => c.name() === 'experiment')!;
    expect(experiment.parseOptions(['--partial-data']).unknown).toEqual([]);
  });
});
