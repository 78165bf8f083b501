// Why a send failed, as every queue stores it and the forwarder logs it: one line of at most 200 characters. The
// text is an SMTP answer or a name of ours ("undeliverable…"), never tip content.
const maxLength = 200;

export function failureReason(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, maxLength);
}
