import type { ProgressListener } from '@fpb/progress';

/** What a CIFAR-10 source is given: where to write, how to report. */
export interface SourceContext {
  /** The final folder; sources write temporary files inside it (same file system, atomic rename). */
  folder: string;
  /** The files to produce (official names). */
  files: readonly string[];
  onProgress: ProgressListener;
  log: (line: string) => void;
}

/** A source produces each wanted file as a temporary file; the caller verifies and commits them. */
export type Cifar10Source = (ctx: SourceContext) => Promise<Map<string, string>>;
