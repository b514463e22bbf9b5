/**
 * A user-facing input error: it names the field (a CLI flag, a YAML path, a file line) and says
 * what is allowed. The CLI prints `field: message` on one line and exits with code 2.
 */
export class InputError extends Error {
  readonly field: string;
  readonly detail: string;

  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'InputError';
    this.field = field;
    this.detail = detail;
  }

  /** The same error attributed to another field name (e.g. `x` → `--x`). */
  renamed(field: string): InputError {
    return new InputError(field, this.detail);
  }
}

/** The message of anything thrown, for one-line logs and errors. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
