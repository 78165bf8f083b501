// The page's side of key-worker.ts. The officer's unlocked key is held by the worker; this module starts it, sends
// it work, and ends it (which is what locking means: the key goes with the worker) after idle time or when the page
// is left. Every use and every keystroke or click on the page counts as activity.

export type VaultRequest = { id: number } & (
  | {
      op: 'unlock';
      armoredKey: string;
      passphrase: string;
      expectedFingerprint: string | null;
      taskForceKeys: string[];
    }
  | { op: 'decrypt'; armored: string }
  | { op: 'sign-text'; text: string }
  | { op: 'sign-reply'; text: string }
  | { op: 'encrypt'; text: string }
);
type Op = VaultRequest['op'];
export type VaultReply = {
  id: number;
  result?: { fingerprint: string; userId: string } | { bytes: Uint8Array } | { armored: string };
  error?: string;
};

export const vaultIdleMs = 10 * 60_000;

export const vaultErrorTexts: Record<string, string> = {
  'not-a-secret-key':
    'This file is not an armored OpenPGP secret key (it starts with "-----BEGIN PGP PRIVATE KEY BLOCK-----").',
  'wrong-key': 'This is not the task force key you were invited with.',
  'wrong-passphrase': 'The passphrase does not unlock this key.',
  locked: 'Your key is locked. Open it again to continue.',
  'too-large': 'This message is larger than the desk reads.',
  failed: 'This could not be decrypted or signed with your key.',
};

export class VaultError extends Error {
  readonly code: string;
  constructor(code: string) {
    super(vaultErrorTexts[code] ?? vaultErrorTexts.failed);
    this.code = code;
  }
}

type Listener = (unlocked: boolean) => void;

export class KeyVault {
  private worker: Worker | null = null;
  private next = 1;
  private pending = new Map<number, { resolve: (r: VaultReply['result']) => void; reject: (e: Error) => void }>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<Listener>();
  readonly idleMs: number;
  fingerprint: string | null = null;

  constructor(idleMs = vaultIdleMs) {
    this.idleMs = idleMs;
  }

  get unlocked(): boolean {
    return this.fingerprint !== null;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Activity keeps the key open for another idle period. */
  touch(): void {
    if (!this.worker) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.lock(), this.idleMs);
  }

  lock(): void {
    clearTimeout(this.idleTimer);
    this.worker?.terminate();
    this.worker = null;
    for (const { reject } of this.pending.values()) reject(new VaultError('locked'));
    this.pending.clear();
    const was = this.fingerprint !== null;
    this.fingerprint = null;
    if (was) for (const l of this.listeners) l(false);
  }

  async unlock(armoredKey: string, passphrase: string, expectedFingerprint: string | null, taskForceKeys: string[]) {
    this.lock();
    this.worker = new Worker(new URL('./key-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<VaultReply>) => {
      const waiting = this.pending.get(event.data.id);
      if (!waiting) return;
      this.pending.delete(event.data.id);
      if (event.data.error) waiting.reject(new VaultError(event.data.error));
      else waiting.resolve(event.data.result);
    };
    try {
      const result = (await this.call('unlock', { armoredKey, passphrase, expectedFingerprint, taskForceKeys })) as {
        fingerprint: string;
        userId: string;
      };
      this.fingerprint = result.fingerprint;
      for (const l of this.listeners) l(true);
      return result;
    } catch (error) {
      this.lock();
      throw error;
    }
  }

  async decrypt(armored: string): Promise<Uint8Array> {
    return ((await this.call('decrypt', { armored })) as { bytes: Uint8Array }).bytes;
  }

  async decryptText(armored: string): Promise<string> {
    return new TextDecoder().decode(await this.decrypt(armored));
  }

  async signText(text: string): Promise<string> {
    return ((await this.call('sign-text', { text })) as { armored: string }).armored;
  }

  async signReply(text: string): Promise<Uint8Array> {
    return ((await this.call('sign-reply', { text })) as { bytes: Uint8Array }).bytes;
  }

  async encrypt(text: string): Promise<string> {
    return ((await this.call('encrypt', { text })) as { armored: string }).armored;
  }

  private call<O extends Op>(op: O, input: Omit<Extract<VaultRequest, { op: O }>, 'id' | 'op'>) {
    const worker = this.worker;
    if (!worker) return Promise.reject(new VaultError('locked'));
    this.touch();
    const id = this.next++;
    return new Promise<VaultReply['result']>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, ...input } as unknown as VaultRequest);
    });
  }
}
