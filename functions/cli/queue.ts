// `npm run queue -- list|retry|purge`: the operator's view of the tip queue. Counts, states and the reasons of dead
// letters only: this tool never prints, exports or decrypts a tip (it could not decrypt one anyway: the server holds
// no private key), and a reason never holds tip content (the forwarder writes them: an SMTP answer, "undeliverable…").
//   list            pending and dead-letter counts, and why the dead letters are dead
//   retry           move every dead letter back to pending, due now (after fixing the cause, e.g. TIP_MAIL_TO)
//   purge --yes     delete every dead letter for good (their reports are then lost; their codes say "unknown")
import { openForCli } from '../runtime/cli.ts';

const usage = 'usage: npm run queue -- list | retry | purge --yes';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || !['list', 'retry', 'purge'].includes(command)) {
    console.error(usage);
    return 2;
  }
  const opened = await openForCli();
  if (!opened) return 2;
  const { queue } = opened.parts;
  try {
    if (command === 'retry') {
      const n = await queue.retryDead(Date.now());
      console.log(`retry: ${n} dead letter${n === 1 ? '' : 's'} moved back to pending`);
    } else if (command === 'purge') {
      const { dead } = await queue.counts();
      if (!rest.includes('--yes')) {
        console.error(
          `purge would delete ${dead} dead letter${dead === 1 ? '' : 's'} for good; ` +
            'those reports would never reach the task force. Run again with --yes to do it.',
        );
        return dead === 0 ? 0 : 2;
      }
      const n = await queue.purgeDead();
      console.log(`purge: ${n} dead letter${n === 1 ? '' : 's'} deleted`);
    }
    const counts = await queue.counts();
    console.log(`pending: ${counts.pending}`);
    console.log(`dead: ${counts.dead}`);
    for (const { reason, count } of await queue.deadReasons())
      console.log(`  ${count} × ${reason || '(no reason recorded)'}`);
    return 0;
  } finally {
    await opened.parts.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`queue: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
