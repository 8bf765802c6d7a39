import type { TrainingStepEvent } from '@fpb/progress';
import { jobStatus, zooProgress } from './zoo_progress';

const step = (epoch: number, stepIndex: number): TrainingStepEvent => ({
  kind: 'step',
  epoch,
  epochs: 4,
  step: stepIndex,
  stepsPerEpoch: 10,
  loss: 1,
  accuracy: 0.5,
  imagesPerSecond: 100,
  learningRate: 0.1,
});

describe('zoo progress off a terminal', () => {
  it('a running model is described by epoch, time so far and ETA from the steps done', () => {
    // 10 of 40 steps in 30 s: 90 s to go.
    expect(jobStatus('PM_FA/3', { startedAt: 0, step: step(1, 0) }, 30_000)).toBe('PM_FA/3 epoch 2/4, 30 s, ETA 90 s');
    expect(jobStatus('victim', { startedAt: 0 }, 4_000)).toBe('victim starting, 4 s');
  });

  it('prints a heartbeat line with every running model while nothing finishes, and a line per finished model', () => {
    // Fake timers: the heartbeat is tested by its count, not by the machine's speed.
    jest.useFakeTimers();
    try {
      const lines: string[] = [];
      const progress = zooProgress(3, 2, (l) => lines.push(l), { terminal: false, heartbeatMs: 40 });
      progress.started('victim');
      progress.event('victim', step(0, 5));
      jest.advanceTimersByTime(100);
      progress.finished('victim', 'victim built');
      progress.stop();
      const beats = lines.filter((l) => l.startsWith('[0/3] running: victim epoch 1/4, '));
      expect(beats).toHaveLength(2); // at 40 and 80 ms
      expect(beats[1]).toMatch(/^\[0\/3\] running: victim epoch 1\/4, 0 s, ETA \d+ s$/);
      expect(lines.at(-1)).toBe('[1/3] victim built');
      const count = lines.length;
      jest.advanceTimersByTime(1000);
      expect(lines.length).toBe(count); // stopped: no more heartbeats
    } finally {
      jest.useRealTimers();
    }
  });
});
