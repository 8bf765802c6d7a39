import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './conv_geometry';
import { gradientPhases, type GradientPhase } from './gradient_phases';
import { withWasmContext, type WasmKernelContext } from './kernel_context';

/**
 * The taps of one phase, reversed, as a filter for the forward kernel: [th, tw, outC, inC] for a
 * dense filter [kH, kW, inC, outC] (going backwards it maps outC -> inC); [th, tw, C, 1] for depthwise.
 */
function phaseFilter(
  ctx: WasmKernelContext,
  filter: TensorInfo,
  ph: GradientPhase,
  pw: GradientPhase,
  stride: [number, number],
  dense: boolean,
): TensorInfo {
  const [, kW, a, b] = filter.shape;
  const out = ctx.allocate(dense ? [ph.taps, pw.taps, b, a] : [ph.taps, pw.taps, a, b]);
  // Views of the heap only after allocating: growing the wasm memory detaches earlier views.
  const src = ctx.backend.typedArrayFromHeap(filter);
  const dst = ctx.backend.typedArrayFromHeap(out);
  let o = 0;
  for (let uh = 0; uh < ph.taps; uh++) {
    const row = ph.first + stride[0] * (ph.taps - 1 - uh);
    for (let uw = 0; uw < pw.taps; uw++) {
      const base = (row * kW + pw.first + stride[1] * (pw.taps - 1 - uw)) * a * b;
      if (dense) for (let j = 0; j < b; j++) for (let i = 0; i < a; i++) dst[o++] = src[base + i * b + j];
      else for (let i = 0; i < a * b; i++) dst[o++] = src[base + i];
    }
  }
  return out;
}

/**
 * Input gradient of a (depthwise) convolution as forward (depthwise) convolutions, one per output
 * phase (see gradientPhases): with stride 1 a single correlation of padded dy with the flipped
 * filter; with stride s, s*s smaller ones whose results are interleaved, instead of one over a
 * stride-dilated dy that is mostly zeros (measured 4x fewer products, ~3x less time at stride 2).
 */
export function spatialGradientInput(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
  forwardKernel: 'Conv2D' | 'DepthwiseConv2dNative',
): TensorInfo {
  return withWasmContext(backend, (ctx) => {
    const rows = gradientPhases(g.inH, g.outH, g.kH, g.strideH, g.padTop);
    const cols = gradientPhases(g.inW, g.outW, g.kW, g.strideW, g.padLeft);
    const n = dy.shape[0];
    const inC = filter.shape[2];
    const parts = rows.flatMap((ph) =>
      cols.map((pw) => {
        if (ph.taps === 0 || pw.taps === 0 || ph.length === 0 || pw.length === 0) return { ph, pw, values: null };
        const f = phaseFilter(ctx, filter, ph, pw, [g.strideH, g.strideW], forwardKernel === 'Conv2D');
        const values = ctx.paddedConv(forwardKernel, dy, f, [
          [0, 0],
          [ph.padBefore, ph.padAfter],
          [pw.padBefore, pw.padAfter],
          [0, 0],
        ]);
        return { ph, pw, values };
      }),
    );
    if (parts.length === 1 && parts[0].values != null) return parts[0].values;
    // Interleave: dx[:, s*qh + rh, s*qw + rw, :] = phase(rh, rw)[:, qh, qw, :].
    const dx = ctx.allocate([n, g.inH, g.inW, inC]);
    const dst = backend.typedArrayFromHeap(dx);
    if (parts.some((p) => p.values == null)) dst.fill(0);
    for (const { ph, pw, values } of parts) {
      if (values == null) continue;
      const src = backend.typedArrayFromHeap(values);
      let s = 0;
      for (let b = 0; b < n; b++)
        for (let qh = 0; qh < ph.length; qh++) {
          let d = ((b * g.inH + g.strideH * qh + ph.residue) * g.inW + pw.residue) * inC;
          for (let qw = 0; qw < pw.length; qw++, d += g.strideW * inC)
            for (let c = 0; c < inC; c++) dst[d + c] = src[s++];
        }
    }
    return dx;
  });
}
