import '@tensorflow/tfjs-backend-cpu';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { registerFastGradients } from './gradients/FusedBatchNorm_grad';
import { reportKernelFailures } from './kernels/kernel_failures';
import { registerWasmTrainingKernels } from './kernels/wasm/register_training_kernels';
import * as tf from './tf';
import { torchOptionsFromEnv } from './torch_options';
import { applyTfjsFlags, dawnFlags } from './tuning_flags';
import { registerTorchBackend, TorchUnavailableError, type TorchStarted } from '@fpb/torch';

/** Backends in order of preference: the first that starts wins under `auto`. */
export const BACKEND_LADDER = ['torch', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_LADDER)[number];
export type BackendChoice = 'auto' | BackendName;

/** A backend that cannot start on this machine; the message is one line that says why and what to do. */
export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
  ) {
    super(`backend '${backend}' cannot start: ${reason}`);
    this.name = 'BackendUnavailableError';
  }
}

const requireOptional = createRequire(__filename);

function tryRequire(name: string): boolean {
  try {
    requireOptional(name);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes(name))
      return false;
    throw e;
  }
}

function hasVulkanLoader(): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':'),
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/usr/local/lib',
  ];
  return dirs.some((d) => d !== '' && existsSync(join(d, 'libvulkan.so.1')));
}

async function activate(name: BackendName): Promise<void> {
  // setBackend reports init failures as warnings with stacks; our own checks above it avoid that.
  if (!(await tf.setBackend(name))) throw new BackendUnavailableError(name, 'tfjs could not initialise it');
  await tf.ready();
}

/** What the torch backend runs on, for the backend line. */
let torchStarted: TorchStarted | undefined;

const starters: Record<BackendName, () => Promise<void>> = {
  async torch() {
    try {
      torchStarted = registerTorchBackend(torchOptionsFromEnv());
    } catch (e) {
      if (e instanceof TorchUnavailableError) throw new BackendUnavailableError('torch', e.reason);
      throw e;
    }
    reportKernelFailures('torch');
    await activate('torch');
  },
  async tensorflow() {
    const found = tryRequire('@tensorflow/tfjs-node-gpu') || tryRequire('@tensorflow/tfjs-node');
    if (!found)
      throw new BackendUnavailableError(
        'tensorflow',
        'not installed (optional: npm install @tensorflow/tfjs-node or @tensorflow/tfjs-node-gpu)',
      );
    await activate('tensorflow');
  },
  async webgpu() {
    // Without a Vulkan loader Dawn prints native warnings before failing; check first and stay quiet.
    if (!hasVulkanLoader())
      throw new BackendUnavailableError('webgpu', 'no Vulkan loader (libvulkan.so.1) on this machine');
    let dawn: { create(flags: string[]): GPU; globals: object };
    try {
      dawn = requireOptional('webgpu');
    } catch (e) {
      throw new BackendUnavailableError(
        'webgpu',
        `the optional 'webgpu' package (Dawn) did not load: ${(e as Error).message.split('\n')[0]}`,
      );
    }
    Object.assign(globalThis, dawn.globals);
    const gpu = dawn.create(dawnFlags());
    const adapter = await gpu.requestAdapter().catch(() => null);
    if (adapter == null)
      throw new BackendUnavailableError('webgpu', 'Dawn found no WebGPU adapter (needs a Vulkan GPU)');
    Object.defineProperty(globalThis, 'navigator', {
      value: { ...(globalThis.navigator ?? {}), gpu },
      configurable: true,
      writable: true,
    });
    requireOptional('@tensorflow/tfjs-backend-webgpu');
    await activate('webgpu');
  },
  async wasm() {
    requireOptional('@tensorflow/tfjs-backend-wasm');
    registerWasmTrainingKernels();
    reportKernelFailures('wasm');
    await activate('wasm');
  },
  async cpu() {
    await activate('cpu');
    // The cpu backend nags about tfjs-node on first use; the choice of backend is ours and logged.
    (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
  },
};

/** Whether a started backend computes on a GPU: webgpu and tensorflow do, torch when it runs on CUDA. */
export function backendRunsOnGpu(backend: BackendName): boolean {
  switch (backend) {
    case 'torch':
      return torchStarted?.device === 'cuda';
    case 'tensorflow':
    case 'webgpu':
      return true;
    case 'wasm':
    case 'cpu':
      return false;
  }
}

export function parseBackendChoice(value: string | undefined, source = 'FPB_BACKEND'): BackendChoice {
  if (value == null || value === '') return 'auto';
  const v = value.trim().toLowerCase();
  if (v === 'auto' || (BACKEND_LADDER as readonly string[]).includes(v)) return v as BackendChoice;
  throw new Error(`unknown backend '${value}' in ${source}; choose one of auto, ${BACKEND_LADDER.join(', ')}`);
}

/** Applies FPB_TFJS_FLAGS (FPB_DAWN_FLAGS went to Dawn) and names both in the backend line, with torch's engine. */
/** What a started backend runs on, e.g. " [libtorch 2.15.0 in /x/lib, cpu, 1 thread]" (empty when nothing to say). */
export function flagsNote(backend: BackendName): string {
  const t = torchStarted;
  const engine =
    backend === 'torch' && t
      ? [
          `libtorch ${t.libtorch.version} in ${t.libtorch.libDir}`,
          t.device,
          `${t.threads} thread${t.threads > 1 ? 's' : ''}`,
        ]
      : [];
  const set = [...engine, ...applyTfjsFlags(), ...(backend === 'webgpu' ? dawnFlags().map((f) => `dawn ${f}`) : [])];
  return set.length > 0 ? ` [${set.join(', ')}]` : '';
}

export interface BackendSelection {
  backend: BackendName;
  /** Backends tried before the chosen one under `auto`, with why each was skipped. */
  skipped: Array<{ backend: BackendName; reason: string }>;
}

let current: Promise<BackendSelection> | undefined;
let currentChoice: BackendChoice | undefined;

/**
 * Starts the requested backend (default: FPB_BACKEND, else auto) once per process and says which
 * one runs. An explicit choice that cannot start throws a BackendUnavailableError; `auto` walks the
 * ladder and reports skipped backends in the same single line.
 */
export function initBackend(
  choice: BackendChoice = parseBackendChoice(process.env.FPB_BACKEND),
  log: (line: string) => void = (l) => console.error(l),
): Promise<BackendSelection> {
  if (current && currentChoice === choice) return current;
  currentChoice = choice;
  current = select(choice, log);
  current.catch(() => {
    current = undefined;
    currentChoice = undefined;
  });
  return current;
}

async function select(choice: BackendChoice, log: (line: string) => void): Promise<BackendSelection> {
  registerFastGradients();
  if (choice !== 'auto') {
    await starters[choice]();
    log(`tensor backend: ${choice}${flagsNote(choice)}`);
    return { backend: choice, skipped: [] };
  }
  const skipped: BackendSelection['skipped'] = [];
  for (const name of BACKEND_LADDER) {
    try {
      await starters[name]();
      const note = skipped.length ? ` (skipped ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')})` : '';
      log(`tensor backend: ${name} (auto)${note}${flagsNote(name)}`);
      return { backend: name, skipped };
    } catch (e) {
      skipped.push({
        backend: name,
        reason: e instanceof BackendUnavailableError ? e.reason : String((e as Error).message ?? e),
      });
    }
  }
  throw new Error(`no tensor backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
}

/** Switches to a backend for a test or a comparison, without the one-per-process memo. */
export async function switchBackend(name: BackendName): Promise<void> {
  registerFastGradients();
  await starters[name]();
}
