import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPortableFingerprint } from '@fpb/fingerprints';
import { copyOfTinyZoo, modelFolder } from '@fpb/zoo/src/testing/tiny_zoo';
import { runZoo } from '../zoo/run_zoo';
import { exportFingerprint } from './export_fingerprint';
import { exportOnnx } from './export_onnx';
import { importModel } from './import_model';
import { importedVictimAt } from './imported_victim';
import { verifySuspect } from './verify_suspect';

const log = () => undefined;

describe('a victim made elsewhere (fpb import --architecture, then --victim)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fpb-victim-'));
  const imports = join(dir, 'imports');
  let cacheDir: string;
  const folder = (prefix: string) => modelFolder(cacheDir, prefix);
  const onnxVictim = join(dir, 'victim.onnx');

  beforeAll(async () => {
    cacheDir = await copyOfTinyZoo();
    // The tiny zoo's victim as another framework would hand it over: an ONNX file.
    await exportOnnx({ model: folder('victim-'), out: onnxVictim, backend: 'wasm', log });
  }, 300_000);

  it('is refused in one line when the folder is no import, or an import without an architecture', async () => {
    expect(() => importedVictimAt(dir)).toThrow(`--victim ${dir}: not a folder made by fpb import`);
    const { dir: suspectOnly } = await importModel({
      file: onnxVictim,
      name: 'suspect',
      classes: 10,
      importsDir: imports,
      backend: 'wasm',
      log,
    });
    expect(() => importedVictimAt(suspectOnly)).toThrow(
      /--victim .*suspect: imported as a suspect only; a victim's fingerprints need gradients through it: import it again with --architecture \(resnet8, /,
    );
  }, 60_000);

  it('gets a zoo built around it and the fingerprint the same weights give when trained here', async () => {
    const { dir: victim } = await importModel({
      file: onnxVictim,
      name: 'onnx-victim',
      classes: 10,
      architecture: 'resnet8',
      importsDir: imports,
      backend: 'wasm',
      log,
    });
    // Width and padding read from the file: ResNet-8 at width 8, TensorFlow's padding (our export).
    expect(importedVictimAt(victim)).toEqual({
      name: 'onnx-victim',
      architecture: 'resnet8',
      width: 8,
      padding: 'same',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const buildZoo = (log: (line: string) => void) =>
      runZoo({ scale: 'tiny', seed: 0, backend: 'wasm', cacheDir, resultsDir: join(dir, 'zoo'), victim, log });
    const lines: string[] = [];
    const zoo = await buildZoo((l) => lines.push(l));
    expect(zoo.failed).toEqual([]);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^imported victim resnet8 w8 placed in the zoo cache: test accuracy [\d.]+% on this experiment's test set$/,
      ),
    );
    // What derives from the victim is built again from the imported one; homologous models do not
    // depend on it and come from the cache.
    expect(zoo.built.filter((id) => id.startsWith('HM_'))).toEqual([]);
    expect(zoo.built).toEqual(expect.arrayContaining(['PM_FL/0', 'PM_FA/0', 'EM_SA_L/0', 'EM_DA_Pr/0']));
    expect(readFileSync(join(dir, 'zoo', 'table1.md'), 'utf8')).toMatch(
      /\| victim \| victim \| 1 \| 0 \| .* \| imported, not trained here: resnet8 w8 with same padding, from a file of sha256 [0-9a-f]{12}\.\.\. \|/,
    );

    const fingerprintOf = async (out: string, v?: string) => {
      await exportFingerprint({
        scale: 'tiny',
        seed: 0,
        backend: 'wasm',
        cacheDir,
        victim: v,
        method: 'deepcore',
        out,
        log,
      });
      return readPortableFingerprint(out);
    };
    const imported = await fingerprintOf(join(dir, 'imported.json'), victim);
    const trainedHere = await fingerprintOf(join(dir, 'here.json'));
    expect(imported.calibration.calibratedOn).toMatch(
      /^the tiny zoo built around the imported victim onnx-victim \(seed 0\): /,
    );
    // The same weights give the same core points, whichever way they came in.
    expect(imported.fingerprint.count).toBe(trainedHere.fingerprint.count);
    expect(Array.from(imported.fingerprint.inputs)).toEqual(Array.from(trainedHere.fingerprint.inputs));

    const judge = (suspect: string) =>
      verifySuspect({ fingerprint: join(dir, 'imported.json'), suspect, backend: 'wasm', log });
    const itself = await judge(onnxVictim);
    expect([itself.score, itself.copy]).toEqual([expect.closeTo(0, 4), true]);
    const fineTuned = await judge(folder('PM_FL_0-'));
    const independent = await judge(folder('HM_DA_0-'));
    expect(fineTuned.score).toBeGreaterThan(independent.score);

    // A rerun places nothing and builds nothing.
    const again = await buildZoo(log);
    expect(again.built).toEqual([]);
  }, 600_000);
});
