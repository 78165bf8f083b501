// A software WebAuthn authenticator for tests: real P-256 keys (node:crypto), attestation objects and assertions
// built byte by byte (CBOR, COSE, authenticator data), as a security key would make them. The server's library
// verifies them for real; nothing of it is stubbed. Overrides make the broken cases a test needs.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

type Cbor = number | string | Uint8Array | Cbor[] | Map<number | string, Cbor> | { [key: string]: Cbor };

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

/** Just enough CBOR (RFC 8949) for attestation objects and COSE keys. */
export function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const b64 = (data: Uint8Array | string) => Buffer.from(data).toString('base64url');

interface StoredCredential {
  id: Buffer;
  privateKey: KeyObject;
  counter: number;
  userHandle: string;
}

export interface CeremonyOverrides {
  origin?: string;
  rpId?: string;
  type?: string;
  /** Answer this challenge instead of the one in the options. */
  challenge?: string;
  /** Leave out user verification (UV flag). */
  noUserVerification?: boolean;
  /** Report this signature counter (a cloned authenticator reports an old one). */
  counter?: number;
  /** Sign with this key instead of the credential's own. */
  signingKey?: KeyObject;
}

export class SoftAuthenticator {
  readonly credentials: StoredCredential[] = [];

  readonly origin: string;
  readonly rpId: string;

  constructor(origin: string, rpId: string) {
    this.origin = origin;
    this.rpId = rpId;
  }

  /** navigator.credentials.create(): a new ES256 passkey, "none" attestation. */
  create(options: { challenge: string; user: { id: string } }, o: CeremonyOverrides = {}) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const id = randomBytes(16);
    const cose = cbor(
      new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const credIdLength = Buffer.from([id.length >> 8, id.length & 0xff]);
    const authData = Buffer.concat([this.authDataHead(o, 0x40, 0), Buffer.alloc(16), credIdLength, id, cose]);
    const clientDataJSON = this.clientData('webauthn.create', options.challenge, o);
    this.credentials.push({ id, privateKey, counter: 0, userHandle: options.user.id });
    return {
      id: b64(id),
      rawId: b64(id),
      type: 'public-key',
      response: {
        clientDataJSON: b64(clientDataJSON),
        attestationObject: b64(cbor({ fmt: 'none', attStmt: {}, authData })),
        transports: ['usb'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    };
  }

  /** navigator.credentials.get(): an assertion by the given (default: the first) passkey. */
  get(options: { challenge: string }, o: CeremonyOverrides = {}, index = 0) {
    const credential = this.credentials[index];
    if (!credential) throw new Error('no passkey registered on this authenticator');
    credential.counter += 1;
    const authData = this.authDataHead(o, 0, o.counter ?? credential.counter);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, o);
    const signature = sign(
      'sha256',
      Buffer.concat([authData, sha256(clientDataJSON)]),
      o.signingKey ?? credential.privateKey,
    );
    return {
      id: b64(credential.id),
      rawId: b64(credential.id),
      type: 'public-key',
      response: {
        clientDataJSON: b64(clientDataJSON),
        authenticatorData: b64(authData),
        signature: b64(signature),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    };
  }

  private authDataHead(o: CeremonyOverrides, extraFlags: number, counter: number): Buffer {
    const flags = 0x01 | (o.noUserVerification ? 0 : 0x04) | extraFlags; // UP, UV, (AT)
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(o.rpId ?? this.rpId), Buffer.from([flags]), count]);
  }

  private clientData(type: string, challenge: string, o: CeremonyOverrides): string {
    return JSON.stringify({
      type: o.type ?? type,
      challenge: o.challenge ?? challenge,
      origin: o.origin ?? this.origin,
      crossOrigin: false,
    });
  }
}
