import { AutomatorError, NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { readString } from '../../core/shared/node-helpers';
import { digest, generate, sign, type ActionResult } from './actions';
import { decryptAsymmetric, decryptSymmetric, encryptAsymmetric, encryptSymmetric } from './cipher';
import { normalizePem } from './pem';

/**
 * n8n's Crypto node. v1 takes the HMAC secret and the signing key as parameters; v2 takes
 * them (and encryption keys) from a `crypto` credential and adds encrypt/decrypt.
 */

interface Secrets {
  hmacSecret?: string;
  signPrivateKey?: string;
  passphrase?: string;
  publicKey?: string;
  privateKey?: string;
}

function requiredField(ctx: NodeContext, fields: JsonObject, key: string, message: string): string {
  const value = fields[key];
  if (typeof value !== 'string' || value === '') throw new NodeOperationError(ctx.node.name, message);
  return value;
}

/** v2 reads its credential once, before any item, so a missing secret fails the whole node. */
async function readSecrets(ctx: NodeContext, action: string): Promise<Secrets> {
  if (ctx.node.typeVersion < 2 || !['hmac', 'sign', 'encrypt', 'decrypt'].includes(action)) return {};
  // n8n's messages for a node whose required credential is not set at all.
  const references = ctx.node.credentials;
  if (!references) throw new NodeOperationError(ctx.node.name, 'Node does not have any credentials set');
  if (!references.crypto) throw new NodeOperationError(ctx.node.name, 'Node does not have any credentials set for "crypto"');
  const fields = await ctx.getCredentials<JsonObject>('crypto', 0);
  const field = (key: string, message: string) => requiredField(ctx, fields, key, message);
  if (action === 'hmac') {
    return { hmacSecret: field('hmacSecret', 'No HMAC secret set in credentials. Please add an HMAC secret to your Crypto credentials.') };
  }
  if (action === 'sign') {
    return { signPrivateKey: normalizePem(field('signPrivateKey', 'No private key set in credentials. Please add a private key to your Crypto credentials.')) };
  }
  const mode = readString(ctx, 'mode', 0, 'symmetric');
  if (mode === 'symmetric') {
    return { passphrase: field('encryptionPassphrase', 'No encryption passphrase set in credentials. Please add an Encryption Passphrase to your Crypto credentials.') };
  }
  if (action === 'encrypt') {
    return { publicKey: normalizePem(field('encryptionPublicKey', 'No encryption public key set in credentials. Please add an Encryption Public Key to your Crypto credentials.'), true) };
  }
  return { privateKey: normalizePem(field('encryptionPrivateKey', 'No encryption private key set in credentials. Please add an Encryption Private Key to your Crypto credentials.')) };
}

async function cipherAction(ctx: NodeContext, action: string, itemIndex: number, secrets: Secrets): Promise<ActionResult> {
  const value = String(ctx.getParam<JsonValue>('value', itemIndex, ''));
  const mode = readString(ctx, 'mode', itemIndex, 'symmetric');
  const cipher = readString(ctx, 'cipher', itemIndex, 'aes-256-gcm');
  const nodeName = ctx.node.name;
  if (action === 'encrypt') {
    const encrypted =
      mode === 'symmetric' ? await encryptSymmetric(value, cipher, secrets.passphrase ?? '') : encryptAsymmetric(nodeName, itemIndex, value, secrets.publicKey ?? '');
    return { value: encrypted, binaryProcessed: false };
  }
  try {
    const decrypted =
      mode === 'symmetric'
        ? await decryptSymmetric(nodeName, itemIndex, value, cipher, secrets.passphrase ?? '')
        : decryptAsymmetric(value, secrets.privateKey ?? '');
    return { value: decrypted, binaryProcessed: false };
  } catch (error) {
    if (error instanceof NodeOperationError) throw error;
    throw new NodeOperationError(nodeName, 'Decryption failed: wrong passphrase, key, cipher, or corrupted payload', { itemIndex });
  }
}

async function runAction(ctx: NodeContext, action: string, item: Item, itemIndex: number, secrets: Secrets): Promise<ActionResult | undefined> {
  const v1 = ctx.node.typeVersion < 2;
  switch (action) {
    case 'generate':
      return generate(ctx, itemIndex);
    case 'hash':
      return digest(ctx, item, itemIndex, undefined);
    case 'hmac':
      return digest(ctx, item, itemIndex, v1 ? readString(ctx, 'secret', itemIndex, '') : (secrets.hmacSecret ?? ''));
    case 'sign':
      return sign(ctx, itemIndex, v1 ? readString(ctx, 'privateKey', itemIndex, '') : (secrets.signPrivateKey ?? ''));
    case 'encrypt':
    case 'decrypt':
      return v1 ? undefined : cipherAction(ctx, action, itemIndex, secrets);
    default:
      return undefined;
  }
}

/** What a failed item carries with continueOnFail: v1 the message, v2 message, name and code. */
function errorJson(ctx: NodeContext, error: unknown): JsonObject {
  const { message, name, code } = error as { message?: unknown; name?: unknown; code?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  if (ctx.node.typeVersion < 2) return { error: text };
  const details: JsonObject = { message: text };
  if (typeof name === 'string' && name) details.name = name;
  // Node's own errors carry a code (ERR_...); the service's node errors have none in n8n.
  if (typeof code === 'string' && code && !(error instanceof AutomatorError)) details.code = code;
  return { error: details };
}

async function execute(ctx: NodeContext): Promise<Item[][]> {
  const action = readString(ctx, 'action', 0, 'hash');
  const secrets = await readSecrets(ctx, action);
  const output: Item[] = [];
  const items = ctx.getInputItems();
  for (const [itemIndex, item] of items.entries()) {
    try {
      const dataPropertyName = readString(ctx, 'dataPropertyName', itemIndex, 'data');
      const result = await runAction(ctx, action, item, itemIndex, secrets);
      // n8n sets the field with lodash set and a one-element path: a dotted name is one key.
      const json = dataPropertyName.includes('.') ? structuredClone(item.json) : { ...item.json };
      // An action with no result sets the field to undefined in n8n, which drops it.
      if (result !== undefined) json[dataPropertyName] = result.value;
      else delete json[dataPropertyName];
      const newItem: Item = { json, pairedItem: { item: itemIndex } };
      if (item.binary !== undefined && !result?.binaryProcessed) newItem.binary = item.binary;
      output.push(newItem);
    } catch (error) {
      if (!ctx.continueOnFail()) throw error;
      output.push({ json: errorJson(ctx, error), pairedItem: { item: itemIndex } });
    }
  }
  return [output];
}

export const cryptoNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.crypto',
  aliases: ['crypto'],
  displayName: 'Crypto',
  versions: [1, 2],
  execute,
};
