// The desk's key vault (src/desk/key-vault.ts): the officer's key lives in a worker, and locking means ending that
// worker. Here a stand-in Worker answers like key-worker.ts, so the page side's rules can be checked with a fake
// clock: locked after 10 minutes without use, activity postpones it, a locked vault refuses work, and whatever
// was waiting is refused too.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyVault, VaultError, vaultIdleMs, type VaultRequest } from '../../src/desk/key-vault.ts';

class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  terminated = false;
  /** Requests are answered at once unless held (to check what happens to work in flight). */
  hold = false;
  held: VaultRequest[] = [];
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(request: VaultRequest) {
    if (this.hold) return void this.held.push(request);
    const result =
      request.op === 'unlock'
        ? { fingerprint: 'ABCD', userId: 'Officer' }
        : request.op === 'decrypt'
          ? { bytes: new Uint8Array([1, 2]) }
          : { armored: 'signed' };
    queueMicrotask(() => this.onmessage?.({ data: { id: request.id, result } } as MessageEvent));
  }
  terminate() {
    this.terminated = true;
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWorker.made = [];
  vi.stubGlobal('Worker', FakeWorker);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const unlocked = async () => {
  const vault = new KeyVault();
  await vault.unlock('-----BEGIN PGP PRIVATE KEY BLOCK-----', 'pass', 'ABCD', []);
  return vault;
};

describe('the key vault', () => {
  it('locks 10 minutes after the last use by ending the worker; activity postpones it', async () => {
    const vault = await unlocked();
    const changes: boolean[] = [];
    vault.subscribe((open) => changes.push(open));
    expect(vault.unlocked).toBe(true);
    expect(vaultIdleMs).toBe(10 * 60_000);
    vi.advanceTimersByTime(vaultIdleMs - 1000);
    vault.touch();
    vi.advanceTimersByTime(vaultIdleMs - 1000);
    expect(vault.unlocked).toBe(true);
    expect(await vault.signText('challenge')).toBe('signed');
    vi.advanceTimersByTime(vaultIdleMs);
    expect(vault.unlocked).toBe(false);
    expect(FakeWorker.made[0]!.terminated).toBe(true);
    expect(changes).toEqual([false]);
    await expect(vault.decrypt('x')).rejects.toBeInstanceOf(VaultError);
  });

  it('locking refuses the work in flight, and a new unlock starts a new worker', async () => {
    const vault = await unlocked();
    FakeWorker.made[0]!.hold = true;
    const waiting = vault.decrypt('-----BEGIN PGP MESSAGE-----');
    vault.lock();
    await expect(waiting).rejects.toMatchObject({ code: 'locked' });
    await vault.unlock('-----BEGIN PGP PRIVATE KEY BLOCK-----', 'pass', 'ABCD', []);
    expect(FakeWorker.made).toHaveLength(2);
    expect(await vault.decrypt('x')).toEqual(new Uint8Array([1, 2]));
  });
});
