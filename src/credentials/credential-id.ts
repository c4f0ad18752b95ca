import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LENGTH = 16;

/** A new credential id shaped like n8n's (16 letters and digits), so exports look alike. */
export function newCredentialId(): string {
  const bytes = randomBytes(LENGTH * 2);
  let id = '';
  // 248 = 4 * 62: dropping bytes above it keeps every character equally likely.
  for (const byte of bytes) {
    if (byte < 248) id += ALPHABET[byte % ALPHABET.length];
    if (id.length === LENGTH) return id;
  }
  return id + newCredentialId().slice(id.length);
}
