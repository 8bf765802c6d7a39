/**
 * The accuracy-versus-wall-time frontier of candidate victim recipes on this machine: each candidate
 * trains the victim on its share X_v (2/5) of a class-balanced CIFAR-10 subset, in its own process
 * (one per core at a time), and reports its test accuracy on the whole 10,000-image test set and its
 * training seconds. Fetches CIFAR-10 into the per-user cache if it is missing.
 *
 *   npx nx run bench:recipes [-- --recipes mini,more-images --workers 2 --backend torch]
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { balancedSubset, deepCoreSplit, fetchCifar10, loadCifar10, resolveDataDir, subset } from '@fpb/data';
import { accuracy, getArchitecture, getScale, trainModel, type TrainConfigInput } from '@fpb/models';
import { initBackend, parseBackendChoice } from '@fpb/tensor';
import { arg } from './bench_args';

interface Recipe {
  architecture: string;
  width: number;
  /** Training images per class in the subset; the victim gets 2/5 of them (X_v). */
  perClass: number;
  train: TrainConfigInput;
}

/** The mini victim recipe before this benchmark (ResNet-8 w16, 2,000 images x 15): the baseline candidates vary. */
const MINI: TrainConfigInput = {
  epochs: 15,
  batchSize: 64,
  learningRate: 0.05,
  momentum: 0.9,
  weightDecay: 5e-4,
  schedule: 'cosine',
  warmupEpochs: 1,
};

const chosen = getScale('mini').victim;

/** Candidates around the image-passes of the former mini victim (2,000 images x 15 epochs = 30,000). */
const RECIPES: Record<string, Recipe> = {
  'former-mini': { architecture: 'resnet8', width: 16, perClass: 500, train: MINI },
  /** The recipe the mini scale uses now. */
  mini: { architecture: chosen.architecture, width: chosen.width, perClass: 5000, train: chosen.train },
  'more-images': { architecture: 'resnet8', width: 16, perClass: 1250, train: { ...MINI, epochs: 6 } },
  'more-images-smoothing': {
    architecture: 'resnet8',
    width: 16,
    perClass: 1250,
    train: { ...MINI, epochs: 6, labelSmoothing: 0.2, learningRate: 0.1 },
  },
  'all-images': {
    architecture: 'resnet8',
    width: 16,
    perClass: 5000,
    train: { ...MINI, epochs: 2, warmupEpochs: 0.2 },
  },
  'vgg-more-images': { architecture: 'vgg', width: 16, perClass: 1250, train: { ...MINI, epochs: 6 } },
  'vgg-all-images': {
    architecture: 'vgg',
    width: 16,
    perClass: 5000,
    train: { ...MINI, epochs: 3, warmupEpochs: 0.2, labelSmoothing: 0.2, learningRate: 0.1 },
  },
  'vgg-all-images-4-epochs': {
    architecture: 'vgg',
    width: 16,
    perClass: 5000,
    train: { ...MINI, epochs: 4, warmupEpochs: 0.2, labelSmoothing: 0.2, learningRate: 0.1 },
  },
  'vgg-all-images-6-epochs': {
    architecture: 'vgg',
    width: 16,
    perClass: 5000,
    train: { ...MINI, epochs: 6, warmupEpochs: 0.2, labelSmoothing: 0.2, learningRate: 0.1 },
  },
  'vgg-all-images-batch-128': {
    architecture: 'vgg',
    width: 16,
    perClass: 5000,
    train: { ...MINI, epochs: 3, batchSize: 128, warmupEpochs: 0.2, labelSmoothing: 0.2, learningRate: 0.2 },
  },
  // The mini zoo's other architectures on the victim's recipe: homologous models must reach 60% too.
  'resnet8-all-images-4-epochs': { architecture: 'resnet8', width: 16, perClass: 5000, train: chosen.train },
  'densenet-w8-all-images-4-epochs': { architecture: 'densenet', width: 8, perClass: 5000, train: chosen.train },
  'densenet-w12-all-images-4-epochs': { architecture: 'densenet', width: 12, perClass: 5000, train: chosen.train },
  'mobilenet-w16-all-images-4-epochs': { architecture: 'mobilenet', width: 16, perClass: 5000, train: chosen.train },
  'mobilenet-w24-all-images-4-epochs': { architecture: 'mobilenet', width: 24, perClass: 5000, train: chosen.train },
  'mobilenet-w32-all-images-4-epochs': { architecture: 'mobilenet', width: 32, perClass: 5000, train: chosen.train },
  'vgg-w32-more-images': { architecture: 'vgg', width: 32, perClass: 1250, train: { ...MINI, epochs: 6 } },
  'vgg-more-images-smoothing': {
    architecture: 'vgg',
    width: 16,
    perClass: 1250,
    train: { ...MINI, epochs: 6, labelSmoothing: 0.2, learningRate: 0.1 },
  },
};

async function measure(name: string): Promise<void> {
  const r = RECIPES[name];
  const { backend } = await initBackend(parseBackendChoice(arg('--backend') ?? 'wasm', '--backend'), () => undefined);
  const data = loadCifar10(resolveDataDir(arg('--data-dir')));
  const picked = balancedSubset(data.train.labels, 10, r.perClass, 0);
  const train = subset(data.train, picked);
  const victim = deepCoreSplit(train.labels, 10, { overlap: 0, seed: 0 }).victim;
  const model = getArchitecture(r.architecture).build({ numClasses: 10, seed: 0, width: r.width });
  const started = Date.now();
  const result = await trainModel(model, train, { ...r.train, seed: 0 }, { indices: victim });
  const seconds = (Date.now() - started) / 1000;
  const passes = victim.length * result.config.epochs;
  console.log(
    `recipe=${name} backend=${backend} model=${r.architecture}-w${r.width} images=${victim.length} epochs=${result.config.epochs} ` +
      `image_passes=${passes} seconds=${seconds.toFixed(0)} test_accuracy=${accuracy(model, data.test).toFixed(4)}`,
  );
}

async function main(): Promise<void> {
  const one = arg('--recipe');
  if (one) return measure(one);
  const names = arg('--recipes')?.split(',') ?? Object.keys(RECIPES);
  const unknown = names.filter((n) => !RECIPES[n]);
  if (unknown.length > 0)
    throw new Error(`unknown recipe(s) ${unknown.join(', ')}; known: ${Object.keys(RECIPES).join(', ')}`);
  await fetchCifar10({ dataDir: resolveDataDir(arg('--data-dir')), log: (l) => console.log(l) });
  const workers = Number(arg('--workers') ?? availableParallelism());
  const queue = [...names];
  const run = async (): Promise<void> => {
    const name = queue.shift();
    if (!name) return;
    await new Promise<void>((done) => {
      const child = spawn(
        process.execPath,
        ['--require', require.resolve('tsx/cjs'), __filename, '--recipe', name, ...process.argv.slice(2)],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      child.stdout.on('data', (d) => process.stdout.write(d));
      child.on('exit', () => done());
    });
    return run();
  };
  await Promise.all(Array.from({ length: workers }, run));
  console.log(
    `${names.length} recipes measured with ${workers} at a time (each one core; timings include a neighbour's load)`,
  );
}

main().catch((e: Error) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
