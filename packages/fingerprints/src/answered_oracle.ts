import type { Fingerprint } from './method';
import { IMAGE_SIZE, type Oracle } from './oracle';

/** A float array's bytes, without a copy (to compare queries, or to send them). */
export const floatBytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * An oracle that answers a fingerprint's queries with `answers`, which the suspect (`where`) gave to
 * exactly those queries beforehand: a suspect that answers asynchronously (over HTTP, through
 * onnxruntime), or one whose answers were already read (to find its class map). Its label count is
 * the answers' own: a suspect may answer other labels than the victim's.
 */
export function answeredOracle(fp: Fingerprint, answers: Float32Array, where: string): Oracle {
  let queries = 0;
  return {
    numClasses: fp.count === 0 ? fp.numClasses : answers.length / fp.count,
    get queries() {
      return queries;
    },
    query(images, count) {
      const own =
        count === fp.count && (images === fp.inputs || Buffer.compare(floatBytes(images), floatBytes(fp.inputs)) === 0);
      if (!own || images.length !== count * IMAGE_SIZE)
        throw new Error(
          `${fp.method} asked other queries than its fingerprint's; ${where} answered only those, beforehand`,
        );
      queries += count;
      return answers.slice();
    },
  };
}
