// The report's encrypted data packet as the browser writes it (src/tipline/seipd.ts), with the recipient packets
// OpenPGP.js makes: read back by OpenPGP.js, accepted by the server's envelope check, and decrypted by real GnuPG
// (the reference reader for what the task force receives), at every length where a packet header changes size.
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armorMessage } from '../../functions/pgp/armor.ts';
import { checkBinaryEnvelope } from '../../functions/pgp/envelope.ts';
import { recipientSet } from '../../functions/pgp/recipients.ts';
import { sealMessage } from '../../src/tipline/seipd.ts';
import { createGpg, type Gpg } from './helpers/gpg.ts';

const passphrase = 'seipd test passphrase';

describe('sealMessage', () => {
  let keys: Array<{ publicKey: openpgp.PublicKey; privateKey: openpgp.PrivateKey; armored: string }>;
  let gpg: Gpg;
  beforeAll(async () => {
    keys = await Promise.all(
      ['Officer A', 'Officer B'].map(async (name) => {
        const pair = await openpgp.generateKey({ type: 'ecc', userIDs: [{ name }], passphrase, format: 'object' });
        return {
          publicKey: pair.publicKey,
          privateKey: await openpgp.decryptKey({ privateKey: pair.privateKey, passphrase }),
          armored: pair.privateKey.armor(),
        };
      }),
    );
    gpg = await createGpg();
    await gpg.importKey(keys[1]!.armored, passphrase);
  }, 30_000);
  afterAll(() => gpg?.close());

  const seal = async (data: Uint8Array) => {
    const encryptionKeys = keys.map((k) => k.publicKey);
    const { data: sessionKey, algorithm } = await openpgp.generateSessionKey({ encryptionKeys });
    expect(algorithm).toBe('aes256');
    const recipients = await openpgp.encryptSessionKey({
      data: sessionKey,
      algorithm,
      encryptionKeys,
      format: 'binary',
    });
    return sealMessage(recipients, sessionKey, algorithm, data);
  };
  const bytes = (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 65_536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65_536)));
    return out;
  };

  it('at every header size and odd length, reads back whole with OpenPGP.js and passes the envelope check', async () => {
    const recipients = await recipientSet(keys.map((k) => k.publicKey));
    for (const length of [0, 1, 15, 16, 17, 100, 147, 148, 165, 166, 8000, 8341, 8342, 70_001, 1_048_579]) {
      const data = bytes(length);
      const sealed = await seal(data);
      const message = await openpgp.readMessage({ binaryMessage: sealed });
      const decrypted = await openpgp.decrypt({ message, decryptionKeys: keys[0]!.privateKey, format: 'binary' });
      expect(Buffer.from(decrypted.data as Uint8Array).equals(Buffer.from(data)), `length ${length}`).toBe(true);
      expect(decrypted.filename ?? '').toBe(''); // no file name
      const checked = await checkBinaryEnvelope(sealed, recipients, 16 << 20);
      expect(checked.ok, `length ${length}`).toBe(true);
    }
  }, 60_000);

  it('GnuPG decrypts it, and a changed byte of the ciphertext is caught by the integrity check', async () => {
    const data = new TextEncoder().encode(`MARKER-SEIPD ${'report text '.repeat(5000)}`);
    const sealed = await seal(data);
    const armored = (m: Uint8Array) => armorMessage(Buffer.from(m).toString('base64'), m);
    expect((await gpg.decrypt(armored(sealed), passphrase)).equals(Buffer.from(data))).toBe(true);
    const tampered = sealed.slice();
    tampered[tampered.length - 100]! ^= 1;
    await expect(gpg.decrypt(armored(tampered), passphrase)).rejects.toThrow();
    const message = await openpgp.readMessage({ binaryMessage: tampered });
    await expect(openpgp.decrypt({ message, decryptionKeys: keys[0]!.privateKey })).rejects.toThrow();
  });

  it('leaves no plaintext in the message it returns', async () => {
    const data = new TextEncoder().encode('MARKER-SEIPD-PLAINTEXT '.repeat(1000));
    const sealed = await seal(data);
    expect(Buffer.from(sealed).includes('MARKER-SEIPD-PLAINTEXT')).toBe(false);
  });
});
