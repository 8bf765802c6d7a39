import { loadTorchAddon, type NamedWeight } from './native_addon';

/** A module PyTorch saved as TorchScript, run by this libtorch on the CPU. */
export interface TorchScriptModule {
  /** Its forward on one float32 tensor of `shape`; the output must be one tensor. */
  run(values: Float32Array, shape: number[]): { values: Float32Array; shape: number[] };
  free(): void;
}

/**
 * Loads a TorchScript file (torch.jit.trace or script, then save). Throws TorchUnavailableError when
 * the addon is not built, and libtorch's own first line when the file is no TorchScript module.
 */
export function loadTorchScript(path: string): TorchScriptModule {
  const { addon } = loadTorchAddon();
  const id = addon.scriptLoad(path);
  return { run: (values, shape) => addon.scriptRun(id, values, shape), free: () => addon.scriptFree(id) };
}

/**
 * The weights PyTorch saved in `path`, as a TorchScript module or a state dict
 * (torch.save(model.state_dict(), path)), by name in registration order.
 */
export function readTorchWeights(path: string): NamedWeight[] {
  return loadTorchAddon().addon.scriptTensors(path);
}
