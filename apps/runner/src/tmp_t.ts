import { readTorchWeights } from '@fpb/tensor';
for (const f of ['/tmp/sd/state.pt', '/tmp/sd/traced.pt']) {
  try {
  const w = readTorchWeights(f);
  console.log(f, w.length, w.slice(0, 7).map((x) => `${x.name} [${x.shape}] ${x.values[0]}`));
  } catch (e) { console.log(f, (e as Error).message); }
}
