// The desk: who is signed in decides what is shown. Signed out: sign in, or accept the invitation in the link's
// fragment. Signed in: the officer's key (unlocked in a worker), cases, people, the audit log, their passkeys.
// The session ends on the server after 15 minutes idle; the page signs out after the same idle time so a screen
// left open shows nothing.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { onApiActivity, DeskApiError } from '../api.ts';
import { KeyVault } from '../key-vault.ts';
import { currentSession, invitationToken, signOut } from '../passkeys.ts';
import { forgetDecrypted } from '../cases.ts';
import type { OfficerView } from '../types.ts';
import { errorText } from '../vocabulary.ts';
import { SignIn } from './SignIn.tsx';
import { Invitation } from './Invitation.tsx';
import { Workspace } from './Workspace.tsx';

export const sessionIdleMs = 15 * 60_000;

type State =
  | { kind: 'loading' }
  | { kind: 'disabled' }
  | { kind: 'signed-out'; notice: string | null }
  | { kind: 'signed-in'; officer: OfficerView };

export function App(props: { openings: Record<string, Record<string, string>>; taskForceKeys: string[] }) {
  const { openings, taskForceKeys } = props;
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [invite, setInvite] = useState<string | null>(() => invitationToken(location.hash));
  const vault = useMemo(() => new KeyVault(), []);

  const endSession = useCallback(
    (notice: string | null) => {
      vault.lock();
      forgetDecrypted();
      setState({ kind: 'signed-out', notice });
    },
    [vault],
  );

  useEffect(() => {
    currentSession()
      .then((s) => setState({ kind: 'signed-in', officer: s.officer }))
      .catch((error: unknown) => {
        if (error instanceof DeskApiError && error.code === 'desk.disabled') setState({ kind: 'disabled' });
        else if (error instanceof DeskApiError && error.code === 'desk.no-session')
          setState({ kind: 'signed-out', notice: null });
        else setState({ kind: 'signed-out', notice: errorText(error) });
      });
  }, []);

  // Leaving the page locks the key at once (the worker and the key in it are gone).
  useEffect(() => {
    const lock = () => vault.lock();
    addEventListener('pagehide', lock);
    return () => removeEventListener('pagehide', lock);
  }, [vault]);

  // Idle: nothing typed, clicked or fetched for the session's idle time → signed out here too.
  useEffect(() => {
    if (state.kind !== 'signed-in') return;
    let timer = setTimeout(idle, sessionIdleMs);
    function idle() {
      signOut().catch(() => {});
      endSession('You were signed out after 15 minutes without activity, and your key was locked.');
    }
    const activity = () => {
      clearTimeout(timer);
      timer = setTimeout(idle, sessionIdleMs);
      vault.touch();
    };
    onApiActivity(activity);
    const events = ['keydown', 'pointerdown'] as const;
    for (const e of events) addEventListener(e, activity, { passive: true });
    return () => {
      clearTimeout(timer);
      onApiActivity(() => {});
      for (const e of events) removeEventListener(e, activity);
    };
  }, [state.kind, vault, endSession]);

  const signedIn = (officer: OfficerView) => {
    history.replaceState(null, '', location.pathname); // the invitation token leaves the address bar
    setInvite(null);
    setState({ kind: 'signed-in', officer });
  };

  if (state.kind === 'loading') return <p className="desk-muted">Loading the desk…</p>;
  if (state.kind === 'disabled')
    return (
      <section className="desk-panel" aria-labelledby="disabled-title">
        <h1 id="disabled-title">The desk is not enabled</h1>
        <p>
          This server does not run the task force desk (its <code>DESK_ORIGIN</code> setting is not set). Nothing here
          works until an administrator switches it on; see <code>docs/desk.md</code>.
        </p>
      </section>
    );
  if (state.kind === 'signed-out') {
    return invite ? (
      <Invitation token={invite} onSignedIn={signedIn} onCancel={() => setInvite(null)} />
    ) : (
      <SignIn notice={state.notice} onSignedIn={signedIn} />
    );
  }
  return (
    <Workspace
      officer={state.officer}
      vault={vault}
      openings={openings}
      taskForceKeys={taskForceKeys}
      onSignOut={(notice) => {
        signOut().catch(() => {});
        endSession(notice);
      }}
      onSessionLost={() => endSession(errorText({ code: 'desk.no-session' }))}
    />
  );
}
