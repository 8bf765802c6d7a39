import { BackendUnavailableError, initBackend, parseBackendChoice, switchBackend } from './backend';
import * as tf from './tf';

describe('backend choice', () => {
  it('parses flag and environment values, case-insensitively', () => {
    expect(parseBackendChoice(undefined)).toBe('auto');
    expect(parseBackendChoice('')).toBe('auto');
    expect(parseBackendChoice('WASM')).toBe('wasm');
    expect(parseBackendChoice(' cpu ')).toBe('cpu');
  });

  it('rejects an unknown name with the list of known ones', () => {
    expect(() => parseBackendChoice('cuda', '--backend')).toThrow(
      "unknown backend 'cuda' in --backend; choose one of auto, tensorflow, webgpu, wasm, cpu",
    );
  });

  it('auto takes the first backend that starts and says which in one line', async () => {
    const lines: string[] = [];
    const sel = await initBackend('auto', (l) => lines.push(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^tensor backend: ${sel.backend} \\(auto\\)`));
    expect(tf.getBackend()).toBe(sel.backend);
    // On a CPU-only machine without tfjs-node, wasm wins; tensorflow and webgpu are reported as skipped.
    if (sel.backend === 'wasm') expect(sel.skipped.map((s) => s.backend)).toEqual(['tensorflow', 'webgpu']);
    expect(lines[0]).not.toMatch(/\n|\s+at /); // no stack trace
  });

  it('an explicit backend that cannot start throws one clear line naming the fix', async () => {
    let installed = true;
    try {
      require.resolve('@tensorflow/tfjs-node');
    } catch {
      installed = false;
    }
    if (installed) return;
    const err = await initBackend('tensorflow', () => undefined).catch((e) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect(err.message).toBe(
      "backend 'tensorflow' cannot start: not installed (optional: npm install @tensorflow/tfjs-node or @tensorflow/tfjs-node-gpu)",
    );
  });

  it('cpu and wasm both start on every machine', async () => {
    await switchBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await switchBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
