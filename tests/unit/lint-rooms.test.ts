// The import rule that keeps the rooms of docs/architecture.md (eslint/rooms.mjs), shown failing: an upward
// import is an error naming both rooms; the same import from a room that may make it is not.
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

const eslint = new ESLint();
const problems = async (filePath: string, code: string) =>
  (await eslint.lintText(code, { filePath }))[0]!.messages.filter((m) => m.ruleId === 'rooms/imports');

describe('rooms/imports', () => {
  test('refuses an import that runs up the rooms, and says which rooms', async () => {
    const shared = await problems(
      'src/shared/report/example.ts',
      "import { createApp } from '../../../functions/app.ts';\nexport const app = createApp;\n",
    );
    expect(shared.map((m) => m.message)).toEqual([
      'src/shared/report/example.ts (shared) may not import functions/app.ts (app): see the rooms in docs/architecture.md.',
    ]);
    const adapter = await problems('functions/queue/example.ts', "export { storeTip } from '../tips/store.ts';\n");
    expect(adapter).toHaveLength(1);
    const browser = await problems(
      'src/tipline/example.ts',
      "export const keys = () => import('../../functions/keys.ts');\n",
    );
    expect(browser).toHaveLength(1);
  });

  test('allows imports downwards and the named exceptions', async () => {
    expect(
      await problems('functions/tips/example.ts', "export { hourLabel } from '../../src/shared/hour.ts';\n"),
    ).toEqual([]);
    expect(
      await problems('src/lib/example.ts', "export { loadTaskForceKeys } from '../../functions/keys.ts';\n"),
    ).toEqual([]);
    expect(await problems('src/lib/example.ts', "export { createApp } from '../../functions/app.ts';\n")).toHaveLength(
      1,
    );
  });
});
