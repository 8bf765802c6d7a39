import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { defaultDataDir } from '@fpb/data';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IMAGE_SIZE } from '@fpb/fingerprints';
import { ARCHITECTURES, loadModel, toOnnx } from '@fpb/models';
import { createRng, initBackend, tf } from '@fpb/tensor';
import { torchSkipReason } from '@fpb/tensor/src/testing/describe_with_backends';
import { copyOfTinyZoo, modelFolder } from '@fpb/zoo/src/testing/tiny_zoo';
import { onnx } from 'onnx-proto';
import { runFpb } from '../testing/fpb_process';
import { exportFingerprint } from './export_fingerprint';
import { exportOnnx } from './export_onnx';
import { importModel } from './import_model';
import { openExternalClassifier } from './external_classifier';
import { maxLogitDifference } from './logit_check';
import { openOnnxClassifier } from './onnx_model';
import { verifySuspect } from './verify_suspect';

const ROOT = resolve(__dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'fpb-onnx-'));
const log = () => undefined;

/** Every weight random, batch-norm variances positive, so that every layer's export is exercised. */
function randomise(model: tf.LayersModel, seed: number): void {
  const rng = createRng(seed);
  for (const layer of model.layers) {
    const weights = layer.getWeights();
    if (weights.length === 0) continue;
    layer.setWeights(
      weights.map((w, k) => {
        const variance = layer.getClassName() === 'BatchNormalization' && k === weights.length - 1;
        const values = Float32Array.from({ length: w.size }, () => (variance ? 0.5 + rng() : (rng() - 0.5) * 0.4));
        return tf.tensor(values, w.shape);
      }),
    );
  }
}

describe('ONNX export', () => {
  beforeAll(() => initBackend('wasm', log));

  it.each(ARCHITECTURES.map((a) => a.name))(
    '%s: onnxruntime gives our logits to 1e-5 on 16 images',
    async (name) => {
      const architecture = ARCHITECTURES.find((a) => a.name === name)!;
      const model = architecture.build({ numClasses: 10, seed: 3, width: 8 });
      randomise(model, 5);
      const file = join(dir, `${name}.onnx`);
      writeFileSync(file, toOnnx(model));
      const count = 16;
      const rng = createRng(11);
      const images = Float32Array.from({ length: count * IMAGE_SIZE }, rng);
      const ours = tf.tidy(() => (model.predict(tf.tensor4d(images, [count, 32, 32, 3])) as tf.Tensor).dataSync());
      model.dispose();
      const onnxModel = await openOnnxClassifier(file);
      expect([onnxModel.layout, onnxModel.numClasses]).toEqual(['NHWC', 10]);
      const theirs = await onnxModel.run(images, count);
      expect(Math.max(...ours.map((v, i) => Math.abs(v - theirs[i])))).toBeLessThan(1e-5);
      // The logits are not all alike, so agreement means something.
      expect(Math.max(...ours) - Math.min(...ours)).toBeGreaterThan(0.1);
    },
    120_000,
  );
});

/** A python with torch and onnx (FPB_PYTHON, else python3), to make a suspect as PyTorch users do. */
function pythonWithTorch(): string | undefined {
  const python = process.env.FPB_PYTHON ?? 'python3';
  try {
    execFileSync(python, ['-c', 'import torch, onnx'], { stdio: 'ignore' });
    return python;
  } catch {
    return undefined;
  }
}
const python = pythonWithTorch();
const hasCifar = existsSync(join(defaultDataDir(), 'cifar-10-batches-bin', 'test_batch.bin'));
const pytorchSkipped = !python
  ? 'no python with torch and onnx (pip install torch onnx; FPB_PYTHON names it)'
  : !hasCifar
    ? 'no CIFAR-10 fetched (npx nx run data:fetch)'
    : undefined;

const FIXTURES = join(__dirname, 'fixtures');
// TorchScript runs on the torch addon; CI builds it and sets FPB_REQUIRE_TORCH=1, so there it must run.
const torchSkipped = torchSkipReason();

describe('a suspect from elsewhere', () => {
  const fingerprint = join(dir, 'deepcore.json');
  let cacheDir: string;
  const folder = (prefix: string) => modelFolder(cacheDir, prefix);

  beforeAll(async () => {
    cacheDir = await copyOfTinyZoo();
    await exportFingerprint({
      scale: 'tiny',
      seed: 0,
      backend: 'wasm',
      cacheDir,
      method: 'deepcore',
      out: fingerprint,
      log,
    });
  }, 600_000);

  it('exported to ONNX, then imported, is judged as the saved model is', async () => {
    const saved = await verifySuspect({ fingerprint, suspect: folder('PM_FA_0-'), backend: 'wasm', log });
    const file = join(dir, 'pm_fa.onnx');
    const lines: string[] = [];
    const { maxDifference } = await exportOnnx({
      model: folder('PM_FA_0-'),
      out: file,
      backend: 'wasm',
      log: (l) => lines.push(l),
    });
    expect(maxDifference).toBeLessThan(1e-5);
    expect(lines.at(-1)).toMatch(
      /^wrote .*pm_fa\.onnx: onnxruntime's logits of 64 random images are within \d\.\de-\d of ours$/,
    );
    const direct = await verifySuspect({ fingerprint, suspect: file, backend: 'wasm', log });
    const { dir: imported } = await importModel({
      file,
      name: 'pm_fa',
      classes: 10,
      importsDir: join(dir, 'imports'),
      backend: 'wasm',
      log,
    });
    const viaImport = await verifySuspect({ fingerprint, suspect: imported, backend: 'wasm', log });
    for (const r of [direct, viaImport]) {
      expect(r.score).toBeCloseTo(saved.score, 3);
      expect([r.copy, r.queries]).toEqual([saved.copy, saved.queries]);
    }
  }, 300_000);

  it('is refused in one line when it is not a CIFAR classifier, not ONNX, or altered after import', async () => {
    const imports = join(dir, 'imports');
    const small = ARCHITECTURES[0].build({ numClasses: 5, seed: 1, width: 8 });
    writeFileSync(join(dir, 'five.onnx'), toOnnx(small));
    small.dispose();
    await expect(
      importModel({
        file: join(dir, 'five.onnx'),
        name: 'five',
        classes: 10,
        importsDir: imports,
        backend: 'wasm',
        log,
      }),
    ).rejects.toThrow(`${join(dir, 'five.onnx')} answers 5 classes, not 10: give --classes or the right model`);
    // A model of vectors, and a model with an operator onnxruntime does not know.
    const graph = (opType: string, dims: number[]) =>
      onnx.ModelProto.encode(
        onnx.ModelProto.create({
          irVersion: 8,
          opsetImport: [{ domain: '', version: 13 }],
          graph: {
            name: 'g',
            node: [{ opType, input: ['x'], output: ['y'] }],
            input: [
              {
                name: 'x',
                type: { tensorType: { elemType: 1, shape: { dim: dims.map((dimValue) => ({ dimValue })) } } },
              },
            ],
            output: [{ name: 'y', type: { tensorType: { elemType: 1 } } }],
          },
        }),
      ).finish();
    writeFileSync(join(dir, 'vector.onnx'), graph('Relu', [1, 2]));
    await expect(openOnnxClassifier(join(dir, 'vector.onnx'))).rejects.toThrow(
      `${join(dir, 'vector.onnx')}: its input x is float32 [1, 2], not one batch of 32x32 RGB float32 images (NHWC [n, 32, 32, 3] or NCHW [n, 3, 32, 32])`,
    );
    writeFileSync(join(dir, 'odd.onnx'), graph('NoSuchOperator', [1, 32, 32, 3]));
    await expect(openOnnxClassifier(join(dir, 'odd.onnx'))).rejects.toThrow(
      /odd\.onnx: onnxruntime cannot load it: .*NoSuchOperator/,
    );
    writeFileSync(join(dir, 'weights.pt'), Buffer.from('not a zip of a TorchScript program'));
    await expect(openExternalClassifier(join(dir, 'weights.pt'))).rejects.toThrow(
      `${join(dir, 'weights.pt')}: not a TorchScript module (save one with torch.jit.trace(model, x).save(path); a state dict of one of our architectures: fpb import --architecture): `,
    );
    // An imported model whose bytes changed is named, with the fix.
    const model = join(imports, 'pm_fa', 'model.onnx');
    const bytes = readFileSync(model);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(model, bytes);
    await expect(verifySuspect({ fingerprint, suspect: join(imports, 'pm_fa'), backend: 'wasm', log })).rejects.toThrow(
      /^imported model .*pm_fa is damaged: model\.onnx .*; import it again$/,
    );
  }, 120_000);
  (torchSkipped ? it.skip : it)(
    `made by PyTorch 2.15 as TorchScript and as ONNX (fixtures), is imported in both forms and judged alike${torchSkipped ? ` (skipped: ${torchSkipped})` : ''}`,
    async () => {
      const imports = join(dir, 'imports');
      const judged = [];
      for (const file of ['pytorch_resnet8_w4.pt', 'pytorch_resnet8_w4.onnx']) {
        const name = file.replace('.', '_');
        const { dir: imported, record } = await importModel({
          file: join(FIXTURES, file),
          name,
          classes: 10,
          importsDir: imports,
          backend: 'wasm',
          log,
        });
        expect([record.modelFormat, record.layout, record.numClasses]).toEqual([
          file.endsWith('.pt') ? 'torchscript' : 'onnx',
          'NCHW',
          10,
        ]);
        judged.push(await verifySuspect({ fingerprint, suspect: imported, backend: 'wasm', log }));
      }
      const [torchscript, onnxFile] = judged;
      expect(torchscript.score).toBeCloseTo(onnxFile.score, 4);
      expect([torchscript.copy, torchscript.queries]).toEqual([onnxFile.copy, onnxFile.queries]);
      // An independent model trained on 2,000 images by PyTorch: not a copy of the tiny victim.
      expect(torchscript.copy).toBe(false);
    },
    120_000,
  );

  (torchSkipped ? it.skip : it)(
    `made by PyTorch 2.15 (TorchScript, ONNX with folded BatchNorms, a state dict) is read into our ResNet-8 with PyTorch's padding, computes what PyTorch computes, and is judged as its runtime is${torchSkipped ? ` (skipped: ${torchSkipped})` : ''}`,
    async () => {
      const imports = join(dir, 'imports');
      const runtime = await openExternalClassifier(join(FIXTURES, 'pytorch_resnet8_w4.pt'));
      const byRuntime = await verifySuspect({
        fingerprint,
        suspect: join(FIXTURES, 'pytorch_resnet8_w4.pt'),
        backend: 'wasm',
        log,
      });
      const lines: string[] = [];
      for (const [file, format] of [
        ['pytorch_resnet8_w4.pt', 'torchscript'],
        ['pytorch_resnet8_w4.onnx', 'onnx'],
        ['pytorch_resnet8_w4_state_dict.pt', 'state-dict'],
      ]) {
        const { dir: imported, record } = await importModel({
          file: join(FIXTURES, file),
          name: `ours_${format}`,
          classes: 10,
          architecture: 'resnet8',
          importsDir: imports,
          backend: 'wasm',
          log: (l) => lines.push(l),
        });
        expect(record.modelFormat).toBe(format);
        // Width 4 from the first convolution; the ONNX shows symmetric pads, TorchScript's runtime
        // rules out TensorFlow's, a state dict is PyTorch's.
        expect([record.architecture?.name, record.architecture?.width, record.architecture?.padding]).toEqual([
          'resnet8',
          4,
          'symmetric',
        ]);
        expect(record.architecture?.check === null).toBe(format === 'state-dict');
        const { model } = await loadModel(imported);
        expect((await maxLogitDifference(model, runtime)).maxDifference).toBeLessThan(1e-4);
        model.dispose();
        const judged = await verifySuspect({ fingerprint, suspect: imported, backend: 'wasm', log });
        expect(judged.score).toBeCloseTo(byRuntime.score, 3);
        expect([judged.copy, judged.queries]).toEqual([byRuntime.copy, byRuntime.queries]);
      }
      // The ONNX fixture's exporter folded every BatchNorm: exact as a suspect, said as a victim.
      expect(lines.find((l) => l.startsWith('warning:'))).toMatch(
        /^warning: .*pytorch_resnet8_w4\.onnx: its exporter folded 9 BatchNorms into the convolutions: exact as a suspect, but as a victim /,
      );
      expect(lines.find((l) => l.includes('state dict has no program'))).toMatch(
        /pytorch_resnet8_w4_state_dict\.pt: a state dict has no program to compare with: read as resnet8 w4, symmetric padding, unchecked$/,
      );
      expect(lines.find((l) => l.startsWith(join(FIXTURES, 'pytorch_resnet8_w4.pt')))).toMatch(
        /: as resnet8 w4 with symmetric padding, its logits match its own runtime's within \d\.\de-\d+ \(64 random images\)$/,
      );
      // Another architecture, or a padding that is not the model's, is refused in one line.
      await expect(
        importModel({
          file: join(FIXTURES, 'pytorch_resnet8_w4.pt'),
          name: 'x',
          classes: 10,
          architecture: 'vgg',
          importsDir: imports,
          backend: 'wasm',
          log,
        }),
      ).rejects.toThrow(
        `${join(FIXTURES, 'pytorch_resnet8_w4.pt')}: its weight layer 5 3.body.3 (conv [4, 4, 3, 3]) does not fit vgg's s2_c1_conv (Conv2D [3, 3, 4, 8]): the shapes differ`,
      );
      await expect(
        importModel({
          file: join(FIXTURES, 'pytorch_resnet8_w4.onnx'),
          name: 'x',
          classes: 10,
          architecture: 'resnet8',
          padding: 'same',
          importsDir: imports,
          backend: 'wasm',
          log,
        }),
      ).rejects.toThrow(
        /its weights fit resnet8 w4, but the logits differ from its own runtime's by [\d.]+ with same padding: it computes something else/,
      );
    },
    120_000,
  );

  (pytorchSkipped ? it.skip : it)(
    `trained by PyTorch 2.x, is imported and judged independent of the tiny victim from the command line${pytorchSkipped ? ` (skipped: ${pytorchSkipped})` : ''}`,
    async () => {
      const file = join(dir, 'pytorch.onnx');
      const stateDict = join(dir, 'pytorch.pth');
      execFileSync(
        python!,
        [join(ROOT, 'tools/audit/pytorch_suspect.py'), file, stateDict, '--images', '1000', '--epochs', '1'],
        { stdio: 'ignore' },
      );
      const imported = await runFpb([
        'import',
        file,
        '--name',
        'pytorch',
        '--imports-dir',
        join(dir, 'imports'),
        '--backend',
        'wasm',
      ]);
      expect(imported.output).toMatch(
        /imported pytorch: .* \(ONNX, NCHW input, 10 classes, sha256 [0-9a-f]{12}\.\.\.\)/,
      );
      const verdict = await runFpb([
        'verify',
        fingerprint,
        '--suspect',
        join(dir, 'imports', 'pytorch'),
        '--backend',
        'wasm',
      ]);
      expect(verdict.output).toMatch(
        /DeepCore \(L1_dist\): score -?[\d.]+, threshold -?[\d.]+: INDEPENDENT \(10 queries\)/,
      );
      expect(verdict.code).toBe(0);
      // Its state dict read into our ResNet-8 (unchecked: no program) and its ONNX (BatchNorms kept,
      // checked against onnxruntime, nothing folded) are judged as the ONNX model is.
      const importAsResNet = (from: string, name: string) =>
        runFpb(['import', from, '--name', name, '--architecture', 'resnet8', '--imports-dir', join(dir, 'imports')]);
      const asResNet = await importAsResNet(stateDict, 'sd');
      expect(asResNet.output).toMatch(
        /a state dict has no program to compare with: read as resnet8 w16, symmetric padding, unchecked/,
      );
      expect(asResNet.output).toMatch(
        /imported sd: .* \(PyTorch state dict, NCHW input, 10 classes, as resnet8 w16, sha256/,
      );
      const onnxAsResNet = await importAsResNet(file, 'onnx-resnet');
      expect(onnxAsResNet.output).toMatch(
        /as resnet8 w16 with symmetric padding, its logits match its own runtime's within/,
      );
      expect(onnxAsResNet.output).not.toMatch(/folded/);
      for (const name of ['sd', 'onnx-resnet']) {
        const again = await runFpb([
          'verify',
          fingerprint,
          '--suspect',
          join(dir, 'imports', name),
          '--backend',
          'wasm',
        ]);
        expect(again.output.match(/score (-?[\d.]+)/)?.[1]).toBe(verdict.output.match(/score (-?[\d.]+)/)?.[1]);
      }
    },
    600_000,
  );
});
