// What a piece of work costs, measured in a child process of its own: median time per run and growth of the peak
// resident memory (getrusage's maxRSS). Hostile-input tests compare a hostile input against a normal one of the
// same size (a ratio, not a wall-clock limit) and bound the peak memory growth: a memory peak inside one
// synchronous call cannot be seen from the test's own process, and the test process carries every other test's
// heap; a fresh child starts near 60 MiB and keeps its peak.
//
// A cases module exports `cases`: name → async function that prepares the input and returns the work to time.
// Cases run in the order given; each reports the peak memory after it, so the first (normal) case is the baseline.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type CostCases = Record<string, () => Promise<() => unknown>>;

export interface CaseCost {
  medianMs: number;
  /** The fastest run: what the work itself costs, least disturbed by other processes on a shared machine. */
  minMs: number;
  /** Peak RSS of the child after this case ran, in MiB (monotonic over the cases). */
  peakMiB: number;
}

export interface CostReport {
  /** Peak RSS after every input was prepared, before any case ran. */
  preparedPeakMiB: number;
  cases: Record<string, CaseCost>;
}

const self = fileURLToPath(import.meta.url);

/** Runs the named cases of `casesModule` (a file URL or path) `runs` times each in a fresh Node process. */
export function measureCosts(casesModule: string | URL, names: string[], runs = 5): Promise<CostReport> {
  const module = casesModule instanceof URL ? fileURLToPath(casesModule) : casesModule;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', self, module, String(runs), ...names], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`cost probe exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as CostReport);
      } catch (error) {
        reject(error);
      }
    });
  });
}

const peakMiB = () => process.resourceUsage().maxRSS / 1024;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function runChild(module: string, runs: number, names: string[]): Promise<void> {
  const { cases } = (await import(module)) as { cases: CostCases };
  const work: Array<[string, () => unknown]> = [];
  for (const name of names) {
    const prepare = cases[name];
    if (!prepare) throw new Error(`no case ${name}`);
    work.push([name, await prepare()]);
  }
  gc();
  const report: CostReport = { preparedPeakMiB: peakMiB(), cases: {} };
  for (const [name, run] of work) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      gc(); // garbage of earlier runs must not count as this run's peak
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    report.cases[name] = { medianMs: times[Math.floor(times.length / 2)]!, minMs: times[0]!, peakMiB: peakMiB() };
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (process.argv[1] === self) {
  const [module, runs, ...names] = process.argv.slice(2);
  await runChild(module!, Number(runs), names);
}
