// What a follow-up may carry. Smaller than a report (a few photos at most, sent in one JSON request, so it stays
// under every platform's request limit: Vercel's 4.5 MB): a tipster adding a detail or a photo, not a second report.
export const followupLimits = {
  maxFiles: 3,
  /** All attachments together, as chosen. */
  maxAttachmentBytes: 2 * 1024 * 1024,
  maxTextChars: 10_000,
  /** The request: the armored ciphertext (a third larger than the MIME entity) and the proof of work. */
  maxRequestBytes: 4 * 1024 * 1024,
} as const;
