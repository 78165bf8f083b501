// A wide table on a narrow screen scrolls sideways: the region is focusable and named, so it can be scrolled with
// the keyboard and a screen reader says what it holds (WCAG 2.1.1).
import type { ReactNode } from 'react';

export function Scrollable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="desk-tablewrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
