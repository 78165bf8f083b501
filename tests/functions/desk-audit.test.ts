// The audit log's chain: appended entries verify; any changed, removed or reordered entry is found, at its place;
// a rewritten or cut tail is found against a head written down earlier; concurrent appends all land, in one chain.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appendAudit,
  auditHash,
  canonicalJson,
  verifyAuditChain,
  verifyStoredAudit,
} from '../../functions/desk/audit.ts';
import { openSqliteDeskStore, sqliteDeskPath } from '../../functions/desk-store/sqlite.ts';
import type { AuditEntry, DeskStore } from '../../functions/desk-ports.ts';

const t0 = Date.UTC(2031, 0, 15, 10, 20, 30, 456);
const dirs: string[] = [];
async function freshStore(): Promise<{ store: DeskStore; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'desk-audit-'));
  dirs.push(dir);
  return { store: openSqliteDeskStore({ dataDir: dir }), dir };
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function log(n: number): Promise<{ store: DeskStore; entries: AuditEntry[]; dir: string }> {
  const { store, dir } = await freshStore();
  for (let i = 0; i < n; i++) {
    await appendAudit(
      store,
      { actor: `officer-${i % 3}`, action: 'status_changed', object: `case-${i}`, detail: { to: 'assessing', i } },
      t0 + i * 60_000,
    );
  }
  return { store, entries: await store.readAudit(1, 1000), dir };
}

describe('audit chain', () => {
  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: null, c: [true, 'x'] } })).toBe('{"a":{"c":[true,"x"],"d":null},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('appended entries chain from the genesis hash, minute timestamps, and verify', async () => {
    const { store, entries } = await log(5);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0]!.prevHash).toBe('0'.repeat(64));
    expect(entries[0]!.at).toBe('2031-01-15T10:20Z');
    for (let i = 1; i < 5; i++) expect(entries[i]!.prevHash).toBe(entries[i - 1]!.hash);
    expect(verifyAuditChain(entries)).toEqual({ ok: true, head: { seq: 5, hash: entries[4]!.hash }, entries: 5 });
    expect(await verifyStoredAudit(store, undefined, 2)).toEqual({
      ok: true,
      head: { seq: 5, hash: entries[4]!.hash },
      entries: 5,
    });
    await store.close();
  });

  it('finds a changed entry: its action, its detail, its actor, its time', async () => {
    const { store, entries } = await log(5);
    const changes: Array<(e: AuditEntry) => AuditEntry> = [
      (e) => ({ ...e, action: 'deleted' }),
      (e) => ({ ...e, detail: { ...e.detail, to: 'closed' } }),
      (e) => ({ ...e, actor: 'someone-else' }),
      (e) => ({ ...e, at: '2031-01-15T11:00Z' }),
    ];
    for (const change of changes) {
      const tampered = entries.map((e) => (e.seq === 3 ? change(e) : e));
      expect(verifyAuditChain(tampered)).toEqual({ ok: false, seq: 3, problem: 'changed' });
    }
    await store.close();
  });

  it('finds a removed entry and a reordered pair', async () => {
    const { store, entries } = await log(5);
    expect(verifyAuditChain(entries.filter((e) => e.seq !== 2))).toEqual({
      ok: false,
      seq: 2,
      problem: 'missing-or-reordered',
    });
    const swapped = [entries[0]!, entries[2]!, entries[1]!, entries[3]!, entries[4]!];
    expect(verifyAuditChain(swapped)).toEqual({ ok: false, seq: 2, problem: 'missing-or-reordered' });
    // Renumbered to hide the gap: the link to the removed entry no longer holds.
    const renumbered = entries.filter((e) => e.seq !== 2).map((e) => (e.seq > 2 ? { ...e, seq: e.seq - 1 } : e));
    expect(verifyAuditChain(renumbered)).toEqual({ ok: false, seq: 2, problem: 'broken-link' });
    await store.close();
  });

  it('an entry replaced with a recomputed hash breaks the next link', async () => {
    const { store, entries } = await log(4);
    const forged = { ...entries[1]!, action: 'logout' };
    forged.hash = auditHash(forged);
    const tampered = entries.map((e) => (e.seq === 2 ? forged : e));
    expect(verifyAuditChain(tampered)).toEqual({ ok: false, seq: 3, problem: 'broken-link' });
    await store.close();
  });

  it('a rewritten or cut tail is found against a head written down earlier', async () => {
    const { store, entries } = await log(6);
    const knownHead = { seq: 4, hash: entries[3]!.hash };
    expect(verifyAuditChain(entries, { knownHead })).toMatchObject({ ok: true });
    // The whole log rebuilt from entry 3 on, every hash recomputed: the chain alone is fine, the head is not.
    const rebuilt: AuditEntry[] = [];
    for (const e of entries) {
      const prevHash = rebuilt.at(-1)?.hash ?? e.prevHash;
      const content = e.seq >= 3 ? { ...e, action: 'login', prevHash } : { ...e, prevHash };
      rebuilt.push({ ...content, hash: auditHash(content) });
    }
    expect(verifyAuditChain(rebuilt)).toMatchObject({ ok: true });
    expect(verifyAuditChain(rebuilt, { knownHead })).toEqual({ ok: false, seq: 4, problem: 'head-mismatch' });
    expect(verifyAuditChain(entries.slice(0, 3), { knownHead })).toEqual({
      ok: false,
      seq: 4,
      problem: 'head-mismatch',
    });
    expect(await verifyStoredAudit(store, knownHead, 2)).toMatchObject({ ok: true });
    expect(await verifyStoredAudit(store, { seq: 4, hash: 'e'.repeat(64) }, 2)).toEqual({
      ok: false,
      seq: 4,
      problem: 'head-mismatch',
    });
    expect(await verifyStoredAudit(store, { seq: 9, hash: 'e'.repeat(64) })).toEqual({
      ok: false,
      seq: 9,
      problem: 'head-mismatch',
    });
    await store.close();
  });

  it('verifyStoredAudit finds an entry changed in the file behind the store (triggers dropped)', async () => {
    const { store, dir } = await log(3);
    await store.close();
    const db = new DatabaseSync(sqliteDeskPath(dir));
    db.exec('DROP TRIGGER audit_no_update');
    db.exec(`UPDATE audit SET detail = '{"to":"closed","i":1}' WHERE seq = 2`);
    db.close();
    const reopened = openSqliteDeskStore({ dataDir: dir });
    expect(await verifyStoredAudit(reopened)).toEqual({ ok: false, seq: 2, problem: 'changed' });
    await reopened.close();
  });

  it('concurrent appends from two connections all land, in one unbroken chain', async () => {
    const { store, dir } = await freshStore();
    const other = openSqliteDeskStore({ dataDir: dir });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        appendAudit(i % 2 ? store : other, { actor: null, action: 'login', detail: { i } }, t0),
      ),
    );
    const verdict = await verifyStoredAudit(store);
    expect(verdict).toMatchObject({ ok: true, entries: 10 });
    await other.close();
    await store.close();
  });
});
