import * as tf from './tf';

/**
 * Knobs for trying backend settings without rebuilding (e.g. on a GPU machine with the packed app):
 *   FPB_TFJS_FLAGS="WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE=64 WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD=0"
 *   FPB_DAWN_FLAGS="enable-dawn-features=skip_validation adapter=H100"
 * Both are whitespace-separated NAME=value lists; tfjs values are read as booleans or numbers where
 * they look like one.
 */
export function parseTfjsFlags(text: string | undefined): Array<[string, boolean | number | string]> {
  return (text ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((item) => {
      const eq = item.indexOf('=');
      if (eq <= 0)
        throw new Error(`FPB_TFJS_FLAGS: '${item}' is not NAME=value (e.g. WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE=64)`);
      const raw = item.slice(eq + 1);
      const value =
        raw === 'true'
          ? true
          : raw === 'false'
            ? false
            : raw !== '' && Number.isFinite(Number(raw))
              ? Number(raw)
              : raw;
      return [item.slice(0, eq), value];
    });
}

/** Sets FPB_TFJS_FLAGS on tfjs once the backend (and so its flags) is loaded; returns them for the log line. */
export function applyTfjsFlags(text: string | undefined = process.env.FPB_TFJS_FLAGS): string[] {
  return parseTfjsFlags(text).map(([name, value]) => {
    try {
      tf.env().set(name, value);
    } catch {
      throw new Error(
        `FPB_TFJS_FLAGS: tfjs has no flag '${name}' with this backend (the webgpu ones are in @tensorflow/tfjs-backend-webgpu/dist/flags_webgpu.js)`,
      );
    }
    return `${name}=${value}`;
  });
}

export function dawnFlags(text: string | undefined = process.env.FPB_DAWN_FLAGS): string[] {
  return (text ?? '').split(/\s+/).filter(Boolean);
}
