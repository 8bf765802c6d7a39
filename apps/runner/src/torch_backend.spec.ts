import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithBackends } from '@fpb/tensor/src/testing/describe_with_backends';
import { ExperimentConfigSchema } from './experiments/experiment_config';
import { runExperiment } from './experiments/run_experiment';
import { spawnFpb } from './testing/fpb_process';
import { runZoo } from './zoo/run_zoo';

const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** `fpb zoo --scale tiny --backend torch` with `env` added: its exit code and every line it printed. */
async function zooOnTorch(
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<{ code: number | null; lines: string[] }> {
  const dir = temp('fpb-torch-cli-');
  const { child, output } = spawnFpb(
    [
      'zoo',
      '--scale',
      'tiny',
      '--backend',
      'torch',
      '--cache-dir',
      join(dir, 'c'),
      '--results-dir',
      join(dir, 'r'),
      ...args,
    ],
    { ...process.env, ...env },
  );
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  return { code, lines: output().trim().split('\n') };
}

/** A folder that looks like another libtorch (headers of 2.5.1, libraries by name only). */
function fakeLibtorch(): string {
  const root = temp('fpb-fake-libtorch-');
  mkdirSync(join(root, 'include/torch/csrc/api/include/torch'), { recursive: true });
  mkdirSync(join(root, 'lib'));
  writeFileSync(
    join(root, 'include/torch/csrc/api/include/torch/version.h'),
    '#define TORCH_VERSION_MAJOR 2\n#define TORCH_VERSION_MINOR 5\n#define TORCH_VERSION_PATCH 1\n',
  );
  writeFileSync(join(root, 'lib/libc10.so'), '');
  writeFileSync(join(root, 'lib/libtorch_cpu.so'), '');
  return root;
}

describeWithBackends('the torch backend end to end', ['torch'], () => {
  it('builds the tiny zoo and every fingerprint of every set, and a second zoo has identical weights', async () => {
    const first = join(temp('fpb-torch-a-'), 'cache');
    const lines: string[] = [];
    await runExperiment({
      config: ExperimentConfigSchema.parse({
        name: 'torch-coverage',
        dataset: 'cifar10',
        scale: 'tiny',
        sets: ['table1', 'fingerbench', 'overlap'],
      }),
      backend: 'torch',
      cacheDir: first,
      resultsDir: temp('fpb-torch-r-'),
      log: (l) => lines.push(l),
    });
    expect(lines.some((l) => /^tensor backend: torch \[libtorch [\d.]+ in .*, cpu, 1 thread\]$/.test(l))).toBe(true);
    expect(lines.filter((l) => /failed|error/i.test(l))).toEqual([]);
    const second = join(temp('fpb-torch-b-'), 'cache');
    await runZoo({
      scale: 'tiny',
      seed: 0,
      backend: 'torch',
      cacheDir: second,
      resultsDir: temp('fpb-torch-r-'),
      log: () => undefined,
    });
    const models = readdirSync(second).filter((d) => !d.startsWith('.') && d !== 'fingerprints');
    expect(models.length).toBeGreaterThanOrEqual(17);
    for (const model of models)
      expect(
        readFileSync(join(second, model, 'weights.bin')).equals(readFileSync(join(first, model, 'weights.bin'))),
      ).toBe(true);
  }, 300_000);
});

describe('the torch backend refuses bad setups in one line', () => {
  it.each([
    [
      { LIBTORCH: '/nonexistent-libtorch' },
      /^error: backend 'torch' cannot start: LIBTORCH=\/nonexistent-libtorch is not a folder: point it at an unpacked libtorch archive/,
    ],
    [
      { LIBTORCH: tmpdir() },
      /^error: backend 'torch' cannot start: LIBTORCH=.* is not a libtorch: it lacks include\/torch\/csrc\/api\/include\/torch\/version\.h/,
    ],
  ])(
    '%j',
    async (env, message) => {
      const { code, lines } = await zooOnTorch(env);
      expect(code).toBe(1);
      expect(lines).toEqual([expect.stringMatching(message)]);
    },
    60_000,
  );

  it('an addon built against another libtorch names both and the rebuild', async () => {
    const fake = fakeLibtorch();
    const { code, lines } = await zooOnTorch({ LIBTORCH: fake });
    expect(code).toBe(1);
    // Without a built addon the line says to build it; with one, that it was built against another libtorch.
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: backend 'torch' cannot start: (the torch addon was built against libtorch [\\d.]+ in .*, but the libtorch found now is 2\\.5\\.1 in ${fake}/lib|the torch addon is not built): run npx nx run torch:build`,
        ),
      ),
    ]);
  }, 60_000);

  it('--device cuda where libtorch sees no GPU', async () => {
    const { code, lines } = await zooOnTorch({}, ['--device', 'cuda']);
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(
        /^error: backend 'torch' cannot start: (device cuda \(--device or FPB_DEVICE\): libtorch .* (was built without CUDA|sees no CUDA GPU)|no libtorch found|the torch addon is not built)/,
      ),
    ]);
  }, 60_000);

  it('--device with another value is refused by the command line', async () => {
    const { code, lines } = await zooOnTorch({}, ['--device', 'gpu']);
    expect(code).toBe(1);
    expect(lines[0]).toBe(
      "error: option '--device <cpu|cuda>' argument 'gpu' is invalid. --device must be cpu or cuda, got 'gpu'",
    );
  }, 60_000);
});
