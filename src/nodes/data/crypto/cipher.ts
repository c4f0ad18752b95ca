import {
  constants,
  createCipheriv,
  createDecipheriv,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  scrypt,
  type CipherGCM,
  type DecipherGCM,
} from 'node:crypto';
import { NodeOperationError } from '../../../errors';

/**
 * Crypto v2's encrypt/decrypt, in n8n's payload format so either side reads the other's
 * ciphertext: symmetric = base64 of [version 0x01][salt 16][iv 12][auth tag 16][ciphertext],
 * key from scrypt(passphrase, salt, N=65536, r=8, p=1); asymmetric = RSA-OAEP with SHA-256.
 */

const KEY_LENGTHS: Record<string, number> = {
  'aes-128-gcm': 16,
  'aes-192-gcm': 24,
  'aes-256-gcm': 32,
  'chacha20-poly1305': 32,
};
const SALT_LENGTH = 16;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const FORMAT_VERSION = 0x01;
// scrypt with N=65536, r=8 needs ~64 MiB, above Node's default 32 MiB cap.
const SCRYPT_OPTIONS = { N: 65536, r: 8, p: 1, maxmem: 128 * 1024 * 1024 };

function deriveKey(passphrase: string, salt: Buffer, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, length, SCRYPT_OPTIONS, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function encryptSymmetric(value: string, cipher: string, passphrase: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const iv = randomBytes(IV_LENGTH);
  const key = await deriveKey(passphrase, salt, KEY_LENGTHS[cipher] ?? 32);
  const encryptor = createCipheriv(cipher, key, iv) as CipherGCM;
  const ciphertext = Buffer.concat([encryptor.update(value, 'utf8'), encryptor.final()]);
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), salt, iv, encryptor.getAuthTag(), ciphertext]).toString('base64');
}

export async function decryptSymmetric(nodeName: string, itemIndex: number, value: string, cipher: string, passphrase: string): Promise<string> {
  const payload = Buffer.from(value, 'base64');
  if (payload.length < 1 + SALT_LENGTH + IV_LENGTH + TAG_LENGTH) {
    throw new NodeOperationError(nodeName, 'Ciphertext is malformed or truncated', { itemIndex });
  }
  const version = payload[0] ?? 0;
  if (version !== FORMAT_VERSION) {
    throw new NodeOperationError(nodeName, `Unsupported ciphertext version 0x${version.toString(16).padStart(2, '0')}`, { itemIndex });
  }
  const ivStart = 1 + SALT_LENGTH;
  const tagStart = ivStart + IV_LENGTH;
  const textStart = tagStart + TAG_LENGTH;
  const key = await deriveKey(passphrase, payload.subarray(1, ivStart), KEY_LENGTHS[cipher] ?? 32);
  const decryptor = createDecipheriv(cipher, key, payload.subarray(ivStart, tagStart)) as DecipherGCM;
  decryptor.setAuthTag(payload.subarray(tagStart, textStart));
  return Buffer.concat([decryptor.update(payload.subarray(textStart)), decryptor.final()]).toString('utf8');
}

export function encryptAsymmetric(nodeName: string, itemIndex: number, value: string, publicKey: string): string {
  try {
    return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(value, 'utf8')).toString('base64');
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'ERR_OSSL_RSA_DATA_TOO_LARGE_FOR_KEY_SIZE' || /data too large/i.test(message ?? '')) {
      throw new NodeOperationError(nodeName, 'Plaintext is too large for the RSA key. Use symmetric mode for larger data.', { itemIndex });
    }
    throw error;
  }
}

export function decryptAsymmetric(value: string, privateKey: string): string {
  return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(value, 'base64')).toString('utf8');
}
