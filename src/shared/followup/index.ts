// The follow-up protocol's crypto, shared by the tipster's status page, the officers' desk and the server (which
// uses only the lookup derivation, for the no-JavaScript path). Design: notes/desk-and-followup.md §1.6; what it
// defends against: docs/desk.md (threat model). The tipster's follow-up signatures are in signature.ts, imported
// directly by the seal worker and the desk, so the status page's thread code does not carry them.
export { deriveLookup, deriveThreadKeys, lookupHash, threadSalt, type ThreadKeys } from './derive.ts';
export { formatReplyKey, parseReplyKey, replyKeyHeader } from './reply-key.ts';
export { maxSignedReplyBytes, openReply, REPLY_INFO, replyAad, sealReply } from './reply.ts';
export { hasX25519 } from './suite.ts';
export { equalBytes, fromBase64url, toBase64url } from './bytes.ts';
