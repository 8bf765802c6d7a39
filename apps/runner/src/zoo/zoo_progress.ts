import type { TrainingEvent, TrainingStepEvent } from '@fpb/progress';
import { MultiBar, Presets } from 'cli-progress';

/** The zoo's progress: an overall bar (done/total, ETA) and one line per running job; plain lines off a terminal. */
export interface ZooProgress {
  started(id: string): void;
  /** A training event of a running model: it moves that model's epoch and ETA. */
  event(id: string, e: TrainingEvent): void;
  finished(id: string, line: string): void;
  stop(): void;
}

interface Job {
  startedAt: number;
  step?: TrainingStepEvent;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** One running model in words: its epoch and step, time so far and, once training has begun, its ETA. */
export function jobStatus(id: string, job: Job, now: number): string {
  const elapsed = now - job.startedAt;
  const s = job.step;
  if (!s) return `${id} starting, ${seconds(elapsed)}`;
  const total = s.epochs * s.stepsPerEpoch;
  const done = s.epoch * s.stepsPerEpoch + s.step;
  const eta = done > 0 ? (elapsed * (total - done)) / done : NaN;
  return `${id} epoch ${s.epoch + 1}/${s.epochs}, ${seconds(elapsed)}${Number.isFinite(eta) ? `, ETA ${seconds(eta)}` : ''}`;
}

/**
 * On a terminal: bars. Off a terminal: a line per finished model, and every `heartbeatMs` (60 s by
 * default) one line with each running model's epoch and ETA, so a log never goes quiet for long.
 */
export function zooProgress(
  total: number,
  workers: number,
  log: (l: string) => void,
  options: { terminal?: boolean; heartbeatMs?: number } = {},
): ZooProgress {
  const { terminal = process.stderr.isTTY === true, heartbeatMs = 60_000 } = options;
  const running = new Map<string, Job>();
  let done = 0;
  const event = (id: string, e: TrainingEvent) => {
    const job = running.get(id);
    if (job && e.kind === 'step') job.step = e;
  };
  if (!terminal) {
    const heartbeat = setInterval(() => {
      if (running.size === 0) return;
      const now = Date.now();
      log(`[${done}/${total}] running: ${[...running].map(([id, job]) => jobStatus(id, job, now)).join('; ')}`);
    }, heartbeatMs);
    heartbeat.unref();
    return {
      started: (id) => running.set(id, { startedAt: Date.now() }),
      event,
      finished: (id, line) => {
        running.delete(id);
        log(`[${++done}/${total}] ${line}`);
      },
      stop: () => clearInterval(heartbeat),
    };
  }
  const multi = new MultiBar(
    {
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      format: '{label} {bar} {value}/{total} ETA {eta_formatted}',
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  const overall = multi.create(total, 0, { label: 'zoo      ' });
  const lanes = Array.from({ length: workers }, (_, i) =>
    multi.create(1, 0, { label: `worker ${i + 1} idle` }, { format: '{label}' }),
  );
  const redraw = () => {
    const jobs = [...running.entries()];
    const now = Date.now();
    lanes.forEach((lane, i) =>
      lane.update(0, {
        label: jobs[i] ? `worker ${i + 1} ${jobStatus(jobs[i][0], jobs[i][1], now)}` : `worker ${i + 1} idle`,
      }),
    );
  };
  const timer = setInterval(redraw, 1000);
  return {
    started(id) {
      running.set(id, { startedAt: Date.now() });
      redraw();
    },
    event,
    finished(id, line) {
      running.delete(id);
      done++;
      overall.increment();
      multi.log(`${line}\n`);
      redraw();
    },
    stop() {
      clearInterval(timer);
      multi.update(); // flush log lines still buffered for the next redraw
      multi.stop();
    },
  };
}
