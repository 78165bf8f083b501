// Web Worker that searches for the proof-of-work solution, so the page stays responsive meanwhile.
// altcha-lib's own workers import Node's crypto; this one uses its WebCrypto key derivations instead.
import { handler } from 'altcha-lib/workers/shared';
import { deriveKey as pbkdf2 } from 'altcha-lib/algorithms/web/pbkdf2';
import { deriveKey as sha } from 'altcha-lib/algorithms/web/sha';

handler({
  deriveKey: (parameters, salt, password) =>
    (parameters.algorithm.startsWith('PBKDF2/') ? pbkdf2 : sha)(parameters, salt, password),
});
