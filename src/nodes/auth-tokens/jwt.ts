import jwt, { type Algorithm, type SignOptions } from 'jsonwebtoken';
import { NodeOperationError } from '../../errors';
import type { Item } from '../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { serializeNodeError } from '../../contracts/serialize-error';
import type { JsonObject, JsonValue } from '../../workflow/json';
import { parseJsonParameter } from '../core/set/json-parameter';
import { readBoolean, readObject, readString } from '../core/shared/node-helpers';
import { normalizePem } from '../data/crypto/pem';

/**
 * JWT (n8n-nodes-base.jwt v1): sign a payload, decode or verify a token with jsonwebtoken,
 * keyed by a `jwtAuth` credential (a passphrase, or PEM keys). Signing adds `iat` (now)
 * unless the payload has one, as jsonwebtoken does in n8n.
 */

interface JwtCredentials {
  keyType: string;
  secret: string;
  privateKey: string;
  publicKey: string;
  algorithm: string;
}

function nodeError(ctx: NodeContext, message: string, itemIndex: number, description?: string): NodeOperationError {
  return new NodeOperationError(ctx.node.name, message, { itemIndex, description });
}

function tokenParam(ctx: NodeContext, itemIndex: number): string {
  const token = ctx.getParam<JsonValue | undefined>('token', itemIndex, '');
  if (!token) {
    throw nodeError(ctx, 'The JWT token was not provided', itemIndex, "Be sure to add a valid JWT token to the 'Token' parameter");
  }
  return token as string;
}

function jsonParam(ctx: NodeContext, name: string, itemIndex: number, fallback: JsonValue): JsonObject {
  try {
    return parseJsonParameter(ctx.getParam<JsonValue>(name, itemIndex, fallback), itemIndex);
  } catch (error) {
    throw nodeError(ctx, (error as Error).message, itemIndex, (error as { description?: string }).description);
  }
}

function sign(ctx: NodeContext, credentials: JwtCredentials, options: JsonObject, itemIndex: number): JsonObject {
  const payload = readBoolean(ctx, 'useJson', itemIndex, false)
    ? jsonParam(ctx, 'claimsJson', itemIndex, '{\n  "my_field_1": "value 1",\n  "my_field_2": "value 2"\n}\n')
    : readObject(ctx, 'claims', itemIndex);
  const key = credentials.keyType === 'passphrase' ? credentials.secret : normalizePem(credentials.privateKey);
  const algorithm = (options.algorithm ?? credentials.algorithm) as Algorithm;
  const signOptions: SignOptions = { algorithm };
  if (options.kid) signOptions.keyid = options.kid as string;
  const headerClaims = jsonParam(ctx, 'headerClaims', itemIndex, '{}');
  if (Object.keys(headerClaims).length > 0) signOptions.header = { alg: algorithm, ...headerClaims };
  return { token: jwt.sign(payload, key, signOptions) };
}

function verify(ctx: NodeContext, credentials: JwtCredentials, options: JsonObject, itemIndex: number): JsonObject {
  const token = tokenParam(ctx, itemIndex);
  const key = credentials.keyType === 'passphrase' ? credentials.secret : normalizePem(credentials.publicKey, true);
  const data = jwt.verify(token, key, {
    algorithms: [(options.algorithm ?? credentials.algorithm) as Algorithm],
    ignoreExpiration: options.ignoreExpiration as boolean | undefined,
    ignoreNotBefore: options.ignoreNotBefore as boolean | undefined,
    clockTolerance: options.clockTolerance as number | undefined,
    complete: options.complete as boolean | undefined,
  }) as unknown as JsonValue;
  return options.complete && data ? (data as JsonObject) : { payload: data };
}

function decode(ctx: NodeContext, options: JsonObject, itemIndex: number): JsonObject {
  const data = jwt.decode(tokenParam(ctx, itemIndex), { complete: options.complete as boolean | undefined }) as JsonValue;
  return options.complete && data ? (data as JsonObject) : { payload: data };
}

function runItem(ctx: NodeContext, operation: string, credentials: JwtCredentials, itemIndex: number): JsonObject | undefined {
  const options = readObject(ctx, 'options', itemIndex);
  if (operation === 'sign') return sign(ctx, credentials, options, itemIndex);
  if (operation === 'verify') return verify(ctx, credentials, options, itemIndex);
  if (operation === 'decode') return decode(ctx, options, itemIndex);
  return undefined;
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const operation = readString(ctx, 'operation', 0, 'sign');
  const credentials = await ctx.getCredentials<JwtCredentials>('jwtAuth');
  const output: Item[] = [];
  for (const [itemIndex, item] of ctx.getInputItems().entries()) {
    try {
      const json = runItem(ctx, operation, credentials, itemIndex);
      if (json) output.push({ json, pairedItem: itemIndex });
    } catch (caught) {
      const error =
        (caught as Error).message === 'invalid signature'
          ? nodeError(ctx, "The JWT token can't be verified", itemIndex)
          : caught instanceof NodeOperationError
            ? caught
            : nodeError(ctx, (caught as Error).message, itemIndex);
      if (!ctx.continueOnFail()) throw error;
      // n8n keeps the input item's fields and attaches the error to the item itself.
      output.push({ json: item.json, error: serializeNodeError(error, ctx.node), pairedItem: itemIndex });
    }
  }
  return [output];
}

export const jwtNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.jwt',
  aliases: ['jwt'],
  displayName: 'JWT',
  versions: [1],
  execute,
};
