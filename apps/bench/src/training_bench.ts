import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BACKEND_LADDER,
  BackendUnavailableError,
  createRng,
  flagsNote,
  switchBackend,
  tf,
  type BackendName,
} from '@fpb/tensor';
import { getArchitecture } from '@fpb/models';
import { arg } from './bench_args';

/**
 * Training and inference throughput of ResNet-8 (width 16, batch 64) on every backend that starts
 * here, measured after warm-up in one process. A benchmark that prints figures, not a test.
 *   npx nx run bench:training [-- --backends torch,wasm,cpu --seconds 20 --profile]
 * With --profile, one more training step runs under tf.profile and the kernels that took longest
 * are printed (a kernel's time includes the kernels it calls through the engine).
 * Where a python3 with torch is found (FPB_PYTHON, python3, /usr/bin/python3), PyTorch's own speed on
 * the same net, batch, optimizer and one thread (or FPB_DEVICE=cuda's GPU) is measured in the same run (python/resnet8_reference.py),
 * so the ratios come from one run. A reference for comparison only: the product never needs Python.
 */
const MODEL = 'resnet8';
const WIDTH = Number(arg('--width') ?? 16);
const BATCH = Number(arg('--batch') ?? 64);
const SECONDS = Number(arg('--seconds') ?? 15);
const PROFILE = process.argv.includes('--profile');
const PYTORCH = !process.argv.includes('--no-pytorch');

function randomBatch(n: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const rng = createRng(1);
  const x = tf.tensor4d(Float32Array.from({ length: n * 32 * 32 * 3 }, rng), [n, 32, 32, 3]);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % 10),
      'int32',
    ),
    10,
  ) as tf.Tensor2D;
  return { x, y };
}

/** Time per kernel name (convolutions also by input shapes) over one call of `step`, longest first. */
async function printProfile(backend: BackendName, step: () => Promise<void>): Promise<void> {
  const info = await tf.profile(step);
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const key = k.name.startsWith('Conv') ? `${k.name} ${JSON.stringify(k.inputShapes)}` : k.name;
    const entry = byKernel.get(key) ?? { ms: 0, calls: 0 };
    entry.ms += Number(k.kernelTimeMs) || 0;
    entry.calls++;
    byKernel.set(key, entry);
  }
  console.log(`profile backend=${backend}: one training step, kernels by time (ms, calls)`);
  for (const [key, { ms, calls }] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
    console.log(`${ms.toFixed(1).padStart(8)} ${String(calls).padStart(4)}  ${key}`);
}

/** Runs `step` until `seconds` have passed (at least once) and returns images per second. */
async function throughput(step: () => Promise<void>, images: number, seconds: number): Promise<number> {
  const start = performance.now();
  let n = 0;
  do {
    await step();
    n++;
  } while (performance.now() - start < seconds * 1000);
  return (n * images) / ((performance.now() - start) / 1000);
}

async function measure(backend: BackendName): Promise<{ train: number; infer: number }> {
  await switchBackend(backend);
  const model = getArchitecture(MODEL).build({ numClasses: 10, seed: 0, width: WIDTH });
  const optimizer = tf.train.momentum(0.01, 0.9);
  const { x, y } = randomBatch(BATCH);
  const trainStep = async () => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      true,
    );
    await loss!.data();
    loss!.dispose();
  };
  const inferStep = async () => {
    const out = model.predict(x) as tf.Tensor;
    await out.data();
    out.dispose();
  };
  // Warm-up: first calls compile shaders / allocate; the cpu backend is too slow to warm up at full batch.
  if (backend !== 'cpu') {
    await trainStep();
    await inferStep();
  }
  const train = await throughput(trainStep, BATCH, SECONDS);
  if (PROFILE) await printProfile(backend, trainStep);
  const infer = await throughput(inferStep, BATCH, SECONDS / 3);
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return { train, infer };
}

type Speed = { train: number; infer: number };

/** A python3 that imports torch, or undefined. */
function pythonWithTorch(): string | undefined {
  const candidates = [process.env.FPB_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  return candidates.find((python) => {
    try {
      execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
}

/** PyTorch's figures per memory layout (nchw, channels_last), printed as they come. */
function pytorchReference(python: string): Map<string, Speed> {
  // Beside the bundle in the packed app (runner:pack), else apps/bench/python.
  const packed = join(__dirname, 'python', 'resnet8_reference.py');
  const script = existsSync(packed) ? packed : join(__dirname, '..', 'python', 'resnet8_reference.py');
  // On the device the torch backend runs on (FPB_DEVICE / --device), so the ratio compares like with like.
  const device = process.env.FPB_DEVICE === 'cuda' ? 'cuda' : 'cpu';
  const out = execFileSync(python, [script, String(SECONDS), device], { encoding: 'utf8' });
  const speeds = new Map<string, Speed>();
  for (const line of out.trim().split('\n')) {
    console.log(line);
    const m = /layout=(\S+) .*train_img_per_s=([\d.]+) infer_img_per_s=([\d.]+)/.exec(line);
    if (m) speeds.set(m[1], { train: Number(m[2]), infer: Number(m[3]) });
  }
  return speeds;
}

const ratio = (a: Speed, b: Speed) =>
  `train=${(a.train / b.train).toFixed(2)}x infer=${(a.infer / b.infer).toFixed(2)}x`;

async function main(): Promise<void> {
  const wanted = (arg('--backends')?.split(',') ?? [...BACKEND_LADDER]) as BackendName[];
  const results = new Map<BackendName, Speed>();
  for (const backend of wanted) {
    try {
      const r = await measure(backend);
      results.set(backend, r);
      console.log(
        `backend=${backend} model=${MODEL}-w${WIDTH} batch=${BATCH} train_img_per_s=${r.train.toFixed(2)} infer_img_per_s=${r.infer.toFixed(2)}${flagsNote(backend)}`,
      );
    } catch (e) {
      const why = e instanceof BackendUnavailableError ? e.reason : (e as Error).message;
      console.log(`backend=${backend} skipped: ${why}`);
    }
  }
  const wasm = results.get('wasm');
  const cpu = results.get('cpu');
  const torch = results.get('torch');
  if (wasm && cpu) console.log(`ratio wasm/cpu: ${ratio(wasm, cpu)}`);
  if (torch && wasm) console.log(`ratio torch/wasm: ${ratio(torch, wasm)}`);
  const python = PYTORCH ? pythonWithTorch() : undefined;
  if (!PYTORCH) return;
  if (!python) return console.log('pytorch reference skipped: no python3 with torch (set FPB_PYTHON to one)');
  for (const [layout, speed] of pytorchReference(python))
    if (torch) console.log(`ratio torch/pytorch-${layout}: ${ratio(torch, speed)}`);
}

main().catch((e) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
