/** An outcome that is not an error but needs its own exit code (e.g. stopped for a requeue). */
export class ExitWith extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ExitWith';
  }
}
