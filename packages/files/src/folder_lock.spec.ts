import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockHolder, withFolderLock } from './folder_lock';

const lockIn = (holder: object) => {
  const path = join(mkdtempSync(join(tmpdir(), 'fpb-lock-')), 'model.lock');
  writeFileSync(path, JSON.stringify({ since: '2026-12-06T00:00:00Z', ...holder }));
  return path;
};
/** Whether `withFolderLock` got the lock within `ms`; a waiter is then let through, so no poll outlives the test. */
async function takes(path: string, options: Parameters<typeof withFolderLock>[2], ms = 300): Promise<boolean> {
  const taking = withFolderLock(path, async () => true, { pollMs: 20, ...options });
  const took = await Promise.race([taking, new Promise<false>((r) => setTimeout(() => r(false), ms))]);
  rmSync(path, { force: true });
  await taking;
  return took;
}

describe('folder locks', () => {
  it('take over a lock of this machine whose process is gone, and wait for a live one', async () => {
    expect(await takes(lockIn({ pid: 2 ** 22 + 7, host: hostname() }), {})).toBe(true);
    expect(await takes(lockIn({ pid: process.pid, host: hostname() }), {})).toBe(false);
  });

  it("take over another node's lock only when the scheduler says its job ended", async () => {
    const asked: string[] = [];
    const ended = (job: string) => (asked.push(job), job === '41');
    expect(await takes(lockIn({ pid: 1, host: 'node-b', job: '41' }), { jobEnded: ended })).toBe(true);
    expect(await takes(lockIn({ pid: 1, host: 'node-b', job: '42' }), { jobEnded: ended })).toBe(false);
    // Without a job to ask about, a lock of another machine is never guessed dead.
    expect(await takes(lockIn({ pid: 1, host: 'node-b' }), { jobEnded: ended })).toBe(false);
    expect(asked.slice(0, 2)).toEqual(['41', '42']);
  });

  it('records the Slurm job of its holder', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'fpb-lock-')), 'model.lock');
    process.env.SLURM_JOB_ID = '77';
    try {
      await withFolderLock(path, async () => expect(lockHolder(path)).toMatchObject({ job: '77', pid: process.pid }));
    } finally {
      delete process.env.SLURM_JOB_ID;
    }
  });
});
