import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { JsonObject } from '../../../../src/workflow/json';
import { jwtNode } from '../../../../src/nodes/auth-tokens/jwt';
import { totpNode } from '../../../../src/nodes/auth-tokens/totp';
import { items } from '../../../helpers/node-context';
import { contextWith, outputsOf } from '../core/context';

const SECRET = { keyType: 'passphrase', secret: 'unit-secret', algorithm: 'HS256' };
const TOKEN = jwt.sign({ sub: '42', iat: 1700000000 }, 'unit-secret');

function runJwt(parameters: Record<string, unknown>, credentials: JsonObject = SECRET, input = items({ id: 1 }), continueOnFail = false) {
  const ctx = contextWith({ parameters: parameters as never, inputs: [input], continueOnFail, node: { credentials: { jwtAuth: { id: 'c1', name: 'JWT', data: credentials } } } });
  return jwtNode.execute(ctx);
}

describe('JWT', () => {
  it('signs the JSON claims with the credential passphrase, paired by index', async () => {
    const result = await runJwt({ useJson: true, claimsJson: '{"sub": "42", "iat": 1700000000}', headerClaims: '{"typ": "JWT", "cty": "x"}', options: { kid: 'k1' } });
    const [[item]] = outputsOf(result) as [[{ json: { token: string }; pairedItem: unknown }]];
    expect(item.pairedItem).toBe(0);
    expect(jwt.verify(item.json.token, 'unit-secret', { complete: true })).toMatchObject({
      header: { alg: 'HS256', typ: 'JWT', cty: 'x', kid: 'k1' },
      payload: { sub: '42', iat: 1700000000 },
    });
  });

  it('signs with a PEM private key pasted on one line and verifies with the public key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const pem = { keyType: 'pemKey', privateKey: privateKey.trim().replace(/\n/g, ' '), publicKey: publicKey.trim().replace(/\n/g, '\\n'), algorithm: 'RS256' };
    const [[signed]] = outputsOf(await runJwt({ useJson: true, claimsJson: '{"iat": 1}' }, pem)) as [[{ json: { token: string } }]];
    expect(outputsOf(await runJwt({ operation: 'verify', token: signed.json.token }, pem))).toEqual([[{ json: { payload: { iat: 1 } }, pairedItem: 0 }]]);
  });

  it('decodes without checking the signature; a token that is none decodes to null', async () => {
    expect(outputsOf(await runJwt({ operation: 'decode', token: TOKEN }, { ...SECRET, secret: 'other' }))).toEqual([[{ json: { payload: { sub: '42', iat: 1700000000 } }, pairedItem: 0 }]]);
    expect(outputsOf(await runJwt({ operation: 'decode', token: 'not.a.jwt' }))).toEqual([[{ json: { payload: null }, pairedItem: 0 }]]);
  });

  it("fails a wrong signature with n8n's message naming the node and item", async () => {
    await expect(runJwt({ operation: 'verify', token: TOKEN }, { ...SECRET, secret: 'wrong' })).rejects.toMatchObject({
      message: "The JWT token can't be verified",
      nodeName: 'Test Node',
      itemIndex: 0,
    });
    await expect(runJwt({ operation: 'verify', token: null })).rejects.toMatchObject({
      message: 'The JWT token was not provided',
      description: "Be sure to add a valid JWT token to the 'Token' parameter",
    });
    // The Token parameter is validated as n8n validates `validateType: 'jwt'`.
    for (const token of ['', 'not a token']) {
      await expect(runJwt({ operation: 'decode', token })).rejects.toMatchObject({
        message: "Invalid input for 'Token' [item 0]",
        description: 'Value is not a valid JWT token',
      });
    }
  });

  it('keeps the input item and attaches the error to it when continuing on fail', async () => {
    const result = await runJwt({ operation: 'verify', token: TOKEN }, { ...SECRET, secret: 'wrong' }, items({ t: 'input' }), true);
    const output = outputsOf(result)[0] ?? [];
    expect(output).toHaveLength(1);
    expect(output[0]).toMatchObject({
      json: { t: 'input' },
      pairedItem: 0,
      error: { message: "The JWT token can't be verified", node: { name: 'Test Node' }, context: { itemIndex: 0 } },
    });
  });

  it("fails the whole node when an item after the first fails, as n8n 2.40's input lookup does", async () => {
    const wrong = { ...SECRET, secret: 'wrong' };
    const two = items({ n: 0 }, { n: 1 });
    await expect(runJwt({ operation: 'verify', token: TOKEN }, wrong, two, true)).rejects.toThrow("Cannot read properties of undefined (reading 'json')");
    const three = items({ n: 0 }, { n: 1 }, { n: 2 });
    const ctx = contextWith({
      parameters: { operation: 'verify', token: TOKEN },
      perItem: [{ token: jwt.sign({ a: 1 }, 'wrong') }, { token: jwt.sign({ a: 1 }, 'wrong') }, { token: TOKEN }],
      inputs: [three],
      continueOnFail: true,
      node: { credentials: { jwtAuth: { id: 'c1', name: 'JWT', data: wrong } } },
    });
    await expect(jwtNode.execute(ctx)).rejects.toThrow('Could not get input with given index');
  });

  it('fails without a jwtAuth credential', async () => {
    const ctx = contextWith({ parameters: {}, inputs: [items({})] });
    await expect(jwtNode.execute(ctx)).rejects.toThrow('Node "Test Node" does not have any credentials of type "jwtAuth" set');
  });
});

describe('TOTP', () => {
  // RFC 6238's SHA-1 test secret ("12345678901234567890") and its vector for T = 59 s.
  const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

  function runTotp(credentials: JsonObject, options: JsonObject = {}, input = items({}, {})) {
    const ctx = contextWith({ parameters: { options }, inputs: [input], node: { credentials: { totpApi: { id: 't1', name: 'TOTP', data: credentials } } } });
    return totpNode.execute(ctx);
  }

  afterEach(() => jest.restoreAllMocks());

  it('gives the RFC 6238 token and the seconds left to every item', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(59_000);
    expect(outputsOf(await runTotp({ secret: RFC_SECRET, label: 'n8n:ann' }, { digits: 8 }))).toEqual([
      [
        { json: { token: '94287082', secondsRemaining: 1 }, pairedItem: { item: 0 } },
        { json: { token: '94287082', secondsRemaining: 1 }, pairedItem: { item: 1 } },
      ],
    ]);
    jest.spyOn(Date, 'now').mockReturnValue(1_111_111_109_000);
    expect(outputsOf(await runTotp({ secret: RFC_SECRET }, { digits: 8 }, items({})))).toEqual([[{ json: { token: '07081804', secondsRemaining: 0 }, pairedItem: { item: 0 } }]]);
  });

  it('refuses a label without issuer', async () => {
    await expect(runTotp({ secret: RFC_SECRET, label: 'ann' })).rejects.toMatchObject({ message: 'Malformed label - expected `issuer:username`', nodeName: 'Test Node' });
  });
});
