/**
 * Memory per training step: for each architecture x batch (x micro-batch) x backend, in a fresh
 * process (the wasm heap only grows), two training steps, then the backend's high-water mark next to
 * the bytes the step needs in theory and the most tensor bytes tfjs held live at once.
 *
 *   npx nx run bench:memory [-- --backends wasm --cases resnet18:64:32,resnet18:64:128:32]
 *
 * A case is architecture:width:batch[:micro-batch].
 */
import { spawnSync } from 'node:child_process';
import { generateDataset } from '@fpb/data';
import { getArchitecture, stepMemoryOf, theoreticalStepBytes, trainModel } from '@fpb/models';
import { backendMemory, initBackend, parseBackendChoice, tf, type BackendName } from '@fpb/tensor';
import { arg } from './bench_args';

const DEFAULT_CASES = ['resnet8:16:64', 'resnet18:64:32', 'resnet18:64:64', 'resnet18:64:128', 'resnet18:64:128:32'];
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** One case, in this process: two steps, then the figures as one line. */
async function measure(spec: string, backend: BackendName): Promise<void> {
  const [architecture, width, batch, micro] = spec.split(':');
  const batchSize = Number(batch);
  await initBackend(backend, () => undefined);
  const model = getArchitecture(architecture).build({ numClasses: 10, seed: 0, width: Number(width) });
  const data = generateDataset({ trainPerClass: Math.ceil((2 * batchSize) / 10), testPerClass: 1 });
  const theory = theoreticalStepBytes(stepMemoryOf(model), micro ? Number(micro) : batchSize);
  const started = Date.now();
  const info = await tf.profile(async () => {
    await trainModel(
      model,
      data.train,
      { epochs: 1, batchSize, learningRate: 0.01, microBatchSize: micro ? Number(micro) : undefined },
      { indices: Array.from({ length: 2 * batchSize }, (_, i) => i) },
    );
    return [];
  });
  const seconds = (Date.now() - started) / 2000;
  const heap = backendMemory();
  console.log(
    `case=${spec} backend=${backend} theory_mib=${mib(theory)} peak_tensors_mib=${mib(info.peakBytes)} ` +
      `${heap.what.replace(/ /g, '_')}_mib=${mib(heap.bytes)} over_theory=${(heap.bytes / theory).toFixed(2)}x ` +
      `seconds_per_step=${seconds.toFixed(1)}`,
  );
}

function main(): void {
  const only = arg('--case');
  if (only) {
    measure(only, parseBackendChoice(arg('--backend')) as BackendName).catch((e: Error) => {
      console.log(`case=${only} backend=${arg('--backend')} error=${e.message.split('\n')[0]}`);
      process.exitCode = 1;
    });
    return;
  }
  const backends = (arg('--backends') ?? 'wasm').split(',');
  const cases = arg('--cases')?.split(',') ?? DEFAULT_CASES;
  for (const backend of backends)
    for (const spec of cases) {
      const r = spawnSync(
        process.execPath,
        ['--require', require.resolve('tsx/cjs'), __filename, '--case', spec, '--backend', backend],
        { encoding: 'utf8' },
      );
      const line = r.stdout.split('\n').find((l) => l.startsWith('case='));
      // A wasm trap kills the process before it can say anything: report how it ended.
      console.log(
        line ??
          `case=${spec} backend=${backend} error=${(r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`).slice(0, 160)}`,
      );
    }
}

main();
