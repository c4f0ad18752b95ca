import { TOTP } from 'otpauth';
import { NodeOperationError } from '../../errors';
import type { Item } from '../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { readObject, readString } from '../core/shared/node-helpers';

/**
 * TOTP (n8n-nodes-base.totp v1): the current time-based one-time password of a `totpApi`
 * credential (base32 secret, optional `issuer:username` label) with otpauth, and the seconds
 * it stays valid. One token per run, given to every item.
 */

interface TotpCredentials {
  secret: string;
  label: string;
}

type TotpAlgorithm = 'SHA1' | 'SHA224' | 'SHA256' | 'SHA384' | 'SHA512' | 'SHA3-224' | 'SHA3-256' | 'SHA3-384' | 'SHA3-512';

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const operation = readString(ctx, 'operation', 0, 'generateSecret');
  const credentials = await ctx.getCredentials<TotpCredentials>('totpApi');
  if (credentials.label && !credentials.label.includes(':')) {
    throw new NodeOperationError(ctx.node.name, 'Malformed label - expected `issuer:username`');
  }
  const options = readObject(ctx, 'options', 0);
  // n8n replaces unset or zero options with the defaults.
  const algorithm = (options.algorithm || 'SHA1') as TotpAlgorithm;
  const digits = Number(options.digits || 6);
  const period = Number(options.period || 30);
  const totp = new TOTP({
    secret: credentials.secret,
    algorithm,
    digits,
    period,
    ...(credentials.label ? { issuer: credentials.label.split(':')[0], label: credentials.label } : {}),
  });
  const token = totp.generate();
  const secondsRemaining = (period * (1 - ((Date.now() / 1000 / period) % 1))) | 0;
  const output: Item[] = [];
  if (operation === 'generateSecret') {
    ctx.getInputItems().forEach((_item, item) => output.push({ json: { token, secondsRemaining }, pairedItem: { item } }));
  }
  return [output];
}

export const totpNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.totp',
  aliases: ['totp'],
  displayName: 'TOTP',
  versions: [1],
  execute,
};
