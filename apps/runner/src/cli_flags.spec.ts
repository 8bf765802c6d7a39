import { buildCli } from './main';

describe('fpb experiment', () => {
  it('declares --partial-data, which the README, its error messages and run.json reproduce lines use', () => {
    const experiment = buildCli().commands.find((c) => c.name() === 'experiment')!;
    expect(experiment.options.map((o) => o.long)).toContain('--partial-data');
    const parsed = experiment.parseOptions(['--partial-data']);
    expect(parsed.unknown).toEqual([]);
  });
});
