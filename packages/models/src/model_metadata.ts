import { z } from 'zod';

/** What every saved model records about itself (validated on load). */
export const ModelMetadataSchema = z.object({
  architecture: z.string(),
  width: z.number().int().positive().optional(),
  numClasses: z.number().int().positive(),
  seed: z.number().int(),
  /** Cache keys (or names) of the models this one derives from; [] for a model trained from scratch. */
  parents: z.array(z.string()).default([]),
  /** Test-set accuracy in [0,1], when evaluated. */
  accuracy: z.number().min(0).max(1).optional(),
  timings: z.record(z.string(), z.number()).default({}),
  /** Anything else a caller wants kept (family, data subset, hyper-parameters...). */
  extra: z.record(z.string(), z.unknown()).default({}),
});

export type ModelMetadata = z.infer<typeof ModelMetadataSchema>;
export type ModelMetadataInput = z.input<typeof ModelMetadataSchema>;
