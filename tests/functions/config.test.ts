import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../functions/config.ts';
import { loadStartup } from '../../functions/runtime/startup.ts';

const secret = 'k'.repeat(40);
const production = {
  NODE_ENV: 'production',
  TASKFORCE_PUBLIC_KEYS: '/etc/tipline/keys.asc',
  SMTP_URL: 'smtps://tipline:pw@mail.example.org:465',
  TIP_MAIL_FROM: 'tipline@example.org',
  TIP_MAIL_TO: 'duty@taskforce.example, chief@taskforce.example',
  RATE_LIMIT_SECRET: secret,
  ALTCHA_HMAC_SECRET: `${secret}-other`,
};

const problems = (env: Record<string, string>): string[] => problemsOf(() => loadConfig(env));

describe('loadConfig', () => {
  it('works with no configuration outside production (fresh clone): defaults and per-process secrets', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4321,
      host: '127.0.0.1',
      dataDir: './.data',
      taskforcePublicKeys: null,
      smtpUrl: null,
      tipMail: 'full',
      mailTo: [],
      sendDelayMaxSeconds: 0,
      rateLimitMax: 5,
      rateLimitWindowSeconds: 600,
      altchaCost: 3000,
      trustedClientIp: 'socket',
      production: false,
    });
    expect(config.generatedSecrets).toEqual(['RATE_LIMIT_SECRET', 'ALTCHA_HMAC_SECRET']);
    expect(config.rateLimitSecret.length).toBeGreaterThanOrEqual(32);
    expect(config.rateLimitSecret).not.toBe(config.altchaHmacSecret);
    expect(loadConfig({}).rateLimitSecret).not.toBe(config.rateLimitSecret);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...production,
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/tipline',
      TIP_SEND_DELAY_MAX: '900',
      ALTCHA_COST: '2000',
      TRUSTED_CLIENT_IP: 'X-Forwarded-For:right-most',
      RATE_LIMIT_MAX: '3',
      RATE_LIMIT_WINDOW: '3600',
    });
    expect(config).toMatchObject({
      production: true,
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/tipline',
      taskforcePublicKeys: '/etc/tipline/keys.asc',
      smtpUrl: 'smtps://tipline:pw@mail.example.org:465',
      mailFrom: 'tipline@example.org',
      mailTo: ['duty@taskforce.example', 'chief@taskforce.example'],
      sendDelayMaxSeconds: 900,
      altchaCost: 2000,
      trustedClientIp: 'x-forwarded-for:right-most',
      rateLimitMax: 3,
      rateLimitWindowSeconds: 3600,
      rateLimitSecret: secret,
      generatedSecrets: [],
    });
  });

  it("delays each tip's mail by up to 5 minutes in production unless TIP_SEND_DELAY_MAX says otherwise (0 outside)", () => {
    expect(loadConfig(production).sendDelayMaxSeconds).toBe(300);
    expect(loadConfig({ ...production, TIP_SEND_DELAY_MAX: '0' }).sendDelayMaxSeconds).toBe(0);
    expect(loadConfig({}).sendDelayMaxSeconds).toBe(0);
  });

  it('in production refuses to start without real keys, SMTP, addresses and secrets, naming each', () => {
    const found = problems({ NODE_ENV: 'production' });
    expect(found).toHaveLength(6);
    for (const name of [
      'TASKFORCE_PUBLIC_KEYS',
      'SMTP_URL',
      'TIP_MAIL_FROM',
      'TIP_MAIL_TO',
      'RATE_LIMIT_SECRET',
      'ALTCHA_HMAC_SECRET',
    ]) {
      expect(found.some((p) => p.startsWith(name))).toBe(true);
    }
    expect(found.find((p) => p.startsWith('TASKFORCE_PUBLIC_KEYS'))).toContain('never uses demo keys');
  });

  it('reports every mistake at once, each naming the variable and the bad value', () => {
    const found = problems({
      PORT: 'http',
      TIP_SEND_DELAY_MAX: '-5',
      ALTCHA_COST: '0',
      TRUSTED_CLIENT_IP: 'x-forwarded-for',
    });
    expect(found).toHaveLength(4);
    expect(found[0]).toBe('PORT must be a whole number from 1 to 65535 (it is "http").');
    expect(found.find((p) => p.startsWith('TIP_SEND_DELAY_MAX'))).toContain('"-5"');
    expect(found.find((p) => p.startsWith('ALTCHA_COST'))).toContain('from 1 to');
    expect(found.find((p) => p.startsWith('TRUSTED_CLIENT_IP'))).toContain('left-most');
  });

  it('the message of the error lists the problems for the console', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(
      /configuration has a problem:\n {2}- PORT must be a whole number/,
    );
  });

  it('checks SMTP_URL and that a configured SMTP has sender and recipients', () => {
    expect(problems({ SMTP_URL: 'http://mail.example.org' })[0]).toContain('smtp:// or smtps://');
    expect(problems({ SMTP_URL: 'not a url', TIP_MAIL_FROM: 'a@b.org', TIP_MAIL_TO: 'c@d.org' })[0]).toContain(
      'not a valid URL',
    );
    const missing = problems({ SMTP_URL: 'smtp://localhost:2525' });
    expect(missing.map((p) => p.split(' ')[0])).toEqual(['TIP_MAIL_FROM', 'TIP_MAIL_TO']);
    expect(problems({ TIP_MAIL_TO: 'duty@taskforce.example, not-an-address' })[0]).toContain('"not-an-address"');
    expect(problems({ TIP_MAIL_FROM: 'Tip Line <tips@example.org>' })[0]).toContain('one plain e-mail address');
  });

  it('refuses short secrets, even outside production', () => {
    expect(problems({ RATE_LIMIT_SECRET: 'short' })[0]).toMatch(/^RATE_LIMIT_SECRET is too short: use at least 32/);
  });

  it('reads the Redis settings with the rest, each mistake listed beside the others', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({
      kind: 'tcp',
      url: 'redis://127.0.0.1:6379',
      prefix: 'tipline:',
    });
    expect(loadConfig({}).redis).toBeNull();
    const found = problems({ REDIS_URL: 'http://cache', REDIS_KEY_PREFIX: 'a b', PORT: 'x' });
    expect(found.map((p) => p.split(' ')[0])).toEqual(['PORT', 'REDIS_KEY_PREFIX', 'REDIS_URL']);
    expect(problems({ REDIS_URL: 'redis://a', UPSTASH_REDIS_REST_URL: 'https://b.upstash.io' })[0]).toMatch(
      /keep only one/,
    );
    expect(problems({ UPSTASH_REDIS_REST_URL: 'http://b.upstash.io', UPSTASH_REDIS_REST_TOKEN: 't' })[0]).toMatch(
      /https:\/\//,
    );
  });

  it('in a serverless function asks for Redis, fixed secrets and a platform address header, all at once', () => {
    const found = problemsOf(() => loadConfig({}, 'serverless'));
    expect(found.map((p) => p.split(' ')[0])).toEqual([
      'RATE_LIMIT_SECRET',
      'ALTCHA_HMAC_SECRET',
      'TRUSTED_CLIENT_IP=socket',
      'Serverless',
    ]);
  });
});

describe('loadStartup (the composition root)', () => {
  it("lists the environment's problems and the key file's in one ConfigError", async () => {
    const error = await loadStartup({ ...production, TASKFORCE_PUBLIC_KEYS: '/nonexistent/keys.asc', PORT: 'x' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(' ')[0])).toEqual(['PORT', 'TASKFORCE_PUBLIC_KEYS:']);
  });
});

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}
