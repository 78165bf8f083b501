// The API's error codes (the contract with the browser, which shows `tip.error.<code>`), their HTTP statuses and
// the English sentence that goes with them in JSON. The no-JS pages show `response.error.<code>` instead.

export const errorCodes = {
  'body.too-large': { status: 413, message: 'The request is larger than the tip line accepts.' },
  'body.invalid': {
    status: 400,
    message: 'The request could not be read; send JSON with ciphertext, receipt and altcha.',
  },
  'body.too-many-fields': { status: 413, message: 'The form has more fields than the tip line accepts.' },
  'pow.missing': { status: 400, message: 'The proof of work is missing.' },
  'pow.invalid': { status: 400, message: 'The proof of work is not valid or has expired.' },
  'pow.replayed': { status: 409, message: 'This proof of work was already used.' },
  'rate.limited': { status: 429, message: 'Too many reports from this network; try again later.' },
  'envelope.malformed': { status: 400, message: 'The ciphertext is not an armored OpenPGP message.' },
  'envelope.recipients': { status: 422, message: 'The message is not encrypted to exactly the task force keys.' },
  'envelope.packets': { status: 422, message: 'The message contains packets the tip line does not accept.' },
  'receipt.invalid': { status: 400, message: 'The reference code is not valid.' },
  // A tipster's thread (POST /api/thread …, functions/thread/).
  'thread.invalid': { status: 400, message: 'The thread token is not valid; send the lookup token as base64url.' },
  'thread.unknown': { status: 404, message: 'There is no conversation for this code.' },
  'reply.unknown': { status: 404, message: 'There is no such reply in this conversation.' },
  honeypot: { status: 400, message: 'A field that must stay empty was filled in.' },
  'attachments.too-many': { status: 413, message: 'Too many attachments.' },
  'attachments.too-large': { status: 413, message: 'The attachments are too large.' },
  'keys.changed': { status: 409, message: 'The task force keys have changed; reload the page and send again.' },
  // A report sent in parts (POST /api/tips/uploads …).
  'upload.unknown': { status: 404, message: 'This upload is unknown or has expired; send the report again.' },
  'upload.incomplete': {
    status: 409,
    message: 'Some parts of this upload have not arrived; send them, then complete it.',
  },
  'upload.part-invalid': {
    status: 400,
    message: 'The part does not fit the upload (its number or its length is wrong).',
  },
  'upload.part-resent': { status: 429, message: 'This part was sent too many times; send the report again.' },
  // Beyond the browser's list: the no-JS form and odd requests.
  'attachments.unreadable': { status: 422, message: 'A photo could not be cleaned of its hidden data.' },
  'text.too-long': { status: 413, message: 'An answer is longer than allowed.' },
  'report.empty': { status: 422, message: 'The report is empty: answer at least one question or attach a file.' },
  'request.cross-site': { status: 403, message: 'Reports can only be sent from this site.' },
  // The server's own limits: too many large requests at once, or no client address to rate-limit by.
  'server.busy': { status: 503, message: 'The tip line is busy; try again in a minute.' },
  'server.unavailable': { status: 503, message: 'The tip line cannot take reports right now; try again later.' },
  server: { status: 500, message: 'The tip line could not take the request right now; try again later.' },
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** The JSON body of every API error. */
export function errorBody(code: ErrorCode): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message: errorCodes[code].message } };
}
