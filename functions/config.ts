// The tip line's configuration, read once from the environment and checked before anything starts.
// Every problem is reported at once, each as a sentence that names the variable and says what to do, so an
// operator fixes the whole file in one go instead of restarting once per mistake.
//
// loadConfig() is pure (env in, config out, no file or network access) so tests can pass plain objects. The task
// force keys, which need a file read, are checked by the composition root (functions/runtime/startup.ts), whose one
// ConfigError lists their problem beside these.
import { randomBytes } from 'node:crypto';
import { readRedisSettings, type RedisSettings } from './redis/settings.ts';

/** Where the client address for rate limiting comes from: only a source the deployment guarantees. */
const trustedClientIpSources = [
  'socket', // the TCP peer: the self-hosted Node server with no proxy in front
  'x-nf-client-connection-ip', // Netlify sets it; clients cannot forge it
  'x-real-ip', // Vercel sets it
  'x-forwarded-for:right-most', // behind exactly one proxy that appends the address it saw
] as const;
export type TrustedClientIpSource = (typeof trustedClientIpSources)[number];

export interface Config {
  nodeEnv: string;
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  /** Path of a file with one or more armored public keys; null: demo keys (never in production). */
  taskforcePublicKeys: string | null;
  smtpUrl: string | null;
  /**
   * What mail carries (TIP_MAIL): "full", the encrypted report (the default, as before the desk); "notify", a
   * notification with a constant subject and no content (the report is read in the desk); "off", no mail at all
   * (only with the desk on: DESK_ORIGIN).
   */
  tipMail: TipMailMode;
  mailFrom: string;
  mailTo: string[];
  /** Largest random delay before a tip's first send, in seconds (timing privacy). */
  sendDelayMaxSeconds: number;
  /** Seeds the daily-rotating HMAC key for rate-limit keys. */
  rateLimitSecret: string;
  rateLimitMax: number;
  rateLimitWindowSeconds: number;
  /** Signs proof-of-work challenges. */
  altchaHmacSecret: string;
  /** Proof-of-work difficulty: PBKDF2 rounds per attempt; the attempts needed are uniform on [1, 2·cost + 1]. */
  altchaCost: number;
  trustedClientIp: TrustedClientIpSource;
  /** The Redis the parts live in (queue, staging, limiter, replay store), or null: the embedded SQLite and in-process parts. */
  redis: RedisSettings | null;
  /** Names of secrets that were not set and were made up for this process (said at start; not in production). */
  generatedSecrets: string[];
}

/**
 * Every start-up problem, of the environment or of the key file, as one error that lists them all: the only error
 * type the entries catch at start.
 */
export const tipMailModes = ['full', 'notify', 'off'] as const;
export type TipMailMode = (typeof tipMailModes)[number];

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `The tip line's configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where the configuration runs. Serverless has no disk that outlives an invocation and runs many instances at once:
 * it needs Redis, secrets that are the same on every instance, and a client address from the platform's header.
 */
export type Platform = 'server' | 'serverless';

export const defaults = {
  port: 4321,
  host: '127.0.0.1',
  dataDir: './.data',
  /** Outside production: mail leaves at once, which is what a developer trying the tip line wants to see. */
  sendDelayMaxSeconds: 0,
  /**
   * In production: up to 5 minutes. A mail that leaves seconds after a visit ties the two together for anyone who can
   * see both (the host's logs and the mail provider's, or the network); a random delay of up to 5 minutes hides a
   * tip among the visits of those minutes. It costs little: a tip is an e-mail to an office, not an emergency call
   * (the site sends people in danger to 911), and the forwarder waits without holding the tip anywhere but the queue.
   */
  productionSendDelayMaxSeconds: 300,
  rateLimitMax: 5,
  rateLimitWindowSeconds: 600,
  // About 9 million PBKDF2-SHA-256 rounds on average ((cost + 1) × cost: the counter is uniform on [0, 2·cost]):
  // about 2 s on a budget phone's four cores, under a second on a desktop (docs/limits.md: how the phone's speed
  // was estimated, and measurements). Raise it if spam gets through; tests set 1.
  altchaCost: 3000,
  trustedClientIp: 'socket' as TrustedClientIpSource,
};

const minSecretLength = 32;
const emailPattern = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export function loadConfig(env: Env = process.env, platform: Platform = 'server'): Config {
  const config = readConfig(env, platform);
  if (config.problems.length > 0) throw new ConfigError(config.problems);
  return config.value;
}

/** The configuration with the problems found in it (each value falls back to its default when it has one). */
export function readConfig(env: Env, platform: Platform = 'server'): { value: Config; problems: string[] } {
  const problems: string[] = [];
  const serverless = platform === 'serverless';
  const value = (name: string): string | null => {
    const v = env[name]?.trim();
    return v ? v : null;
  };
  const integer = (name: string, fallback: number, min: number, max: number, unit = ''): number => {
    const raw = value(name);
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}${unit} (it is "${raw}").`);
      return fallback;
    }
    return n;
  };

  const nodeEnv = value('NODE_ENV') ?? 'development';
  const production = nodeEnv === 'production';

  const port = integer('PORT', defaults.port, 1, 65535);
  const host = value('HOST') ?? defaults.host;
  const dataDir = value('DATA_DIR') ?? defaults.dataDir;
  const taskforcePublicKeys = value('TASKFORCE_PUBLIC_KEYS');
  if (production && !taskforcePublicKeys) {
    problems.push(
      "TASKFORCE_PUBLIC_KEYS must name the file with the task force's armored public keys: " +
        'in production the tip line never uses demo keys (create keys with `npm run keys -- generate`).',
    );
  }

  const tipMailRaw = value('TIP_MAIL') ?? 'full';
  const tipMail: TipMailMode = tipMailModes.includes(tipMailRaw as TipMailMode) ? (tipMailRaw as TipMailMode) : 'full';
  if (tipMail !== tipMailRaw) {
    problems.push(`TIP_MAIL must be full, notify or off (it is "${tipMailRaw}").`);
  } else if (tipMail === 'off' && !value('DESK_ORIGIN')) {
    problems.push(
      'TIP_MAIL=off needs the desk (DESK_ORIGIN): without mail and without the desk, no one would ever see a tip.',
    );
  }

  const smtpUrl = value('SMTP_URL');
  if (smtpUrl) {
    let url: URL | null = null;
    try {
      url = new URL(smtpUrl);
    } catch {
      problems.push(
        'SMTP_URL is not a valid URL; expected e.g. smtp://user:password@mail.example.org:587 ' +
          '(characters such as @ or / in the password must be percent-encoded).',
      );
    }
    if (url && url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      problems.push(`SMTP_URL must start with smtp:// or smtps:// (it starts with ${url.protocol}//).`);
    }
  } else if (production && tipMail !== 'off') {
    problems.push(
      'SMTP_URL must be set in production (e.g. smtp://user:password@mail.example.org:587); ' +
        'without it tips would only pile up in the queue.',
    );
  }

  const mailFrom = value('TIP_MAIL_FROM') ?? '';
  if (mailFrom && !emailPattern.test(mailFrom)) {
    problems.push(`TIP_MAIL_FROM must be one plain e-mail address such as tipline@example.org (it is "${mailFrom}").`);
  } else if (!mailFrom && (production || smtpUrl)) {
    problems.push('TIP_MAIL_FROM must be set to the address tips are sent from (e.g. tipline@example.org).');
  }

  const mailToRaw = value('TIP_MAIL_TO');
  const mailTo = mailToRaw
    ? mailToRaw
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean)
    : [];
  const badTo = mailTo.filter((a) => !emailPattern.test(a));
  if (badTo.length > 0) {
    problems.push(
      `TIP_MAIL_TO must be e-mail addresses separated by commas; these are not: ${badTo.map((a) => `"${a}"`).join(', ')}.`,
    );
  } else if (mailTo.length === 0 && (production || smtpUrl)) {
    problems.push('TIP_MAIL_TO must list the task force addresses that receive tips, separated by commas.');
  }

  const sendDelayMaxSeconds = integer(
    'TIP_SEND_DELAY_MAX',
    production ? defaults.productionSendDelayMaxSeconds : defaults.sendDelayMaxSeconds,
    0,
    86_400,
    ' seconds',
  );
  const rateLimitMax = integer('RATE_LIMIT_MAX', defaults.rateLimitMax, 1, 1_000_000);
  const rateLimitWindowSeconds = integer('RATE_LIMIT_WINDOW', defaults.rateLimitWindowSeconds, 1, 86_400, ' seconds');
  const altchaCost = integer('ALTCHA_COST', defaults.altchaCost, 1, 100_000);

  const generatedSecrets: string[] = [];
  const secret = (name: string): string => {
    const v = value(name);
    if (v && v.length >= minSecretLength) return v;
    if (v) {
      problems.push(
        `${name} is too short: use at least ${minSecretLength} random characters ` +
          '(e.g. the output of `openssl rand -base64 48`).',
      );
    } else if (serverless) {
      // A secret made up per instance would make one instance's challenge invalid on the next, and split the limit.
      problems.push(
        `${name} must be set (32+ random characters, the same for every function instance): a secret ` +
          'made up per instance breaks proof of work and rate limiting between instances.',
      );
    } else if (production) {
      problems.push(
        `${name} must be set in production to at least ${minSecretLength} random characters ` +
          '(e.g. `openssl rand -base64 48`), the same on every instance.',
      );
    } else {
      generatedSecrets.push(name);
    }
    // Outside production a per-process secret is fine: it only means challenges and limits reset on restart.
    return randomBytes(48).toString('base64');
  };
  const rateLimitSecret = secret('RATE_LIMIT_SECRET');
  const altchaHmacSecret = secret('ALTCHA_HMAC_SECRET');

  const trustedRaw = (value('TRUSTED_CLIENT_IP') ?? defaults.trustedClientIp).toLowerCase();
  let trustedClientIp = defaults.trustedClientIp;
  if ((trustedClientIpSources as readonly string[]).includes(trustedRaw)) {
    trustedClientIp = trustedRaw as TrustedClientIpSource;
  } else {
    problems.push(
      `TRUSTED_CLIENT_IP must be one of ${trustedClientIpSources.join(', ')} (it is "${trustedRaw}"). ` +
        'Never trust the left-most X-Forwarded-For: clients can write anything there.',
    );
  }

  if (serverless && trustedClientIp === 'socket') {
    problems.push(
      'TRUSTED_CLIENT_IP=socket cannot work in a serverless function (there is no client socket to read): ' +
        'set TRUSTED_CLIENT_IP=x-nf-client-connection-ip on Netlify or TRUSTED_CLIENT_IP=x-real-ip on Vercel.',
    );
  }

  const redis = readRedisSettings(value, problems);
  if (serverless && !redis && !problems.some((p) => /^(REDIS|UPSTASH)/.test(p))) {
    problems.push(
      'Serverless functions keep tips in Redis: set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN ' +
        "(or REDIS_URL). Without them an accepted tip would live only in a function's temporary disk.",
    );
  }

  const config: Config = {
    nodeEnv,
    production,
    port,
    host,
    dataDir,
    taskforcePublicKeys,
    smtpUrl,
    tipMail,
    mailFrom,
    mailTo,
    sendDelayMaxSeconds,
    rateLimitSecret,
    rateLimitMax,
    rateLimitWindowSeconds,
    altchaHmacSecret,
    altchaCost,
    trustedClientIp,
    redis,
    generatedSecrets,
  };
  return { value: config, problems };
}
