import { torchUnavailableReason } from '@fpb/torch';
import { switchBackend, type BackendName } from '../backend';

export type TestedBackend = Extract<BackendName, 'torch' | 'wasm'>;

/** Why a backend cannot run tests here, or undefined. wasm is embedded; torch needs its addon built. */
function unavailable(backend: TestedBackend): string | undefined {
  switch (backend) {
    case 'torch':
      return torchUnavailableReason();
    case 'wasm':
      return undefined;
  }
}

/** Why torch tests are skipped here, or undefined when they run: CI (FPB_REQUIRE_TORCH=1) never skips them. */
export function torchSkipReason(): string | undefined {
  return process.env.FPB_REQUIRE_TORCH === '1' ? undefined : unavailable('torch');
}

/**
 * One describe block per backend, each started before its tests and compared by them against `cpu`
 * (tfjs's own pattern). A backend that cannot start here is skipped with its reason in the title,
 * unless FPB_REQUIRE_TORCH=1 (set by CI, which installs libtorch): then its tests fail instead.
 */
export function describeWithBackends(
  title: string,
  backends: readonly TestedBackend[],
  body: (backend: TestedBackend) => void,
): void {
  for (const backend of backends) {
    const reason = backend === 'torch' ? torchSkipReason() : unavailable(backend);
    if (reason) {
      describe.skip(`${title} [${backend} skipped: ${reason}]`, () => body(backend));
      continue;
    }
    describe(`${title} [${backend}]`, () => {
      beforeAll(() => switchBackend(backend));
      afterAll(() => switchBackend('cpu'));
      body(backend);
    });
  }
}
