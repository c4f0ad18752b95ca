import { AutomatorError } from '../errors';

/** A file past MAX_BINARY_BYTES: refused while it streams in, nothing of it is kept. */
export class BinaryTooLargeError extends AutomatorError {
  constructor(readonly limitBytes: number, what = 'The file') {
    super(`${what} is larger than MAX_BINARY_BYTES (${limitBytes} bytes)`, 'payload_too_large');
  }
}

/** A binary reference that does not name a file of this store (or whose file is gone). */
export class BinaryNotFoundError extends AutomatorError {
  constructor(id: string, reason: string) {
    super(`Binary data "${id}" ${reason}`, 'not_found');
  }
}
