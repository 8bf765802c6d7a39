import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getArchitecture, stepMemoryOf, theoreticalStepBytes } from '@fpb/models';
import { initBackend } from '@fpb/tensor';
import { FAMILIES, getZooScale, victimFamily } from '@fpb/zoo';
import { microBatchFor, planMemory, trainingEpochs, TrainingDoesNotFitError } from './training_plan';
import { trainVictim } from './train_victim';

beforeAll(() => initBackend('wasm', () => undefined));

describe('memory per training step', () => {
  it('theory: 3 x the parameters and 2 x the activations of each image', () => {
    const model = getArchitecture('resnet8').build({ numClasses: 10, seed: 0, width: 16 });
    const m = stepMemoryOf(model);
    expect(m.parameterBytes).toBe(4 * model.countParams());
    expect(theoreticalStepBytes(m, 10) - theoreticalStepBytes(m, 0)).toBe(20 * m.activationBytesPerImage);
    // The first convolution alone outputs 32 x 32 x 16 floats per image.
    expect(m.activationBytesPerImage).toBeGreaterThan(4 * 32 * 32 * 16);
  });

  it('halves the batch until a step fits, and says when not even one image does', () => {
    const memory = { parameterBytes: 100, activationBytesPerImage: 10 };
    // need(b) = (300 + 20 b) x 2: 1880 at 32, 1240 at 16, 920 at 8.
    expect(microBatchFor(memory, 32, { bytes: 1000, overTheory: 2 })?.micro).toBe(8);
    expect(microBatchFor(memory, 32, { bytes: 5000, overTheory: 2 })?.micro).toBe(32);
    expect(microBatchFor(memory, 32, { bytes: 500, overTheory: 2 })).toBeUndefined();
  });

  it("the paper's victim (ResNet-18 w64, batch 128) does not fit the wasm heap: micro-batches, said in one line", () => {
    const victim = victimFamily.recipes(getZooScale('paper'), 0);
    const plan = planMemory(victim, 10, 'wasm', { microBatches: true });
    expect(plan.microBatches.victim).toBe(64);
    expect(plan.lines).toEqual([
      expect.stringMatching(
        /^resnet18 w64, batch 128 on wasm: \d+\.\d GiB per step is over the 4\.0 GiB heap: micro-batches of 64 \(~\d\.\d GiB\)$/,
      ),
    ]);
    expect(plan.peakBytes).toBeLessThan(4 * 2 ** 30);
    // Backends without a known limit take the batch whole.
    expect(planMemory(victim, 10, 'webgpu', { microBatches: true }).microBatches).toEqual({});
  });

  it('without micro-batches, train-victim --scale paper on wasm stops at once, before reading any data', async () => {
    const lines: string[] = [];
    const refusal = trainVictim({
      scale: 'paper',
      backend: 'wasm',
      seed: 0,
      microBatches: false,
      progress: false,
      cacheDir: join(mkdtempSync(join(tmpdir(), 'fpb-paper-')), 'c'),
      log: (l) => lines.push(l),
    });
    await expect(refusal).rejects.toThrow(TrainingDoesNotFitError);
    await expect(refusal).rejects.toThrow(
      /^victim \(resnet18 w64, batch 128\) needs ~\d+\.\d GiB per training step on wasm, over its 4\.0 GiB: allow micro-batches \(drop --no-micro-batches; it would use 64\) or use another backend$/,
    );
    expect(lines.some((l) => /training subset|read \d+ records|fetch/.test(l))).toBe(false);
  });
});

describe('training epochs', () => {
  it("count transfer learning's head epochs before its fine-tuning epochs", () => {
    const mini = getZooScale('mini');
    const recipes = FAMILIES.flatMap((f) => f.recipes(mini, 0));
    const transfer = recipes.find((r) => r.procedure.kind === 'transfer')!;
    // 2 head epochs at mini, then the 2 epochs of fine-tuning.
    expect(trainingEpochs(transfer)).toBe(mini.training.transferHead.epochs + mini.training.finetune.epochs);
    expect(trainingEpochs(transfer)).toBe(4);
    const victim = victimFamily.recipes(mini, 0)[0];
    expect(trainingEpochs(victim)).toBe(victim.train.epochs);
  });
});
