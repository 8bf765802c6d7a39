import { ModelCorruptError, type ModelMetadata } from '@fpb/models';
import { z } from 'zod';

/**
 * What the zoo keeps about a model beside the model library's own metadata (in its `extra`): which
 * recipe made it, from which build of its parent, and how close it stays to the victim. Procedures
 * add details of their own (pruned channels, temperatures), kept as they are.
 */
export const ZooModelRecordSchema = z.looseObject({
  id: z.string(),
  family: z.string(),
  role: z.string(),
  /** The recipe's content key (recipeKey). */
  key: z.string(),
  /** Fresh per build: a model made from this one records it, so a rebuilt parent makes it stale. */
  buildId: z.string(),
  parentBuildId: z.string().optional(),
  /** Top-1 agreement with the victim on the test set (1 for the victim). */
  fidelity: z.number(),
  testImages: z.number().int().optional(),
});

export type ZooModelRecord = z.infer<typeof ZooModelRecordSchema>;

/** The zoo's record of a saved model; a model saved without one is not a zoo model and reads as corrupt. */
export function zooRecordOf(metadata: ModelMetadata, dir: string): ZooModelRecord {
  const parsed = ZooModelRecordSchema.safeParse(metadata.extra);
  if (!parsed.success)
    throw new ModelCorruptError(
      dir,
      `meta.json has no zoo record (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
    );
  return parsed.data;
}
