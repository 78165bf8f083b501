// The one HPKE suite of the follow-up protocol (RFC 9180, base mode): DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
// AES-128-GCM, all through WebCrypto (@hpke/core's native classes; X25519 is in WebCrypto in Node 24, Chromium 133+,
// Firefox 130+ and Safari 17+, so no JavaScript curve implementation is shipped).
import { Aes128Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';

let suite: CipherSuite | undefined;

export function replySuite(): CipherSuite {
  suite ??= new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });
  return suite;
}

/** The KEM's encapsulated key length (X25519: 32 bytes): the first bytes of a sealed reply. */
export const encapsulatedKeyBytes = 32;

/** Whether this browser's WebCrypto has X25519 (the status page says so plainly when it has not). */
export async function hasX25519(): Promise<boolean> {
  try {
    await crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']);
    return true;
  } catch {
    return false;
  }
}
