import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { METHODS } from '@fpb/fingerprints';
import { readExperimentConfig } from './experiment_config';

const experiments = resolve(__dirname, '../../../../experiments');
const configs = readdirSync(experiments).filter((f) => f.endsWith('.json') && f !== 'project.json');
const targets = JSON.parse(readFileSync(join(experiments, 'project.json'), 'utf8')) as {
  targets: Record<string, { options: { command: string } }>;
};

const write = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'fpb-exp-')), 'x.json');
  writeFileSync(path, text);
  return path;
};

describe('experiment configs', () => {
  it('finds the configs', () => {
    expect(configs.length).toBeGreaterThanOrEqual(5);
  });

  it.each(configs.map((f) => [f]))(
    '%s is valid, named after its file, its methods registered (all by default)',
    (file) => {
      const c = readExperimentConfig(join(experiments, file));
      const raw = JSON.parse(readFileSync(join(experiments, file), 'utf8')) as { methods?: string[] };
      expect(c.name).toBe(basename(file, '.json'));
      expect(c.sets).toContain('table1');
      expect(c.seed).toBe(0);
      expect(c.methods).toEqual(raw.methods ?? METHODS.map((m) => m.id));
      for (const id of c.methods) expect(METHODS.map((m) => m.id)).toContain(id);
    },
  );

  it.each(configs.map((f) => [f]))('%s has an nx target that runs it', (file) => {
    const target = targets.targets[basename(file, '.json')];
    expect(target.options.command).toBe(`tsx apps/runner/src/main.ts experiment experiments/${file}`);
  });

  it('fills defaults: the scale each experiment is meant for', () => {
    const scale = (f: string) => readExperimentConfig(join(experiments, f)).scale;
    expect(['cifar10', 'fingerbench', 'overlap', 'smoke', 'cifar100'].map((n) => scale(`${n}.json`))).toEqual([
      'mini',
      'mini',
      'mini',
      'tiny',
      'paper',
    ]);
  });

  it('names the file and the field of a mistake', () => {
    expect(() => readExperimentConfig(write('{"name": "x", "dataset": "mnist"}'))).toThrow(/x\.json: dataset: /);
    expect(() => readExperimentConfig(write('{"name": "x", "dataset": "cifar10", "methods": ["deepcor"]}'))).toThrow(
      /methods: unknown method; known: deepcore/,
    );
    expect(() => readExperimentConfig(write('{"name": "x", "dataset": "cifar10", "epochs": 3}'))).toThrow(/epochs/);
    expect(() => readExperimentConfig(write('{not json'))).toThrow(/x\.json: not a readable JSON file/);
  });
});
