// A failure the tipster is told about: its code picks the localized sentence "tip.error.<code>".
// The server's error codes (see the API contract) and the browser's own share one namespace.

export class TipError extends Error {
  readonly code: string;
  readonly vars: Record<string, string | number>;
  constructor(code: string, vars: Record<string, string | number> = {}) {
    super(code);
    this.name = 'TipError';
    this.code = code;
    this.vars = vars;
  }
}
