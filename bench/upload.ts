// Upload benchmark (issue 12): how many bytes the report form sends for a report, divided by the report's raw bytes
// (what the tipster typed, in UTF-8, plus the photos' files as chosen). The report is built, cleaned, padded and
// encrypted with the browser's own modules (src/shared/report/attachments.ts, src/shared/tip-entity.ts,
// src/tipline/seipd.ts) and the session-key packets of OpenPGP.js for two task force keys, exactly as the form does;
// the requests are those src/tipline/upload.ts makes (one POST, or open + parts + complete). Request bodies are
// counted, not HTTP headers (a few hundred bytes a request). The photos are real JPEGs (sharp, noise, so they do
// not compress), with EXIF, as a phone makes them. Deterministic: no network, no timing.
// Usage: node bench/upload.ts   (bench/run.ts runs it)
import { fileURLToPath } from 'node:url';
import * as openpgp from 'openpgp';
import sharp from 'sharp';
import { deriveThreadKeys, formatReplyKey, lookupHash } from '../src/shared/followup/index.ts';
import { formatFollowupKey } from '../src/shared/followup/followup-headers.ts';
import { deriveFollowupKey } from '../src/shared/followup/signature.ts';
import { newReceiptCode } from '../src/shared/receipt.ts';
import { cleanAttachments } from '../src/shared/report/attachments.ts';
import { planTipEntity } from '../src/shared/tip-entity.ts';
import { tipLimits, type TipAnswers } from '../src/shared/tip-fields.ts';
import { sealMessage } from '../src/tipline/seipd.ts';
import { splitIntoParts, needsParts } from '../src/tipline/upload.ts';

const encoder = new TextEncoder();
const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** A JPEG of about `bytes` bytes: noise at the quality that gives that size, with camera EXIF. */
async function photo(bytes: number): Promise<Uint8Array> {
  let side = Math.round(Math.sqrt(bytes / 1.6));
  for (;;) {
    const noise = Buffer.alloc(side * side * 3);
    for (let i = 0; i < noise.length; i += 65_536)
      crypto.getRandomValues(noise.subarray(i, Math.min(noise.length, i + 65_536)));
    const jpeg = await sharp(noise, { raw: { width: side, height: side, channels: 3 } })
      .jpeg({ quality: 80 })
      .withExif({ IFD0: { Make: 'Samsung', Model: 'SM-A105F' } })
      .toBuffer();
    if (Math.abs(jpeg.length - bytes) < bytes * 0.03) return new Uint8Array(jpeg);
    side = Math.round(side * Math.sqrt(bytes / jpeg.length));
  }
}

const story =
  'Vi a cinco trabajadores que duermen en la obra detrás del supermercado; el capataz guarda sus pasaportes ' +
  'y no los deja salir. Llegan en una camioneta blanca a las seis de la mañana y vuelven después de las nueve de la ' +
  'noche, también los domingos. Uno de ellos me dijo que debe dinero por el viaje y que no le pagan desde hace meses. ';

const textOnly: TipAnswers = {
  text: {
    happened: story.repeat(2).trim(),
    where: 'Construction site behind the supermarket, Frigate Bay Road',
    when: 'Every day this month, early morning',
    people: 'Five men, about 20 to 35 years old; the foreman is tall and speaks Spanish',
    vehicles: 'White pickup, no plate seen',
  },
  choices: {
    reporter: ['witness'],
    kind: ['forced-labour'],
    indicators: ['documents-taken', 'debt', 'lives-at-work'],
    danger: ['no'],
    contact: ['no'],
  },
};

interface Scenario {
  name: string;
  answers: TipAnswers;
  photos: Uint8Array[];
}

async function uploadBytes(
  scenario: Scenario,
  keys: openpgp.PublicKey[],
): Promise<{ raw: number; sent: number; requests: number; entity: number }> {
  const cleaned = cleanAttachments(
    scenario.photos.map((bytes, i) => ({ name: `IMG_${i}.jpg`, type: 'image/jpeg', bytes })),
    false,
  );
  if (!cleaned.ok) throw new Error('a photo could not be cleaned');
  const code = newReceiptCode(randomBytes);
  const thread = await deriveThreadKeys(code);
  const entity = planTipEntity({
    answers: scenario.answers,
    attachments: cleaned.attachments,
    // As the form sends it: with the reply and follow-up keys derived from a fresh reference code
    // (src/tipline/seal-core.ts).
    replyKey: formatReplyKey(thread.replyPublicKey),
    followupKey: formatFollowupKey((await deriveFollowupKey(code)).publicKey),
    locale: 'es',
    sentHour: '2026-12-02T03:00Z',
    randomBytes,
  });
  const { data: sessionKey, algorithm } = await openpgp.generateSessionKey({ encryptionKeys: keys });
  const recipients = await openpgp.encryptSessionKey({
    data: sessionKey,
    algorithm,
    encryptionKeys: keys,
    format: 'binary',
  });
  const ciphertext = await sealMessage(recipients, sessionKey, algorithm, entity);
  const typed = Object.values(scenario.answers.text).reduce((n, v) => n + encoder.encode(v ?? '').length, 0);
  const raw = typed + scenario.photos.reduce((n, p) => n + p.length, 0);
  if (!needsParts(ciphertext)) return { raw, sent: ciphertext.length, requests: 1, entity: entity.length };
  const parts = splitIntoParts(ciphertext);
  // The JSON bodies that open and complete the upload, as src/tipline/upload.ts writes them.
  const open = JSON.stringify({ altcha: 'x'.repeat(600), parts: parts.length, bytes: ciphertext.length });
  const complete = JSON.stringify({ lookupHash: await lookupHash(thread.lookup) });
  return {
    raw,
    sent: open.length + ciphertext.length + complete.length,
    requests: parts.length + 2,
    entity: entity.length,
  };
}

export async function runUploadBench(): Promise<{ table: string; worst: number }> {
  const keys = await Promise.all(
    ['Officer A', 'Officer B'].map(
      async (name) => (await openpgp.generateKey({ type: 'ecc', userIDs: [{ name }], format: 'object' })).publicKey,
    ),
  );
  const fiveNearLimit = await Promise.all(
    Array.from({ length: 5 }, () => photo(Math.floor(tipLimits.maxAttachmentBytes / 5) - 8_000)),
  );
  const longer: TipAnswers = { ...textOnly, text: { ...textOnly.text, happened: story.repeat(6).trim() } };
  const scenarios: Scenario[] = [
    { name: 'text only (about 1,000 characters typed, every choice answered)', answers: textOnly, photos: [] },
    { name: 'text only, longer (about 2,200 characters typed)', answers: longer, photos: [] },
    { name: 'the same text and one 450 KB photo', answers: textOnly, photos: [await photo(450_000)] },
    {
      name: `the same text and five photos, ${(fiveNearLimit.reduce((n, p) => n + p.length, 0) / 2 ** 20).toFixed(2)} MiB in all (the limit is 4 MiB)`,
      answers: textOnly,
      photos: fiveNearLimit,
    },
  ];
  const rows: string[] = [];
  let worst = 0;
  for (const scenario of scenarios) {
    const r = await uploadBytes(scenario, keys);
    const ratio = r.sent / r.raw;
    worst = Math.max(worst, ratio);
    rows.push(
      `| ${scenario.name} | ${r.raw.toLocaleString('en')} | ${r.entity.toLocaleString('en')} | ${r.sent.toLocaleString('en')} | ${(r.sent - r.raw).toLocaleString('en')} | ${r.requests} | ${ratio.toFixed(2)} |`,
    );
  }
  const table = [
    '| report | raw bytes (typed text + photo files) | padded report (MIME, photos in base64) | bytes uploaded | uploaded − raw | requests | uploaded ÷ raw |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Worst ratio ${worst.toFixed(2)} (issue 12's target: at most 1.5). Request bodies only, two task force keys (ECC).`,
  ].join('\n');
  return { table, worst };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`### Upload size\n\n${(await runUploadBench()).table}\n`);
}
