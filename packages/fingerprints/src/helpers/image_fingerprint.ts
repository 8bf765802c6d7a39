import type { tf } from '@fpb/tensor';
import type { Fingerprint } from '../method';
import { IMAGE_SIZE } from '../oracle';
import { logitsOf } from './model_outputs';

/** A fingerprint that is a set of query images and the victim's logits on them, with nothing else kept. */
export function imageFingerprint<Info extends object>(
  method: string,
  victim: tf.LayersModel,
  inputs: Float32Array,
  numClasses: number,
  info: Info,
): Fingerprint<Info> {
  const count = inputs.length / IMAGE_SIZE;
  return {
    method,
    count,
    inputs,
    victimOutputs: Float32Array.from(logitsOf(victim, inputs, count).flat()),
    numClasses,
    arrays: {},
    info,
  };
}
