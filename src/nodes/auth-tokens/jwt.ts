import type * as JsonWebToken from 'jsonwebtoken';
import type { Algorithm, SignOptions } from 'jsonwebtoken';
import { lazyLibrary } from '../lazy-library';
import { ExpressionError, NodeOperationError } from '../../errors';
import type { Item } from '../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { serializeNodeError } from '../../contracts/serialize-error';
import type { JsonObject, JsonValue } from '../../workflow/json';
import { parseJsonParameter } from '../core/set/json-parameter';
import { readBoolean, readObject, readString } from '../core/shared/node-helpers';
import { normalizePem } from '../data/crypto/pem';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const jwtLibrary = lazyLibrary(() => require('jsonwebtoken') as typeof JsonWebToken);

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

/** What n8n's `validateType: 'jwt'` accepts for the Token parameter. */
const JWT_SHAPE = /^[A-Za-z0-9-_]+\.[A-Za-z0-9-_]+\.[A-Za-z0-9-_.+/=]*$/;

function tokenParam(ctx: NodeContext, itemIndex: number): string {
  const token = ctx.getParam<JsonValue | undefined>('token', itemIndex, '');
  if (token !== null && token !== undefined && !JWT_SHAPE.test(String(token))) {
    throw new ExpressionError(ctx.node.name, 'token', `Invalid input for 'Token' [item ${itemIndex}]`, {
      description: 'Value is not a valid JWT token',
      itemIndex,
    });
  }
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
  return { token: jwtLibrary().sign(payload, key, signOptions) };
}

function verify(ctx: NodeContext, credentials: JwtCredentials, options: JsonObject, itemIndex: number): JsonObject {
  const token = tokenParam(ctx, itemIndex);
  const key = credentials.keyType === 'passphrase' ? credentials.secret : normalizePem(credentials.publicKey, true);
  const data = jwtLibrary().verify(token, key, {
    algorithms: [(options.algorithm ?? credentials.algorithm) as Algorithm],
    ignoreExpiration: options.ignoreExpiration as boolean | undefined,
    ignoreNotBefore: options.ignoreNotBefore as boolean | undefined,
    clockTolerance: options.clockTolerance as number | undefined,
    complete: options.complete as boolean | undefined,
  }) as unknown as JsonValue;
  return options.complete && data ? (data as JsonObject) : { payload: data };
}

function decode(ctx: NodeContext, options: JsonObject, itemIndex: number): JsonObject {
  const data = jwtLibrary().decode(tokenParam(ctx, itemIndex), { complete: options.complete as boolean | undefined }) as JsonValue;
  return options.complete && data ? (data as JsonObject) : { payload: data };
}

function runItem(ctx: NodeContext, operation: string, credentials: JwtCredentials, itemIndex: number): JsonObject | undefined {
  const options = readObject(ctx, 'options', itemIndex);
  if (operation === 'sign') return sign(ctx, credentials, options, itemIndex);
  if (operation === 'verify') return verify(ctx, credentials, options, itemIndex);
  if (operation === 'decode') return decode(ctx, options, itemIndex);
  return undefined;
}

/**
 * n8n 2.40's JWT node continues on fail with `getInputData(itemIndex)[0]`: it asks for input
 * number `itemIndex`, not item number. Item 0 works (the error is attached to the first
 * item, whose json the engine then shows as `{error}`); item 1 finds no input and fails the
 * node with a TypeError, later items with "Could not get input with given index". The node
 * then fails as a whole, and its onError setting passes the input on.
 */
function continuedItem(ctx: NodeContext, error: Error, itemIndex: number): Item {
  if (itemIndex === 1) throw new TypeError("Cannot read properties of undefined (reading 'json')");
  if (itemIndex > 1) throw new Error('Could not get input with given index');
  return { json: ctx.getInputItems()[0].json, error: serializeNodeError(error, ctx.node), pairedItem: itemIndex };
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const operation = readString(ctx, 'operation', 0, 'sign');
  const credentials = await ctx.getCredentials<JwtCredentials>('jwtAuth');
  const output: Item[] = [];
  for (const itemIndex of ctx.getInputItems().keys()) {
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
      output.push(continuedItem(ctx, error, itemIndex));
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
