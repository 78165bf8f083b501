/** Put this in every report a browser test sends; the privacy scan fails the run if it is found at rest or in logs. */
export const plaintextMarker = 'PLAINTEXT-MARKER-E2E';
