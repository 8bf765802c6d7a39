import {
  KernelBackend,
  type BackendTimingInfo,
  type BackendValues,
  type DataId,
  type DataType,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { DTYPE_OF_CODE, dtypeCode, type TorchAddon } from './native_addon';

interface Held {
  /** The libtorch tensor's id in the addon's table. */
  id: number;
  /** tfjs shares a dataId between a variable and its initial value: free on the last release. */
  refCount: number;
}

function typedFor(values: BackendValues, dtype: DataType): Float32Array | Int32Array | Uint8Array {
  switch (dtype) {
    case 'float32':
      return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
    case 'int32':
      return values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>);
    case 'bool':
      return values instanceof Uint8Array ? values : Uint8Array.from(values as ArrayLike<number>);
    default:
      throw new Error(`the torch backend holds float32, int32 and bool tensors, not ${dtype}`);
  }
}

/**
 * A tfjs backend whose tensors are libtorch tensors held by the addon. Reads copy out; disposal frees
 * the libtorch tensor at once (no waiting for a garbage collector). Kernels call `run`.
 */
export class TorchBackend extends KernelBackend {
  private readonly held = new WeakMap<DataId, Held>();
  private count = 0;

  constructor(readonly addon: TorchAddon) {
    super();
  }

  /** Runs one addon op on tfjs tensors and returns its outputs as tfjs tensor infos. */
  run(op: string, inputs: TensorInfo[], ints: number[] = [], floats: number[] = []): TensorInfo[] {
    const flat = this.addon.op(
      op,
      inputs.map((t) => this.idOf(t.dataId)),
      ints,
      floats,
    );
    const outputs: TensorInfo[] = [];
    for (let i = 0; i < flat.length;) {
      const id = flat[i];
      const dtype = DTYPE_OF_CODE[flat[i + 1]];
      const rank = flat[i + 2];
      const shape = flat.slice(i + 3, i + 3 + rank);
      i += 3 + rank;
      outputs.push({ dataId: this.hold({}, id), shape, dtype });
    }
    return outputs;
  }

  /** `run` for the ops with one output. */
  run1(op: string, inputs: TensorInfo[], ints: number[] = [], floats: number[] = []): TensorInfo {
    return this.run(op, inputs, ints, floats)[0];
  }

  /** Makes `dataId` name the addon's tensor `id`. */
  private hold(dataId: DataId, id: number, refCount = 1): DataId {
    this.held.set(dataId, { id, refCount });
    this.count++;
    return dataId;
  }

  private idOf(dataId: DataId): number {
    const h = this.held.get(dataId);
    if (h == null)
      throw new Error('the torch backend does not hold this tensor (disposed, or made by another backend)');
    return h.id;
  }

  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    return this.hold({}, this.addon.write(typedFor(values, dtype), shape, dtypeCode(dtype)));
  }

  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    this.hold(dataId, this.addon.write(typedFor(values, dtype), shape, dtypeCode(dtype)), refCount);
  }

  override readSync(dataId: DataId): BackendValues {
    return this.addon.read(this.idOf(dataId));
  }

  override read(dataId: DataId): Promise<BackendValues> {
    return Promise.resolve(this.readSync(dataId));
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const h = this.held.get(dataId);
    if (h == null) return true;
    h.refCount--;
    if (!force && h.refCount > 0) return false;
    this.addon.free(h.id);
    this.held.delete(dataId);
    this.count--;
    return true;
  }

  override refCount(dataId: DataId): number {
    return this.held.get(dataId)?.refCount ?? 0;
  }

  override incRef(dataId: DataId): void {
    const h = this.held.get(dataId);
    if (h) h.refCount++;
  }

  override numDataIds(): number {
    return this.count;
  }

  /** tf.memory() adds these: the addon's own count of libtorch tensors, their bytes and its high-water mark. */
  override memory(): {
    unreliable: boolean;
    numNativeTensors: number;
    numNativeBytes: number;
    peakNativeBytes: number;
  } {
    const [numNativeTensors, numNativeBytes, peakNativeBytes] = this.addon.live();
    return { unreliable: false, numNativeTensors, numNativeBytes, peakNativeBytes };
  }

  override timerAvailable(): boolean {
    return true;
  }

  override async time(f: () => void): Promise<BackendTimingInfo> {
    const start = performance.now();
    f();
    return { kernelMs: performance.now() - start };
  }

  override floatPrecision(): 32 {
    return 32;
  }

  override epsilon(): number {
    return 1e-7;
  }

  override dispose(): void {}
}
