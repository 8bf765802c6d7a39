import { SingleBar } from 'cli-progress';
import type { TrainingEvent } from '@fpb/progress';

/** A terminal progress bar for a training run: epoch, loss, accuracy, img/s and ETA. */
export function trainingProgressBar(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): ((e: TrainingEvent) => void) & { stop(): void } {
  const bar = new SingleBar({
    stream,
    format: `${label} |{bar}| epoch {epoch}/{epochs} loss {loss} acc {acc} {ips} img/s ETA {eta_formatted}`,
    hideCursor: true,
    etaBuffer: 200,
  });
  let started = false;
  const listener = (e: TrainingEvent) => {
    if (e.kind !== 'step') return;
    const total = e.epochs * e.stepsPerEpoch;
    const payload = {
      epoch: e.epoch + 1,
      epochs: e.epochs,
      loss: e.loss.toFixed(3),
      acc: (100 * e.accuracy).toFixed(1) + '%',
      ips: e.imagesPerSecond.toFixed(0),
    };
    if (!started) {
      bar.start(total, 0, payload);
      started = true;
    }
    bar.update(e.epoch * e.stepsPerEpoch + e.step, payload);
  };
  return Object.assign(listener, { stop: () => started && bar.stop() });
}
