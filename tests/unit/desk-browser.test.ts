// The desk page's pure parts: reading the decrypted report (a bounded parser for the tip line's own MIME shape, the
// answers read back from the summary, the reply key), danger-first order, and the HTCDS export with spreadsheet
// formulas neutralised and the tipster's contact details never in it; the export of a set and the figures.
import { describe, expect, it } from 'vitest';
import { buildTipEntity } from '../../src/shared/tip-entity.ts';
import { formatReplyKey } from '../../src/shared/followup/index.ts';
import { replyKeyOf } from '../../src/desk/reply.ts';
import { parseEntity, mimeLimits } from '../../src/desk/mime.ts';
import { readReportFacts } from '../../src/desk/report.ts';
import { csvCell, exportJson, exportSetJson, htcdsCsv, htcdsRecord } from '../../src/desk/export.ts';
import { SetError, setOf, type ReadCase } from '../../src/desk/case-set.ts';
import { maxExportSet } from '../../src/shared/export-set.ts';
import { countFigures, figuresCsv } from '../../src/desk/figures.ts';
import { forgetDecrypted, listLimit, triageOrder } from '../../src/desk/cases.ts';
import type { CaseMeta } from '../../src/desk/types.ts';
import type { TipAnswers } from '../../src/shared/tip-fields.ts';

const encoder = new TextEncoder();
const photo = new Uint8Array(Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff));

const replyKey = formatReplyKey(new Uint8Array(32).fill(9));

function report(answers: TipAnswers) {
  return buildTipEntity({
    answers,
    attachments: [{ filename: 'fòto bar.jpg', contentType: 'image/jpeg', bytes: photo }],
    replyKey,
    locale: 'ht',
    sentHour: '2031-01-15T10:00Z',
    randomBytes: (n) => new Uint8Array(n).fill(7),
  });
}

const answers: TipAnswers = {
  text: {
    happened: 'Yon timoun ap travay.\nDanger: no\nIs anyone in immediate danger now: No',
    where: 'Charlestown, Nevis',
    'contact-how': 'call me on 555-0100',
  },
  choices: { danger: ['yes'], kind: ['domestic-servitude', 'child'], indicators: ['debt', 'cannot-leave'] },
};

const meta = (id: string, status: CaseMeta['status'] = 'new'): CaseMeta => ({
  id,
  receivedDay: '2031-01-15',
  status,
  closeReason: null,
  assignee: null,
  labels: [],
  keepUntilDay: null,
  messages: 1,
  acknowledgeBy: '2031-01-22',
  feedbackBy: '2031-04-15',
  hasThread: true,
});

describe('reading a decrypted report', () => {
  it('gets the summary, the attachment bytes and name, and the X-Reply-Key header; ignores the padding', () => {
    const entity = parseEntity(report(answers));
    expect(entity.headers.get('x-reply-key')).toBe(replyKey);
    expect(replyKeyOf(entity)).toEqual(new Uint8Array(32).fill(9));
    expect(entity.text).toContain('Form language: ht');
    expect(entity.text).toContain('Yon timoun ap travay.');
    expect(entity.attachments).toHaveLength(1);
    expect(entity.attachments[0]).toMatchObject({ contentType: 'image/jpeg', filename: 'fòto bar.jpg' });
    expect(entity.attachments[0]!.bytes).toEqual(photo);
  });

  it("reads the answers from the summary's own lines, never from what the tipster typed", () => {
    const facts = readReportFacts(parseEntity(report(answers)).text);
    expect(facts).toMatchObject({ danger: 'yes', where: 'Charlestown, Nevis', formLanguage: 'ht' });
    expect(facts.choices.kind).toEqual(['domestic-servitude', 'child']);
    const quiet = readReportFacts(parseEntity(report({ text: { happened: 'x' }, choices: {} })).text);
    expect(quiet.danger).toBe('unknown');
  });

  it('bounds hostile input: too many parts, a huge header block, no boundary; plain text is shown as it is', () => {
    const parts = Array.from({ length: mimeLimits.maxParts + 2 }, () => '--b\r\nContent-Type: text/plain\r\n\r\nx\r\n');
    const many = encoder.encode(`Content-Type: multipart/mixed; boundary="b"\r\n\r\n${parts.join('')}--b--\r\n`);
    expect(() => parseEntity(many)).toThrow(/too many parts/);
    const bigHead = encoder.encode(`X-A: ${'a'.repeat(mimeLimits.maxHeaderBytes)}\r\n\r\nbody`);
    expect(() => parseEntity(bigHead)).toThrow(/header block/);
    expect(() => parseEntity(encoder.encode('Content-Type: multipart/mixed\r\n\r\n--x'))).toThrow(/boundary/);
    expect(parseEntity(encoder.encode('just a note, no MIME')).text).toBe('just a note, no MIME');
    // A long run of "=" and line breaks in a part is linear work, not a backtracking regex.
    const qp = encoder.encode(
      `Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${'=\r\n'.repeat(200_000)}=41\r\n--b--\r\n`,
    );
    const started = performance.now();
    expect(parseEntity(qp).text).toBe('A');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('danger first', () => {
  it('puts decrypted danger-now tips first, then the rest newest first, closed last', async () => {
    forgetDecrypted();
    const list = [meta('a'), meta('b', 'closed'), meta('c')];
    expect(triageOrder(list).map((c) => c.id)).toEqual(['a', 'c', 'b']);
  });
});

describe('export', () => {
  const summary = parseEntity(report(answers)).text;
  const input = {
    meta: meta('case1', 'referred'),
    facts: readReportFacts(summary),
    summary,
    caseOwner: 'Amara',
    includeContact: false,
  };

  it('maps the answers to HTCDS fields for a possible victim, without free text or contact details unless asked', () => {
    const record = htcdsRecord({ ...input, includeText: false });
    expect(record).toMatchObject({
      cas_Status: 'ClosedReferred',
      vic_TraffickingStatus: 'PossibleVictimOfTrafficking',
      vic_TypeOfExploitation: ['Servitude'],
      vic_ForcedLabourIndustry: ['T_ActivitiesOfHouseholdsAsEmployers'],
      vic_MethodsOfControl: ['DebtBondage', 'Other'],
      hte_State: 'Nevis',
      hte_Country: 'KN',
      hte_Description: '',
      cas_CaseOwner: 'Amara',
    });
    expect(record.cco_CaseComment).toContain('a child is involved');
    expect(record.cco_CaseComment).not.toContain('timoun');
    const withText = htcdsRecord({ ...input, includeText: true });
    expect(withText.cco_CaseComment).toContain('Yon timoun ap travay.');
    // The tipster's contact details only when asked for: free text alone does not bring them.
    for (const out of [htcdsCsv([withText]), exportJson({ ...input, includeText: true })])
      expect(out).not.toContain('555-0100');
    const withContact = htcdsRecord({ ...input, includeText: false, includeContact: true });
    expect(withContact.cco_CaseComment).toContain('How to contact the reporter: call me on 555-0100');
    expect(withContact.cco_CaseComment).not.toContain('timoun');
    expect(htcdsCsv([withContact])).toContain('555-0100');
  });

  it('reads a one-line answer longer than a mail line whole (the entity cuts it into indented pieces)', () => {
    const when = Array.from({ length: 160 }, (_, i) => `night${i}`).join(' ');
    const where = `${'Main Street '.repeat(90)}Charlestown, Nevis`;
    const long = parseEntity(report({ ...answers, text: { ...answers.text, when, where } })).text;
    expect(long.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 998)).toBe(true);
    const facts = readReportFacts(long);
    expect(facts.where).toBe(where.trim());
    const record = htcdsRecord({ ...input, facts, summary: long, includeText: true });
    expect(record.cco_CaseComment).toContain(`When: ${when}`);
    expect(record.hte_State).toBe('Nevis');
    expect(facts.danger).toBe('yes');
  });

  it('neutralises spreadsheet formulas in every cell and keeps quotes', () => {
    for (const bad of ['=HYPERLINK("http://x")', '+1+1', '-2', '@SUM(A1)', '\tx', '\rx'])
      expect(csvCell(bad).startsWith(`"'`)).toBe(true);
    expect(csvCell('plain "quoted"')).toBe('"plain ""quoted"""');
    const csv = htcdsCsv([htcdsRecord({ ...input, meta: { ...meta('=cmd|x'), status: 'new' }, includeText: true })]);
    expect(csv.startsWith('\uFEFF"cas_CaseID"')).toBe(true);
    expect(csv.split('\r\n')[1]).toContain('"Case ID"');
    expect(csv).toContain(`"'=cmd|x"`);
    expect(csv).not.toMatch(/(^|,)"[=+\-@]/m);
  });
});

describe('export of a set, and figures', () => {
  const readCase = (id: string, status: CaseMeta['status'], labels: CaseMeta['labels'], a: TipAnswers): ReadCase => {
    const summary = parseEntity(report(a)).text;
    return { meta: { ...meta(id, status), labels }, summary, facts: readReportFacts(summary) };
  };
  const set = [
    readCase('caseA', 'new', ['nevis'], answers),
    readCase('caseB', 'assessing', ['st-kitts', 'urgent'], {
      text: { happened: '=HYPERLINK("http://evil.example")', 'contact-how': 'ring 555-0199' },
      choices: { kind: ['forced-labour', 'sexual-exploitation'], danger: ['no'] },
    }),
    readCase('caseC', 'closed', [], { text: { where: 'Basseterre' }, choices: { danger: ['not-sure'] } }),
  ];
  const inputs = (includeText: boolean, includeContact: boolean) =>
    set.map((r) => ({ ...r, includeText, includeContact, caseOwner: null }));

  it('builds one CSV with one HTCDS row per case, in order, formulas neutralised, text and contact only when ticked', () => {
    const plain = htcdsCsv(inputs(false, false).map(htcdsRecord));
    const rows = plain.split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(2 + set.length);
    expect(rows.slice(2).map((r) => r.split(',')[0])).toEqual(['"caseA"', '"caseB"', '"caseC"']);
    expect(rows[3]).toContain('"ForcedLabour;SexualExploitation"');
    for (const secret of ['HYPERLINK', '555-01', 'timoun', 'Basseterre']) expect(plain).not.toContain(secret);

    const withText = htcdsCsv(inputs(true, false).map(htcdsRecord));
    expect(withText).toContain('What happened: =HYPERLINK');
    expect(withText).toContain('"Basseterre"');
    expect(withText).not.toContain('555-01');
    expect(withText).not.toMatch(/(^|,)"[=+\-@]/m);
    const withContact = htcdsCsv(inputs(false, true).map(htcdsRecord));
    expect(withContact).toContain('How to contact the reporter: ring 555-0199');
    expect(withContact).toContain('How to contact the reporter: call me on 555-0100');
    expect(withContact).not.toContain('HYPERLINK');
  });

  it('builds one JSON with the same records as the CSV', () => {
    const json = JSON.parse(exportSetJson(inputs(false, false)));
    expect(json.format).toBe('skn-desk-export-set/v1');
    expect(json.htcds).toEqual(inputs(false, false).map(htcdsRecord));
    expect(JSON.stringify(json)).not.toContain('555-01');
    expect(exportSetJson(inputs(true, true))).toContain('ring 555-0199');
  });

  it('counts cases by status, kind of exploitation (several per report) and island label, never from free text', () => {
    const [status, kind, island] = countFigures(set);
    const counts = (g: typeof status) => Object.fromEntries(g!.rows.map((r) => [r.label, r.cases]));
    expect(counts(status)).toEqual({ New: 1, Opened: 0, Assessing: 1, Referred: 0, Closed: 1 });
    expect(counts(kind)).toEqual({
      'Forced labour': 1,
      'Sexual exploitation': 1,
      'Domestic servitude': 1,
      'Forced begging or crime': 0,
      'A child is involved': 1,
      'Not sure': 0,
      'Not answered': 1,
    });
    // caseA's "Where" says Nevis and it is labelled Nevis; caseC's "Where" names Basseterre but it has no label.
    expect(counts(island)).toEqual({ 'St Kitts': 1, Nevis: 1, 'Not labelled': 1 });
    expect(countFigures([]).every((g) => g.rows.every((r) => r.cases === 0))).toBe(true);

    const csv = figuresCsv(countFigures(set), '2031-01-01 to 2031-01-31', set.length);
    const rows = csv.split('\r\n').filter(Boolean);
    expect(rows[0]).toBe('\uFEFF"Group","Value","Cases"');
    expect(rows[1]).toBe('"All cases","2031-01-01 to 2031-01-31","3"');
    expect(rows).toContain('"Island (case labels)","Not labelled","1"');
    expect(rows).toHaveLength(2 + 5 + 7 + 3);
    expect(csv).not.toContain('Basseterre');
  });

  it('chooses the cases that arrived between two days (both included, either end open), oldest first, bounded', () => {
    const listed = ['2031-02-01', '2031-01-15', '2031-01-01'].map((d, i) => ({ ...meta(`c${i}`), receivedDay: d }));
    const filter = { status: '', label: '', assignee: '' } as const;
    const ids = (from: string, to: string) => setOf(listed, { ...filter, from, to }).map((c) => c.id);
    expect(ids('2031-01-01', '2031-01-15')).toEqual(['c2', 'c1']);
    expect(ids('2031-01-02', '')).toEqual(['c1', 'c0']);
    expect(ids('', '2031-01-14')).toEqual(['c2']);
    expect(ids('2031-03-01', '')).toEqual([]);
    expect(() => ids('2031-02-01', '2031-01-01')).toThrow(SetError);

    const many = (n: number, day: string) =>
      Array.from({ length: n }, (_, i) => ({ ...meta(`m${i}`), receivedDay: day }));
    expect(setOf(many(maxExportSet, '2031-01-15'), { ...filter, from: '', to: '' })).toHaveLength(maxExportSet);
    expect(() => setOf(many(maxExportSet + 1, '2031-01-15'), { ...filter, from: '', to: '' })).toThrow(
      `${maxExportSet + 1} cases match`,
    );
    // A listing cut at its limit inside the period would leave out the oldest cases of the set.
    const full = many(listLimit, '2031-01-15');
    expect(() => setOf(full, { ...filter, from: '2031-01-01', to: '' })).toThrow(`More than ${listLimit}`);
    expect(setOf(full, { ...filter, from: '2031-01-16', to: '' })).toEqual([]);
  });
});
