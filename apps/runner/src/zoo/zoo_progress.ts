import { MultiBar, Presets } from 'cli-progress';

/** The zoo's progress: an overall bar (done/total, ETA) and one line per running job; plain lines off a terminal. */
export interface ZooProgress {
  started(id: string): void;
  finished(id: string, line: string): void;
  stop(): void;
}

export function zooProgress(total: number, workers: number, log: (l: string) => void): ZooProgress {
  const running = new Map<string, number>();
  let done = 0;
  if (!process.stderr.isTTY) {
    return {
      started: () => undefined,
      finished: (_id, line) => log(`[${++done}/${total}] ${line}`),
      stop: () => undefined,
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
    lanes.forEach((lane, i) =>
      lane.update(0, {
        label: jobs[i]
          ? `worker ${i + 1} ${jobs[i][0]} (${((Date.now() - jobs[i][1]) / 1000).toFixed(0)} s)`
          : `worker ${i + 1} idle`,
      }),
    );
  };
  const timer = setInterval(redraw, 1000);
  return {
    started(id) {
      running.set(id, Date.now());
      redraw();
    },
    finished(id, line) {
      running.delete(id);
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
