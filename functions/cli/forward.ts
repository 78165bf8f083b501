// `npm run forward`: one forwarding pass, for cron or a systemd timer (serverless hosts, or a server whose
// in-process loop is off). Prints counts only, never tip content.
// Exit codes: 0 all due tips delivered (or none due); 1 some failed (retry scheduled or dead letter); 2 not
// configured (no SMTP_URL / TIP_MAIL_TO, or a configuration error).
import { openForForwarding } from '../runtime/cli.ts';
import { forwardPass } from '../runtime/forward.ts';

async function main(): Promise<number> {
  const opened = await openForForwarding();
  if (!opened) return 2;
  const { config, parts } = opened;
  try {
    const pass = forwardPass(
      opened,
      parts,
      { now: () => Date.now() },
      { sendDelayMaxMs: config.sendDelayMaxSeconds * 1000 },
    );
    if (!pass) {
      console.error('SMTP_URL and TIP_MAIL_TO must be set to forward tips; nothing was sent, tips stay queued.');
      return 2;
    }
    const result = await pass;
    const counts = await parts.queue.counts();
    console.log(
      `forward: ${result.claimed} due, ${result.delivered} delivered, ${result.retried} to retry later, ` +
        `${result.dead} moved to dead letters, ${result.undeliverable} undeliverable (not sealed to the configured keys), ` +
        `${result.unconfirmed} sent but unconfirmed; ` +
        `queue now: ${counts.pending} pending, ${counts.dead} dead`,
    );
    return result.retried + result.dead + result.undeliverable + result.unconfirmed > 0 ? 1 : 0;
  } finally {
    await parts.close();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  // Messages from the queue or SMTP layer carry no tip content.
  console.error(`forward failed: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
