import { BackendUnavailableError, initBackend, parseBackendChoice, switchBackend } from './backend';
import { torchUnavailableReason } from '@fpb/torch';
import * as tf from './tf';
import { torchOptionsFromEnv } from './torch_options';

describe('backend choice', () => {
  it('parses flag and environment values, case-insensitively', () => {
    expect(parseBackendChoice(undefined)).toBe('auto');
    expect(parseBackendChoice('')).toBe('auto');
    expect(parseBackendChoice('WASM')).toBe('wasm');
    expect(parseBackendChoice(' cpu ')).toBe('cpu');
  });

  it('rejects an unknown name with the list of known ones', () => {
    expect(() => parseBackendChoice('cuda', '--backend')).toThrow(
      "unknown backend 'cuda' in --backend; choose one of auto, torch, tensorflow, webgpu, wasm, cpu",
    );
  });

  it('auto takes the first backend that starts and says which in one line', async () => {
    const lines: string[] = [];
    const sel = await initBackend('auto', (l) => lines.push(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^tensor backend: ${sel.backend} \\(auto\\)`));
    expect(tf.getBackend()).toBe(sel.backend);
    // With the torch addon built, torch wins and names its libtorch; on a CPU-only machine without it
    // (nor tfjs-node), wasm wins and the three above it are reported as skipped, torch with its reason.
    if (torchUnavailableReason() === undefined) {
      expect(sel.backend).toBe('torch');
      expect(lines[0]).toMatch(/^tensor backend: torch \(auto\) \[libtorch [\d.]+ in \S+, cpu, 1 thread\]$/);
    } else {
      expect(sel.backend).toBe('wasm');
      expect(sel.skipped.map((s) => s.backend)).toEqual(['torch', 'tensorflow', 'webgpu']);
      expect(sel.skipped[0].reason).toBe(torchUnavailableReason());
    }
    expect(lines[0]).not.toMatch(/\n|\s+at /); // no stack trace
  });

  // tfjs-node is optional and cannot install here; where it is installed this case cannot arise.
  const tfjsNodeMissing = (() => {
    try {
      require.resolve('@tensorflow/tfjs-node');
      return false;
    } catch {
      return true;
    }
  })();
  (tfjsNodeMissing ? it : it.skip)(
    'an explicit backend that cannot start throws one clear line naming the fix',
    async () => {
      const err = await initBackend('tensorflow', () => undefined).catch((e) => e);
      expect(err).toBeInstanceOf(BackendUnavailableError);
      expect(err.message).toBe(
        "backend 'tensorflow' cannot start: not installed (optional: npm install @tensorflow/tfjs-node or @tensorflow/tfjs-node-gpu)",
      );
    },
  );

  it('cpu and wasm both start on every machine', async () => {
    await switchBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await switchBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});

describe('torch options from the environment', () => {
  it('reads FPB_DEVICE and FPB_TORCH_THREADS, leaving defaults to the backend', () => {
    expect(torchOptionsFromEnv({})).toEqual({ device: undefined, threads: undefined });
    expect(torchOptionsFromEnv({ FPB_DEVICE: ' CUDA ', FPB_TORCH_THREADS: '4' })).toEqual({
      device: 'cuda',
      threads: 4,
    });
  });

  it('refuses other values in one line naming the variable', () => {
    expect(() => torchOptionsFromEnv({ FPB_DEVICE: 'gpu' })).toThrow(
      "unknown device 'gpu' in FPB_DEVICE; choose cpu or cuda",
    );
    expect(() => torchOptionsFromEnv({ FPB_TORCH_THREADS: '0' })).toThrow(
      "FPB_TORCH_THREADS must be a whole number of at least 1, not '0'",
    );
  });
});
