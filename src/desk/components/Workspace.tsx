// The signed-in desk: a bar with who is signed in and their key's state, the screens their role may use, and a
// reminder to add a second passkey while they have only one.
import { lazy, Suspense, useEffect, useState } from 'react';
import type { KeyVault } from '../key-vault.ts';
import { myPasskeys } from '../passkeys.ts';
import type { OfficerView } from '../types.ts';
import { DeskApiError } from '../api.ts';
import { forgetDecrypted } from '../cases.ts';
import { KeyPanel } from './KeyPanel.tsx';
import { Cases } from './Cases.tsx';
import { People } from './People.tsx';
import { Audit } from './Audit.tsx';
import { Passkeys } from './Passkeys.tsx';

// Export and figures is used now and then: its code loads when the screen is opened, not with the page.
const Reports = lazy(() => import('./Reports.tsx').then((m) => ({ default: m.Reports })));

type Screen = 'cases' | 'reports' | 'people' | 'audit' | 'passkeys';

export interface WorkspaceProps {
  officer: OfficerView;
  vault: KeyVault;
  openings: Record<string, Record<string, string>>;
  /** The task force public keys the site was built with (armored, one per key). */
  taskForceKeys: string[];
  onSignOut: (notice: string | null) => void;
  onSessionLost: () => void;
}

export function Workspace(props: WorkspaceProps) {
  const { officer, vault } = props;
  const screens: { id: Screen; label: string }[] = [
    ...(officer.role !== 'auditor'
      ? [
          { id: 'cases' as const, label: 'Cases' },
          { id: 'reports' as const, label: 'Export and figures' },
        ]
      : []),
    ...(officer.role === 'coordinator' ? [{ id: 'people' as const, label: 'People' }] : []),
    ...(officer.role !== 'officer' ? [{ id: 'audit' as const, label: 'Audit log' }] : []),
    { id: 'passkeys', label: 'My passkeys' },
  ];
  const [screen, setScreen] = useState<Screen>(screens[0]!.id);
  const [passkeyCount, setPasskeyCount] = useState<number | null>(null);
  const [unlocked, setUnlocked] = useState(vault.unlocked);
  useEffect(
    () =>
      vault.subscribe((open) => {
        setUnlocked(open);
        if (!open) forgetDecrypted(); // what was read with the key goes with it
      }),
    [vault],
  );

  const refreshPasskeys = () =>
    myPasskeys().then(
      (p) => setPasskeyCount(p.length),
      () => {},
    );
  useEffect(() => {
    refreshPasskeys();
  }, []);

  /** Any API call that finds the session gone returns the officer to the sign-in. */
  const guard = (error: unknown) => {
    if (error instanceof DeskApiError && error.code === 'desk.no-session') props.onSessionLost();
  };

  return (
    <div className="desk-workspace">
      <header className="desk-bar">
        <span className="desk-brand">Task force desk</span>
        <nav aria-label="Desk" className="desk-tabs">
          {screens.map((s) => (
            <button
              key={s.id}
              type="button"
              className="desk-tab"
              aria-current={screen === s.id ? 'page' : undefined}
              onClick={() => setScreen(s.id)}
            >
              {s.label}
            </button>
          ))}
        </nav>
        <span className="desk-who">
          {officer.name} · {officer.role}
          {officer.keyFingerprint && (
            <span className={unlocked ? 'desk-key desk-key-open' : 'desk-key'}>
              {unlocked ? 'key unlocked' : 'key locked'}
            </span>
          )}
        </span>
        {unlocked && (
          <button type="button" className="desk-button desk-small desk-secondary" onClick={() => vault.lock()}>
            Lock key
          </button>
        )}
        <button type="button" className="desk-button desk-small desk-secondary" onClick={() => props.onSignOut(null)}>
          Sign out
        </button>
      </header>
      {passkeyCount === 1 && (
        <p className="desk-nag" role="status">
          You have only one passkey. If you lose it you cannot sign in until a coordinator invites you again.{' '}
          <button type="button" className="desk-link" onClick={() => setScreen('passkeys')}>
            Add a second passkey
          </button>{' '}
          (best a hardware security key kept somewhere safe).
        </p>
      )}
      {officer.keyFingerprint && !unlocked && screen !== 'passkeys' && (
        <KeyPanel officer={officer} vault={vault} taskForceKeys={props.taskForceKeys} />
      )}
      <main id="desk-main">
        {screen === 'cases' && <Cases officer={officer} vault={vault} openings={props.openings} onError={guard} />}
        {screen === 'reports' && (
          <Suspense fallback={<p className="desk-muted">Loading…</p>}>
            <Reports officer={officer} vault={vault} onError={guard} />
          </Suspense>
        )}
        {screen === 'people' && <People officer={officer} vault={vault} onError={guard} />}
        {screen === 'audit' && <Audit onError={guard} />}
        {screen === 'passkeys' && <Passkeys onChange={refreshPasskeys} onError={guard} />}
      </main>
    </div>
  );
}
