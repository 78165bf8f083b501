// What the tip says about danger now, as the list row and the open case both show it: an officer on a phone sees
// only one of them at a time.
import type { ReportFacts } from '../report.ts';

export function DangerBadge({ facts }: { facts: ReportFacts | undefined }) {
  if (facts?.danger === 'yes') return <span className="desk-badge desk-danger">Danger now</span>;
  if (facts?.danger === 'not-sure') return <span className="desk-badge desk-warn">Danger: not sure</span>;
  return null;
}
