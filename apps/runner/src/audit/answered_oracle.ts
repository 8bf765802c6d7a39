import { IMAGE_SIZE, type Fingerprint, type Oracle } from '@fpb/fingerprints';

export const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * Methods query synchronously; a suspect that answers asynchronously (over HTTP, through onnxruntime)
 * is asked the fingerprint's queries once, beforehand, and this oracle answers exactly those.
 */
export function answeredOracle(fp: Fingerprint, answers: Float32Array, where: string): Oracle {
  let queries = 0;
  return {
    // The suspect's own label count: it may answer other labels than the victim's (judge deals with that).
    numClasses: answers.length / fp.count,
    get queries() {
      return queries;
    },
    query(images, count) {
      const own = count === fp.count && (images === fp.inputs || Buffer.compare(bytes(images), bytes(fp.inputs)) === 0);
      if (!own || images.length !== count * IMAGE_SIZE)
        throw new Error(
          `${fp.method} asked ${where} more than its fingerprint's queries, which a suspect asked beforehand cannot answer`,
        );
      queries += count;
      return answers.slice();
    },
  };
}
