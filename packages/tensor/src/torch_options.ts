import type { TorchOptions } from '@fpb/torch';

/**
 * The torch backend's device and threads from FPB_DEVICE (cpu|cuda) and FPB_TORCH_THREADS, which the
 * command line sets from --device and --torch-threads; worker threads inherit them with the environment.
 */
export function torchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): TorchOptions {
  const device = env.FPB_DEVICE?.trim().toLowerCase();
  if (device != null && device !== '' && device !== 'cpu' && device !== 'cuda')
    throw new Error(`unknown device '${env.FPB_DEVICE}' in FPB_DEVICE; choose cpu or cuda`);
  const threads = env.FPB_TORCH_THREADS?.trim();
  if (threads != null && threads !== '' && !/^[1-9]\d*$/.test(threads))
    throw new Error(`FPB_TORCH_THREADS must be a whole number of at least 1, not '${env.FPB_TORCH_THREADS}'`);
  return {
    device: device === 'cpu' || device === 'cuda' ? device : undefined,
    threads: threads ? Number(threads) : undefined,
  };
}
