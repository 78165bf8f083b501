// Says under a follow-up whether it comes from the tipster (signed with the key in this case's report) or may not,
// and why, in plain words: the officer should weigh an unproven follow-up as they would an anonymous note.
import type { Authorship, NoKeyReason } from '../followup-check.ts';

const noKey: Record<NoKeyReason, string> = {
  'no-javascript': 'The report was sent without JavaScript, so it has no key to check follow-ups against.',
  'before-signing':
    'The report has no follow-up key: it was sent before follow-ups were signed (December 2026), or from a browser that could not make one.',
  damaged: "The report's follow-up key cannot be read.",
  'no-report': 'The report itself could not be decrypted, so there is no key to check against.',
};

function why(value: Exclude<Authorship, { state: 'verified' | 'replayed' | 'unchecked' }>): string {
  if (value.state === 'no-key') return noKey[value.reason];
  if (value.state === 'unsigned')
    return 'It carries no signature. The tipster’s browser may be one that cannot sign (Chrome or Edge 133 to 136), or someone else wrote it.';
  return 'It carries a signature that does not match the key in this case’s report: it was changed, belongs to another case, or was made up.';
}

export function FollowupAuthorship({ value }: { value: Authorship }) {
  if (value.state === 'verified')
    return (
      <p className="desk-ok desk-authorship">
        ✓ From the tipster: signed with the key in this case’s report (sent {value.sent}).
      </p>
    );
  if (value.state === 'unchecked')
    return (
      <p className="desk-notice desk-authorship">
        <strong>Signed, but this browser cannot check the signature</strong> (its WebCrypto has no Ed25519). Open the
        case in a current Chrome, Edge, Firefox or Safari to see whether it comes from the tipster.
      </p>
    );
  if (value.state === 'replayed')
    return (
      <p className="desk-notice desk-authorship">
        <strong>A copy, not a new message:</strong> the same signed follow-up as message {value.firstSeq} was stored
        again. Read it as that one, not as news.
      </p>
    );
  return (
    <p className="desk-notice desk-authorship">
      <strong>Not signed by the tipster’s key — it may not come from them.</strong> {why(value)}
    </p>
  );
}
