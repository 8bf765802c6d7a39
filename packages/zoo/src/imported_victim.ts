import type { ConvPadding } from '@fpb/models';
import { z } from 'zod';

/**
 * A victim made elsewhere (fpb import --architecture): which of our architectures holds it and the
 * SHA-256 of the file it came from, its content address. The zoo derives its piracy models from it;
 * it is placed in the cache by the command that names it, never trained.
 */
export const ImportedVictimSchema = z.object({
  name: z.string(),
  architecture: z.string(),
  width: z.number().int().positive(),
  padding: z.enum(['same', 'symmetric']) satisfies z.ZodType<ConvPadding>,
  sha256: z.string(),
});
export type ImportedVictim = z.infer<typeof ImportedVictimSchema>;
