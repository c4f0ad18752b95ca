import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { cryptoNode } from '../../../../src/nodes/data/crypto';
import { normalizePem } from '../../../../src/nodes/data/crypto/pem';
import type { JsonObject } from '../../../../src/workflow/json';
import { items } from '../../../helpers/node-context';
import { contextWith, jsonOf } from '../core/context';

/** Expected digests come from `openssl dgst`, not from the code under test. */
const HMAC_SHA256_K3Y = 'a2b332059cdc1f3d5fcd0df39ff66bd0503d07886851bc02d680ad5499793f04';

function run(version: number, parameters: JsonObject, credentials?: JsonObject, continueOnFail = false) {
  const node = credentials ? { credentials: { crypto: { id: 'c1', name: 'Crypto', data: credentials } } } : {};
  return cryptoNode.execute(
    contextWith({ typeVersion: version, parameters, inputs: [items({ s: 'hello world' })], continueOnFail, node }),
  );
}

describe('Crypto node', () => {
  it('v2 HMACs with the secret of its crypto credential', async () => {
    const result = await run(2, { action: 'hmac', value: 'hello world' }, { hmacSecret: 'k3y' });
    expect(jsonOf(result)).toEqual([[{ s: 'hello world', data: HMAC_SHA256_K3Y }]]);
  });

  it('v1 HMACs with the secret parameter, SHA512 in base64, and hashes SHA3-256', async () => {
    const hmac = await run(1, { action: 'hmac', type: 'SHA512', value: 'hello world', secret: 's1', encoding: 'base64', dataPropertyName: 'mac' });
    expect(jsonOf(hmac)[0]?.[0]?.mac).toBe('uT0cL3Ykcs0okAtKFmhITrm+KK8l5AcQc1TXvudtyyFSabJuGAnG6TlwUKh9KSavMABJsyxd9HMXspZLnaTEYA==');
    const hash = await run(1, { type: 'SHA3-256', value: 'hello world' });
    expect(jsonOf(hash)[0]?.[0]?.data).toBe('644bcc7e564373040999aac89e7622f3ca71fba1d972fd94a31c3bfbf24e3938');
  });

  it('v2 fails without a crypto credential or secret, with n8n messages', async () => {
    await expect(run(2, { action: 'hmac', value: 'x' })).rejects.toThrow('Node does not have any credentials set');
    await expect(run(2, { action: 'hmac', value: 'x' }, { signPrivateKey: 'k' })).rejects.toThrow(
      'No HMAC secret set in credentials. Please add an HMAC secret to your Crypto credentials.',
    );
  });

  it('v2 signs with a private key pasted on one line, verifiable with its public key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const oneLine = pem.replace(/\n/g, ' ').trim();
    expect(normalizePem(oneLine)).toBe(pem.trim());
    const result = await run(2, { action: 'sign', value: 'hello world', algorithm: 'RSA-SHA256', encoding: 'base64' }, { signPrivateKey: oneLine });
    const signature = String(jsonOf(result)[0]?.[0]?.data);
    expect(verify('RSA-SHA256', Buffer.from('hello world'), createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), Buffer.from(signature, 'base64'))).toBe(true);
  });

  it('v2 encrypts and decrypts with a passphrase (n8n payload format) and names a wrong passphrase', async () => {
    const encrypted = await run(2, { action: 'encrypt', value: 'secret text', cipher: 'aes-128-gcm' }, { encryptionPassphrase: 'pw' });
    const payload = String(jsonOf(encrypted)[0]?.[0]?.data);
    expect(Buffer.from(payload, 'base64')[0]).toBe(1);
    const decrypted = await run(2, { action: 'decrypt', value: payload, cipher: 'aes-128-gcm' }, { encryptionPassphrase: 'pw' });
    expect(jsonOf(decrypted)[0]?.[0]?.data).toBe('secret text');
    const wrong = await run(2, { action: 'decrypt', value: payload, cipher: 'aes-128-gcm' }, { encryptionPassphrase: 'nope' }, true);
    expect(jsonOf(wrong)).toEqual([[{ error: { message: 'Decryption failed: wrong passphrase, key, cipher, or corrupted payload', name: 'NodeOperationError' } }]]);
  });

  it('an unknown hash algorithm fails the item: v1 keeps the message, v2 message, name and code', async () => {
    const v1 = await run(1, { type: 'nope', value: 'x' }, undefined, true);
    expect(jsonOf(v1)).toEqual([[{ error: 'Digest method not supported' }]]);
    const v2 = await run(2, { type: 'nope', value: 'x' }, undefined, true);
    expect(jsonOf(v2)).toEqual([[{ error: { message: 'Digest method not supported', name: 'Error' } }]]);
    await expect(run(2, { type: 'nope', value: 'x' })).rejects.toThrow('Digest method not supported');
  });
});
