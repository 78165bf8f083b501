// `npm run forward`: one forwarding pass, for cron or a systemd timer (serverless hosts, or a server whose
// in-process loop is off). Prints counts only, never tip content.
// Exit codes: 0 all due tips delivered (or none due); 1 some failed (retry scheduled or dead letter); 2 not
// configured (no SMTP_URL / TIP_MAIL_TO, or a configuration error).
import { forwardDueTips } from '../forwarder.ts';
import { loadTaskForceKeys } from '../keys.ts';
import { createSmtpMailer } from '../mail/smtp.ts';
import { recipientSet } from '../tips/envelope.ts';
import { openForCli } from './configured.ts';

async function main(): Promise<number> {
  const opened = openForCli();
  if (!opened) return 2;
  const { config, queue } = opened;
  if (!config.smtpUrl || config.mailTo.length === 0) {
    console.error('SMTP_URL and TIP_MAIL_TO must be set to forward tips; nothing was sent, tips stay queued.');
    await queue.close();
    return 2;
  }
  try {
    // The keys the tips must be sealed to: the same file the server reads (or, outside production, its demo key).
    const keys = await loadTaskForceKeys({ publicKeysFile: config.taskforcePublicKeys, dataDir: config.dataDir, production: config.production });
    const result = await forwardDueTips({
      queue,
      mailer: createSmtpMailer({ smtpUrl: config.smtpUrl }),
      clock: { now: () => Date.now() },
      mail: { from: config.mailFrom, to: config.mailTo },
      recipients: () => recipientSet(keys.keys),
      sendDelayMaxMs: config.sendDelayMaxSeconds * 1000,
    });
    const counts = await queue.counts();
    console.log(
      `forward: ${result.claimed} due, ${result.delivered} delivered, ${result.retried} to retry later, ` +
        `${result.dead} moved to dead letters, ${result.undeliverable} undeliverable (not sealed to the configured keys), ` +
        `${result.unconfirmed} sent but unconfirmed; ` +
        `queue now: ${counts.pending} pending, ${counts.dead} dead`,
    );
    return result.retried + result.dead + result.undeliverable + result.unconfirmed > 0 ? 1 : 0;
  } finally {
    await queue.close();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  // Messages from the queue or SMTP layer carry no tip content.
  console.error(`forward failed: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
