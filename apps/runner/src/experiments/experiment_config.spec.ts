import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readExperimentConfig } from './experiment_config';

const write = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'fpb-exp-')), 'x.json');
  writeFileSync(path, text);
  return path;
};

describe('experiment configs', () => {
  it('reads every config in experiments/ with defaults filled in', () => {
    const c = readExperimentConfig(resolve(__dirname, '../../../../experiments/cifar10.json'));
    expect(c).toMatchObject({ name: 'cifar10', dataset: 'cifar10', scale: 'mini', sets: ['table1'], seed: 0 });
    expect(c.methods).toContain('deepcore');
    expect(readExperimentConfig(resolve(__dirname, '../../../../experiments/smoke.json')).scale).toBe('tiny');
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
