import { MultiBar, Presets } from 'cli-progress';

import type { ProgressEvent, ProgressListener } from '@fpb/progress';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** Draws one bar per task on stderr (value, rate, ETA); does nothing when stderr is not a terminal. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressListener & { stop(): void } {
  const multi = new MultiBar(
    {
      stream,
      clearOnComplete: false,
      hideCursor: true,
      format: '{task} |{bar}| {percentage}% {shown} {rate}/s ETA {eta_formatted}',
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  const bars = new Map<string, { bar: ReturnType<MultiBar['create']>; unit: 'bytes' | 'items'; started: number }>();
  const payload = (unit: 'bytes' | 'items', done: number, total: number | undefined, started: number) => {
    const secs = Math.max(1e-3, (Date.now() - started) / 1000);
    const fmt = unit === 'bytes' ? formatBytes : (n: number) => String(n);
    return { shown: `${fmt(done)}${total ? ` / ${fmt(total)}` : ''}`, rate: fmt(Math.round(done / secs)) };
  };
  const listener = (e: ProgressEvent) => {
    if (e.kind === 'start') {
      const started = Date.now();
      bars.set(e.task, {
        bar: multi.create(e.total ?? 0, 0, { task: e.task, ...payload(e.unit, 0, e.total, started) }),
        unit: e.unit,
        started,
      });
    } else if (e.kind === 'progress') {
      const b = bars.get(e.task);
      if (!b) return;
      if (e.total) b.bar.setTotal(e.total);
      b.bar.update(e.done, { task: e.task, ...payload(b.unit, e.done, e.total, b.started) });
    } else if (e.kind === 'done') {
      bars.get(e.task)?.bar.stop();
    }
    // Training events have their own bar (training_bar.ts).
  };
  return Object.assign(listener, { stop: () => multi.stop() });
}
