import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { CredentialError, type CredentialLabel } from '../errors';
import { isJsonObject, type JsonObject } from '../workflow/json';

/**
 * AES-256-GCM over a credential's JSON data. The stored text is
 * `v1:<key id>:<base64(nonce | tag | ciphertext)>`:
 * - a fresh random 96-bit nonce per encryption (never reused with one key);
 * - the credential's id as additional authenticated data, so a ciphertext copied onto
 *   another record does not decrypt there;
 * - the key id (the first 8 bytes of an HMAC of a constant under the key, which tells nothing
 *   about the key) separates "another key" from "tampered" in the error message.
 * The 256-bit key is derived from CREDENTIALS_KEY with scrypt, so any string works as a key;
 * a random one of 32+ bytes is what the generated key file holds.
 */

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
// scrypt: a fixed salt is enough here, since the derived key protects no password database;
// it only turns an arbitrary string into 32 key bytes while slowing guessing.
const KDF_SALT = 'the-ai-automator/credentials/v1';
const KDF_OPTIONS = { N: 2 ** 14, r: 8, p: 1 };

function label(credential: CredentialLabel): string {
  return credential.name !== undefined ? `"${credential.name}"` : `with id "${credential.id ?? '?'}"`;
}

export class CredentialCipher {
  private derived: { key: Buffer; keyId: string } | undefined;

  constructor(private readonly secret: string) {
    if (secret === '') throw new Error('The credentials key must not be empty');
  }

  /**
   * scrypt costs tens of milliseconds of CPU and 16 MiB: derived on the first credential
   * used rather than at start-up, which most webhook calls never need.
   */
  private get derivedKey(): { key: Buffer; keyId: string } {
    if (this.derived === undefined) {
      const key = scryptSync(this.secret, KDF_SALT, KEY_BYTES, KDF_OPTIONS);
      this.derived = { key, keyId: createHmac('sha256', key).update('key-id').digest().subarray(0, 8).toString('hex') };
    }
    return this.derived;
  }

  private get key(): Buffer {
    return this.derivedKey.key;
  }

  /** Identifies the key without revealing it (hex, 16 characters). */
  get keyId(): string {
    return this.derivedKey.keyId;
  }

  /** Encrypts `data` for the credential `id` with a fresh nonce. */
  encrypt(data: JsonObject, id: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(id, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    return `${VERSION}:${this.keyId}:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** True when `ciphertext` was written with this key (a cheap check, no decryption). */
  wroteWithThisKey(ciphertext: string): boolean {
    const keyId = ciphertext.split(':')[1] ?? '';
    return keyId.length === this.keyId.length && timingSafeEqual(Buffer.from(keyId), Buffer.from(this.keyId));
  }

  /**
   * Decrypts what `encrypt` wrote for `credential.id`. Throws a CredentialError
   * (`undecryptable`) naming the credential: another key, or data changed since it was written.
   */
  decrypt(ciphertext: string, credential: CredentialLabel & { id: string }): JsonObject {
    const parts = ciphertext.split(':');
    if (parts.length !== 3 || parts[0] !== VERSION) {
      throw new CredentialError(`Credentials ${label(credential)} cannot be decrypted: the stored data is not in a format this service writes`, 'undecryptable', credential);
    }
    if (!this.wroteWithThisKey(ciphertext)) {
      throw new CredentialError(`Credentials ${label(credential)} cannot be decrypted: CREDENTIALS_KEY is not the key they were saved with`, 'undecryptable', credential);
    }
    const packed = Buffer.from(parts[2], 'base64');
    try {
      if (packed.length < NONCE_BYTES + TAG_BYTES) throw new Error('too short');
      const decipher = createDecipheriv('aes-256-gcm', this.key, packed.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(credential.id, 'utf8'));
      decipher.setAuthTag(packed.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
      const plain = Buffer.concat([decipher.update(packed.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      const data: unknown = JSON.parse(plain);
      if (!isJsonObject(data)) throw new Error('not an object');
      return data;
    } catch {
      // Never echo what failed to decrypt: it may be most of a secret.
      throw new CredentialError(
        `Credentials ${label(credential)} cannot be decrypted: the stored data was changed or damaged after it was saved (authentication failed)`,
        'undecryptable',
        credential,
      );
    }
  }
}
