// Inputs for measuring the envelope check's cost in a child process (cost-probe.ts): a normal tip, decompression
// bombs in every packet position, and armor lines built to make a backtracking regular expression go quadratic,
// each beside a normal input of the same size. Every case checks its own outcome and throws if it is wrong
// (COST_PROBE_ANY_OUTCOME=1 skips that, to measure an older version of the code).
import * as openpgp from 'openpgp';
import { checkEnvelope } from '../../../functions/pgp/envelope.ts';
import { recipientSet, type RecipientSet } from '../../../functions/pgp/recipients.ts';
import { concat } from '../../../src/shared/report/metadata/bytes.ts';
import type { CostCases } from './cost-probe.ts';
import { armorBinary, bombs, newPacket, splitPackets } from './pgp-packets.ts';

const maxBytes = 10 * 1024 * 1024;
let setup: Promise<{ recipients: RecipientSet; tip: Uint8Array }> | undefined;

function keysAndTip() {
  setup ??= (async () => {
    const { publicKey } = await openpgp.generateKey({ userIDs: [{ name: 'Cost probe' }], format: 'object' });
    const tip = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: 'x'.repeat(700) }),
      encryptionKeys: publicKey,
      format: 'binary',
    });
    return { recipients: await recipientSet([publicKey]), tip };
  })();
  return setup;
}

function expecting(code: string | null, text: string, recipients: RecipientSet) {
  return async () => {
    const result = await checkEnvelope(text, recipients, maxBytes);
    const got = result.ok ? null : result.code;
    if (got !== code && !process.env.COST_PROBE_ANY_OUTCOME)
      throw new Error(`expected ${code ?? 'acceptance'}, got ${got ?? 'acceptance'}`);
  };
}

/** A bomb packet placed before, between or after the tip's own packets. */
function withBomb(tip: Uint8Array, bomb: Uint8Array, where: 'alone' | 'before' | 'after'): Uint8Array {
  const packet = newPacket(8, bomb);
  if (where === 'alone') return packet;
  return where === 'before' ? concat([packet, tip]) : concat([tip, packet]);
}

/** Armor whose body is `lines`, each `length` characters: base64, or blanks ending in "x " (the ReDoS shape). */
function armorOfLines(kind: 'base64' | 'blank', length: number, total: number): string {
  const line = kind === 'base64' ? 'A'.repeat(length) : `${' '.repeat(length - 2)}x `;
  const count = Math.max(1, Math.floor(total / (length + 1)));
  return `-----BEGIN PGP MESSAGE-----\n\n${`${line}\n`.repeat(count)}-----END PGP MESSAGE-----\n`;
}

const fourMiB = 4 * 1024 * 1024;

export const cases: CostCases = {
  async normal() {
    const { recipients, tip } = await keysAndTip();
    return expecting(null, armorBinary(tip), recipients);
  },
  async 'bzip2 bomb alone'() {
    const { recipients, tip } = await keysAndTip();
    return expecting('envelope.packets', armorBinary(withBomb(tip, bombs.bzip2(), 'alone')), recipients);
  },
  async 'bzip2 bomb before the recipients'() {
    const { recipients, tip } = await keysAndTip();
    return expecting('envelope.packets', armorBinary(withBomb(tip, bombs.bzip2(), 'before')), recipients);
  },
  async 'bzip2 bomb after the data'() {
    const { recipients, tip } = await keysAndTip();
    return expecting('envelope.packets', armorBinary(withBomb(tip, bombs.bzip2(), 'after')), recipients);
  },
  async 'bzip2 bomb between the packets'() {
    const { recipients, tip } = await keysAndTip();
    const [pkesk, seipd] = splitPackets(tip);
    const between = concat([newPacket(1, pkesk!.body), newPacket(8, bombs.bzip2()), newPacket(18, seipd!.body)]);
    return expecting('envelope.packets', armorBinary(between), recipients);
  },
  async 'zip bomb'() {
    const { recipients, tip } = await keysAndTip();
    return expecting('envelope.packets', armorBinary(withBomb(tip, bombs.zip(), 'alone')), recipients);
  },
  async 'zlib bomb after the data'() {
    const { recipients, tip } = await keysAndTip();
    return expecting('envelope.packets', armorBinary(withBomb(tip, bombs.zlib(), 'after')), recipients);
  },
  async 'one 4 MiB base64 line'() {
    const { recipients } = await keysAndTip();
    return expecting('envelope.malformed', armorOfLines('base64', fourMiB, fourMiB), recipients);
  },
  async 'one 4 MiB line of blanks then "x "'() {
    const { recipients } = await keysAndTip();
    return expecting('envelope.malformed', armorOfLines('blank', fourMiB, fourMiB), recipients);
  },
  async '4 MiB of 999-character base64 lines'() {
    const { recipients } = await keysAndTip();
    return expecting('envelope.malformed', armorOfLines('base64', 999, fourMiB), recipients);
  },
  async '4 MiB of 999-character blank lines ending "x "'() {
    const { recipients } = await keysAndTip();
    return expecting('envelope.malformed', armorOfLines('blank', 999, fourMiB), recipients);
  },
};
