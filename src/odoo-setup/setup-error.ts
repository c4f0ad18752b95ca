/**
 * Input the setup cannot work with (wrong admin password, unknown database, addon not on the
 * addons path, sidecar URL Odoo cannot reach...): one line for the user, exit code 2. Raised
 * before the step that would write, so nothing is left half-done.
 */
export class SetupInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupInputError';
  }
}
