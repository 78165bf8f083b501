// Runs in the benchmark page (bundled by bench/browser.ts): the report's real browser path for one 4 MiB
// attachment (build the padded MIME entity, encrypt it with src/tipline/encrypt.ts) beside plain WebCrypto
// AES-256-GCM over the same bytes. Times in milliseconds, from performance.now().
import { planTipEntity } from '../src/shared/tip-entity.ts';
import { encryptForTaskForce, loadOpenPGP } from '../src/tipline/encrypt.ts';

const randomBytes = (n: number): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
};

export interface Sample {
  entityBytes: number;
  ciphertextBytes: number;
  padMs: number;
  encryptMs: number;
  aesGcmMs: number;
  /** SHA-1 and AES-CBC (the CFB key stream) in WebCrypto over as many bytes as the padded entity: the floor. */
  floorMs: number;
}

async function sample(bytes: Uint8Array<ArrayBuffer>, keys: string[]): Promise<Sample> {
  let t = performance.now();
  const entity = planTipEntity({
    answers: { text: { happened: 'benchmark' }, choices: {} },
    attachments: [{ filename: 'photo-1.jpg', contentType: 'image/jpeg', bytes }],
    replyKey: null,
    locale: 'en',
    sentHour: '2026-01-01T00:00Z',
    randomBytes,
  });
  const padMs = performance.now() - t;
  t = performance.now();
  const ciphertext = await encryptForTaskForce(entity, keys);
  const encryptMs = performance.now() - t;

  t = performance.now();
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  await crypto.subtle.encrypt({ name: 'AES-GCM', iv: randomBytes(12) }, key, bytes);
  const aesGcmMs = performance.now() - t;

  // What OpenPGP's version 1 encrypted packet cannot do without, natively, on the entity's bytes: its SHA-1 (the
  // MDC) and AES in CFB mode, which is sequential (seipd.ts computes it as one AES-CBC call). No copy, no base64.
  const same = new Uint8Array(entity.length);
  t = performance.now();
  const cbc = await crypto.subtle.importKey('raw', randomBytes(32), 'AES-CBC', false, ['encrypt']);
  await crypto.subtle.digest('SHA-1', same);
  await crypto.subtle.encrypt({ name: 'AES-CBC', iv: new Uint8Array(16) }, cbc, same);
  const floorMs = performance.now() - t;
  return { entityBytes: entity.length, ciphertextBytes: ciphertext.length, padMs, encryptMs, aesGcmMs, floorMs };
}

declare global {
  interface Window {
    runBench(keys: string[], size: number, runs: number): Promise<{ loadMs: number; samples: Sample[] }>;
  }
}

window.runBench = async (keys, size, runs) => {
  const t = performance.now();
  await loadOpenPGP();
  const loadMs = performance.now() - t;
  const bytes = randomBytes(size);
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await sample(bytes, keys));
  return { loadMs, samples };
};
