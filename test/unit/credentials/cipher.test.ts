import { CredentialCipher } from '../../../src/credentials';
import { CredentialError } from '../../../src/errors';

const shopApi = { id: 'cred-7', name: 'Shop API', type: 'httpHeaderAuth' };

describe('CredentialCipher (AES-256-GCM)', () => {
  const cipher = new CredentialCipher('the right key');

  it('round-trips the data and never writes the plaintext', () => {
    const ciphertext = cipher.encrypt({ name: 'X-Api-Key', value: 'planted-secret-123' }, shopApi.id);
    expect(ciphertext).toMatch(/^v1:[0-9a-f]{16}:[A-Za-z0-9+/=]+$/);
    expect(ciphertext).not.toContain('planted-secret-123');
    expect(Buffer.from(ciphertext.split(':')[2], 'base64').toString('latin1')).not.toContain('planted-secret');
    expect(cipher.decrypt(ciphertext, shopApi)).toEqual({ name: 'X-Api-Key', value: 'planted-secret-123' });
  });

  it('uses a fresh nonce for every write: the same data encrypts differently each time', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const packed = Buffer.from(cipher.encrypt({ value: 'same' }, shopApi.id).split(':')[2], 'base64');
      nonces.add(packed.subarray(0, 12).toString('hex'));
    }
    expect(nonces.size).toBe(50);
  });

  it('detects a changed byte anywhere in nonce, tag or ciphertext', () => {
    const ciphertext = cipher.encrypt({ value: 'planted-secret-123' }, shopApi.id);
    const [version, keyId, body] = ciphertext.split(':');
    const packed = Buffer.from(body, 'base64');
    for (const position of [0, 11, 12, 27, 28, packed.length - 1]) {
      const tampered = Buffer.from(packed);
      tampered[position] ^= 0x01;
      const attempt = () => cipher.decrypt(`${version}:${keyId}:${tampered.toString('base64')}`, shopApi);
      expect(attempt).toThrow(CredentialError);
      expect(attempt).toThrow('Credentials "Shop API" cannot be decrypted: the stored data was changed or damaged after it was saved (authentication failed)');
    }
  });

  it('binds a ciphertext to its credential id: copied onto another record it does not decrypt', () => {
    const ciphertext = cipher.encrypt({ value: 'planted-secret-123' }, 'cred-7');
    expect(() => cipher.decrypt(ciphertext, { ...shopApi, id: 'cred-8' })).toThrow('the stored data was changed or damaged');
  });

  it('names the wrong key as the cause when another key wrote the data', () => {
    const ciphertext = new CredentialCipher('another key').encrypt({ value: 'planted-secret-123' }, shopApi.id);
    let caught: unknown;
    try {
      cipher.decrypt(ciphertext, shopApi);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CredentialError);
    expect((caught as CredentialError).message).toBe('Credentials "Shop API" cannot be decrypted: CREDENTIALS_KEY is not the key they were saved with');
    expect((caught as CredentialError).problem).toBe('undecryptable');
    expect(JSON.stringify(caught)).not.toContain('planted-secret');
  });

  it('refuses data in an unknown format, and an empty key', () => {
    expect(() => cipher.decrypt('plain text', shopApi)).toThrow('not in a format this service writes');
    expect(() => new CredentialCipher('')).toThrow('must not be empty');
  });
});
