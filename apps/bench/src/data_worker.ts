import { parentPort } from 'node:worker_threads';
import { makeBatch, type ImageDataset } from '@fpb/data';

/** Receives the training set and converts one batch to float, touching the pixels as training would. */
let held: ImageDataset | undefined; // kept until the thread ends, as a training worker would

parentPort!.once('message', (train: ImageDataset) => {
  held = train;
  const indices = Array.from({ length: 256 }, (_, i) => (i * 193) % train.labels.length);
  let sum = 0;
  for (let k = 0; k < train.labels.length; k += 997) sum += train.images[k * 3072];
  const batch = makeBatch(train, indices);
  parentPort!.postMessage({
    checksum: sum + batch.x[0],
    shared: held.images.buffer instanceof SharedArrayBuffer,
    // Array buffers this thread owns (SharedArrayBuffers are not counted): a cloned dataset shows up here.
    ownedArrayBuffers: process.memoryUsage().arrayBuffers,
  });
});
