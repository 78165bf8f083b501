// Where the e2e test server keeps its data, logs and the mail its SMTP sink received (read by tests and the
// privacy scan after the run).
import { join } from 'node:path';

export const e2eRoot = join(process.cwd(), 'test-results', 'e2e-server');
export const e2eDataDir = join(e2eRoot, 'data');
export const e2eMailDir = join(e2eRoot, 'mail');
export const e2eLogFile = join(e2eRoot, 'server.log');
