// The status page's thread, loaded by status-check.ts when the form is first used (it is most of the page's
// script: the HPKE suite, the seal worker's client, the reply opener): the code is normalized and kept in this page
// only; the lookup token (and, for replies, the reply key pair) are derived from it here (src/shared/followup/); the
// server is asked by the token; the status is shown as a reviewed sentence in the page's language (never text from
// the server); replies are opened and verified on this device (src/tipline/thread/replies.ts); a follow-up is
// sealed like a report.
import { deriveLookup, deriveThreadKeys, hasX25519, toBase64url } from '../../shared/followup/index.ts';
import { normalizeReceiptCode } from '../../shared/receipt.ts';
import { translate } from '../../tipline/strings.ts';
import { deleteReply, fetchThread, legacyHash, type ThreadView } from '../../tipline/thread/api.ts';
import { followupTooLarge, sendFollowup } from '../../tipline/thread/followup.ts';
import { openReplies, type OpenedReply } from '../../tipline/thread/replies.ts';
import { prepareSeal } from '../../tipline/seal.ts';

/** Wires the page once (the follow-up form); returns what the status form's submit calls. */
export function attach(root: HTMLElement): () => Promise<void> {
  const form = root.querySelector<HTMLFormElement>('form.status-form');
  const input = form?.querySelector<HTMLInputElement>('input[name="receipt"]');
  const result = root.querySelector<HTMLElement>('[data-status-result]');
  const error = root.querySelector<HTMLElement>('[data-status-error]');
  const title = root.querySelector<HTMLElement>('[data-thread-title]');
  const repliesBox = root.querySelector<HTMLElement>('[data-thread-replies]');
  const repliesNote = root.querySelector<HTMLElement>('[data-thread-replies-note]');
  const repliesList = root.querySelector<HTMLOListElement>('[data-thread-replies-list]');
  const followupForm = root.querySelector<HTMLFormElement>('[data-thread-followup]');
  const followupProgress = root.querySelector<HTMLElement>('[data-thread-followup-progress]');

  function readJson<T>(value: string | undefined, fallback: T): T {
    try {
      return JSON.parse(value ?? '') as T;
    } catch {
      return fallback;
    }
  }
  const strings = readJson<Record<string, string>>(root.dataset.statusStrings, {});
  const keys = readJson<string[]>(root.dataset.statusKeys, []);
  const limits = readJson<Record<string, number>>(root.dataset.statusLimits, {});
  const say = (key: string, vars?: Record<string, string | number>) =>
    translate({ ...strings, 'tip.error.unknown': strings['status.error.unknown'] ?? '' }, key, vars);

  /** The open thread: what this page holds while it is open, and nowhere else. */
  let current: { code: string; lookup: string; thread: ThreadView } | null = null;

  function showStatus(kind: string, text: string): void {
    if (!result) return;
    result.dataset.status = kind;
    result.textContent = text;
  }

  function fieldError(message: string | null): void {
    if (!error || !input) return;
    error.hidden = message === null;
    error.textContent = message ?? '';
    input.setAttribute('aria-invalid', String(message !== null));
    if (message !== null) input.focus();
  }

  function errorText(code: string): string {
    if (code === 'rate.limited') return say('status.error.rate');
    if (code === 'network') return say('status.error.network');
    if (code === 'thread.invalid') return say('status.error.invalid');
    return say('status.error.unknown');
  }

  function renderReplies(opened: OpenedReply[], lookup: string): void {
    if (!repliesList || !repliesNote) return;
    repliesList.replaceChildren();
    repliesNote.textContent = opened.length === 0 ? say('thread.replies.none') : '';
    for (const reply of opened) {
      const item = document.createElement('li');
      item.className = `status-reply status-reply--${reply.state}`;
      item.dataset.replySeq = String(reply.seq);
      const meta = document.createElement('p');
      meta.className = 'status-reply__meta';
      if (reply.state === 'verified') {
        meta.textContent = say('thread.reply.verified', { day: reply.day });
        const text = document.createElement('p');
        text.className = 'status-reply__text';
        text.textContent = reply.text; // text, never markup
        item.append(meta, text);
      } else {
        meta.textContent = say('thread.reply.unverified');
        item.append(meta);
      }
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'status-reply__delete';
      remove.textContent = say('thread.reply.delete');
      remove.addEventListener('click', async () => {
        remove.disabled = true;
        if (await deleteReply(lookup, reply.seq)) {
          item.remove();
          repliesNote.textContent = say('thread.reply.deleted');
        } else {
          remove.disabled = false;
          repliesNote.textContent = say('thread.reply.deleteFailed');
        }
      });
      item.append(remove);
      repliesList.append(item);
    }
  }

  async function openThread(code: string): Promise<void> {
    const lookup = toBase64url(await deriveLookup(code));
    const answer = await fetchThread(lookup, await legacyHash(code));
    if (!answer.ok) {
      showStatus('error', errorText(answer.code));
      return;
    }
    const { thread } = answer;
    current = { code, lookup, thread };
    showStatus(thread.status, strings[thread.statusKey] ?? say('status.error.unknown'));
    if (title) {
      title.hidden = false;
      title.focus(); // the answer is below the form: take the reader there
    }
    if (!thread.caseId || !repliesBox || !followupForm) return; // no desk, or no such thread: the status only
    repliesBox.hidden = false;
    followupForm.hidden = false;
    prepareSeal(keys);
    if (!repliesNote) return;
    if (thread.replies.length === 0) {
      renderReplies([], lookup);
      return;
    }
    if (!(await hasX25519())) {
      repliesNote.textContent = say('thread.error.browser');
      return;
    }
    try {
      const { replyKeyPair } = await deriveThreadKeys(code);
      renderReplies(await openReplies(replyKeyPair, thread.caseId, thread.replies, keys), lookup);
    } catch {
      repliesNote.textContent = say('thread.error.crypto');
    }
  }

  let busy = false;
  /** The form was sent: check the code, then open its thread. */
  async function submit(): Promise<void> {
    if (!input || !result || busy) return;
    const code = normalizeReceiptCode(input.value);
    if (!code) {
      result.textContent = '';
      delete result.dataset.status;
      fieldError(say('status.error.invalid'));
      return;
    }
    fieldError(null);
    busy = true;
    current = null;
    if (repliesBox) repliesBox.hidden = true;
    if (followupForm) followupForm.hidden = true;
    showStatus('checking', say('status.checking'));
    try {
      await openThread(code);
    } catch {
      showStatus('error', say('status.error.unknown'));
    } finally {
      busy = false;
    }
  }

  function attachFollowup(): void {
    if (!followupForm || !followupProgress) return;
    const message = followupForm.querySelector<HTMLTextAreaElement>('textarea');
    const filesInput = followupForm.querySelector<HTMLInputElement>('input[type="file"]');
    const button = followupForm.querySelector<HTMLButtonElement>('button[type="submit"]');
    let sending = false;
    followupForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (sending || !current || !message || !filesInput) return;
      const files = Array.from(filesInput.files ?? []);
      if (message.value.trim() === '' && files.length === 0) {
        followupProgress.textContent = say('thread.followup.empty');
        message.focus();
        return;
      }
      if (followupTooLarge(files)) {
        followupProgress.textContent = say('thread.followup.tooLarge', limits);
        filesInput.focus();
        return;
      }
      sending = true;
      if (button) button.disabled = true;
      followupProgress.textContent = say('thread.followup.sending');
      try {
        await sendFollowup(
          {
            code: current.code,
            lookup: current.lookup,
            message: message.value,
            files,
            keys,
            locale: root.dataset.statusLocale ?? 'en',
          },
          (key) => (followupProgress.textContent = say(key)),
        );
        followupForm.reset();
        followupProgress.textContent = say('thread.followup.sent');
      } catch (failure) {
        const code = (failure as { code?: string }).code;
        followupProgress.textContent =
          code === 'rate.limited' ? say('thread.followup.rate') : say('thread.followup.failed');
      } finally {
        sending = false;
        if (button) button.disabled = false;
        prepareSeal(keys);
      }
    });
  }

  attachFollowup();
  return submit;
}
