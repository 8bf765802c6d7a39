import type { TrainConfig } from './train_config';

/** Learning rate at a (fractional) epoch: warm-up, then cosine to zero, step decay, or constant. */
export function learningRateAt(
  config: Pick<TrainConfig, 'learningRate' | 'schedule' | 'epochs' | 'stepEvery' | 'stepGamma' | 'warmupEpochs'>,
  epoch: number,
): number {
  const { learningRate: base, schedule, epochs, stepEvery, stepGamma, warmupEpochs } = config;
  if (warmupEpochs > 0 && epoch < warmupEpochs) return (base * (epoch + 1e-3)) / warmupEpochs;
  switch (schedule) {
    case 'constant':
      return base;
    case 'step':
      return base * stepGamma ** Math.floor(epoch / stepEvery);
    case 'cosine': {
      const span = Math.max(1e-9, epochs - warmupEpochs);
      const t = Math.min(1, (epoch - warmupEpochs) / span);
      return 0.5 * base * (1 + Math.cos(Math.PI * t));
    }
  }
}
