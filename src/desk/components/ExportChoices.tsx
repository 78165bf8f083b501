// What an export holds, chosen the same way for one case and for a set: free text and the tipster's contact details
// only when ticked (a tip is not a victim record), and the file encrypted to the task force keys unless unticked.
import { useState } from 'react';

export function useExportChoices() {
  const [includeText, setIncludeText] = useState(false);
  const [includeContact, setIncludeContact] = useState(false);
  const [encrypted, setEncrypted] = useState(true);
  const fields = (
    <div className="desk-stack">
      <label className="desk-check">
        <input type="checkbox" checked={includeText} onChange={(e) => setIncludeText(e.target.checked)} />
        Include the free-text answers (what happened, when, people, vehicles, where): they may name people
      </label>
      <label className="desk-check">
        <input type="checkbox" checked={includeContact} onChange={(e) => setIncludeContact(e.target.checked)} />
        Include how and when the tipster said they may be contacted (only when a referral needs it)
      </label>
      <label className="desk-check">
        <input type="checkbox" checked={encrypted} onChange={(e) => setEncrypted(e.target.checked)} />
        Encrypt the file to the task force keys (recommended)
      </label>
    </div>
  );
  return { includeText, includeContact, encrypted, fields };
}
