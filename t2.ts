import { initBackend, tf } from '@fpb/tensor';
import { generateDataset } from '@fpb/data';
import { getArchitecture, trainModel } from '@fpb/models';
(async () => {
  await initBackend((process.argv[2] as any) ?? 'wasm');
  const data = generateDataset({ trainPerClass: 20, testPerClass: 2 });
  for (const arch of ['resnet8', 'densenet', 'vgg', 'mobilenet', 'resnet20']) {
    const m = getArchitecture(arch).build({ numClasses: 10, seed: 1 });
    const t0 = Date.now();
    const r = await trainModel(m, data.train, { epochs: 1, batchSize: 64, learningRate: 0.05, augment: false, seed: 1 }, { indices: Array.from({ length: 192 }, (_, i) => i) });
    console.log(arch, m.countParams(), 'params', ((Date.now() - t0) / 3).toFixed(0), 'ms/step', r.epochs[0].loss.toFixed(3), tf.memory().numTensors);
  }
})();
