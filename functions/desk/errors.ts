// The desk API's error codes, their HTTP statuses and English sentences (the desk shows its own text per code).
import type { Context } from 'hono';

export const deskErrors = {
  'desk.invalid': { status: 400, message: 'The request could not be read.' },
  'desk.too-large': { status: 413, message: 'The request is larger than the desk accepts.' },
  'desk.json-only': { status: 415, message: 'The desk API takes JSON only.' },
  'desk.csrf': { status: 403, message: 'The request did not come from the desk page.' },
  'desk.no-session': { status: 401, message: 'Sign in first (or again: sessions end after idle time).' },
  'desk.forbidden': { status: 403, message: 'Your role does not allow this.' },
  'desk.invitation': {
    status: 410,
    message: 'This invitation is unknown, used or expired: ask a coordinator for a new one.',
  },
  'desk.challenge': { status: 400, message: 'The sign-in challenge is unknown, used or expired: start again.' },
  'desk.passkey': { status: 400, message: 'The passkey could not be verified.' },
  'desk.step-up': { status: 403, message: 'This action needs a fresh signature by your task force key.' },
  'desk.not-found': { status: 404, message: 'No such case or officer.' },
  'desk.conflict': { status: 409, message: 'This change does not fit the current state.' },
  'desk.no-thread': {
    status: 409,
    message: 'This case has no thread with the tipster, so it cannot take a reply; add an internal note instead.',
  },
  'desk.envelope': {
    status: 422,
    message: 'The record copy or note is not an OpenPGP message to exactly the task force keys.',
  },
  'desk.rate-limited': { status: 429, message: 'Too many sign-in attempts from this network; wait a few minutes.' },
  'desk.unavailable': { status: 503, message: 'The desk cannot take sign-ins right now.' },
  'desk.server': { status: 500, message: 'The desk could not do this right now.' },
} as const;

export type DeskErrorCode = keyof typeof deskErrors;

export function deskError(c: Context, code: DeskErrorCode): Response {
  const { status, message } = deskErrors[code];
  return c.json({ error: { code, message } }, status);
}
