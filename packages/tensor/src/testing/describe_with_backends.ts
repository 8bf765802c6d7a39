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
    const reason = unavailable(backend);
    if (reason && !(backend === 'torch' && process.env.FPB_REQUIRE_TORCH === '1')) {
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
