import type { CredentialStore } from '../store/types';
import type { CredentialCipher } from './cipher';

/**
 * Re-encrypts every credential from `current` to `next`, all or nothing: everything is
 * decrypted first (one credential that the current key cannot open aborts the rotation,
 * naming it, before anything is written), then all new ciphertexts replace the old ones in
 * one transaction. Returns how many credentials were re-encrypted.
 */
export async function rotateCredentialsKey(store: CredentialStore, current: CredentialCipher, next: CredentialCipher, at: Date = new Date()): Promise<number> {
  const records = await store.list();
  const ciphertexts = new Map<string, string>();
  for (const record of records) {
    const data = current.decrypt(record.ciphertext, { id: record.id, name: record.name, type: record.type });
    ciphertexts.set(record.id, next.encrypt(data, record.id));
  }
  await store.replaceAllCiphertexts(ciphertexts, at);
  return records.length;
}
