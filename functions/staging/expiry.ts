// How long a chunked upload may take from its first request to its last before its parts are deleted. Generous
// for a slow connection (a full report is three requests of about 3 MB), short enough that an abandoned upload's
// ciphertext does not linger. In its own module so the Redis staging does not load node:sqlite.
export const defaultUploadTtlMs = 3_600_000;
