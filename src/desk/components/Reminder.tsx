// The days by which the tipster should hear back (EU Directive 2019/1937 Art. 9: acknowledge within 7 days, feedback
// within 3 months), shown while they matter: before acknowledgement (status new or opened) and while the case is open.
import type { CaseMeta } from '../types.ts';

export function Reminder({ meta, today }: { meta: CaseMeta; today: string }) {
  if (meta.status === 'closed') return null;
  if (meta.status === 'new' || meta.status === 'opened') {
    const late = today > meta.acknowledgeBy;
    return (
      <span className={late ? 'desk-badge desk-danger' : 'desk-badge desk-warn'}>
        {late ? 'Acknowledgement overdue' : 'Acknowledge by'} {meta.acknowledgeBy}
      </span>
    );
  }
  const late = today > meta.feedbackBy;
  return (
    <span className={late ? 'desk-badge desk-danger' : 'desk-badge'}>
      {late ? 'Feedback overdue' : 'Feedback by'} {meta.feedbackBy}
    </span>
  );
}
