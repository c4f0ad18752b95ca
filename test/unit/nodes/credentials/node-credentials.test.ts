import { NodeCredentialsError } from '../../../../src/errors';
import type { CredentialProvider, ResolvedCredential } from '../../../../src/contracts/node-services';
import type { JsonObject } from '../../../../src/workflow/json';
import { fakeContext } from '../../../helpers/node-context';

function provider(stored: ResolvedCredential): CredentialProvider & { updates: Array<[string, JsonObject]> } {
  const updates: Array<[string, JsonObject]> = [];
  return {
    updates,
    resolve: async (type, reference) => {
      if (type === stored.type && (reference.id === stored.id || reference.name === stored.name)) return stored;
      throw new Error('unexpected lookup');
    },
    update: async (id, data) => {
      updates.push([id, data]);
    },
  };
}

describe('ctx.getCredentials', () => {
  const smtp: ResolvedCredential = { id: '3', name: 'Mail', type: 'smtp', data: { user: 'me', password: 'pw', host: 'smtp.test' } };

  it('returns the decrypted fields over the type\'s n8n defaults', async () => {
    const ctx = fakeContext({ node: { credentials: { smtp: { id: '3', name: 'Mail' } } }, services: { credentials: provider(smtp) } });
    expect(await ctx.getCredentials('smtp')).toEqual({ user: 'me', password: 'pw', host: 'smtp.test', port: 465, secure: true, disableStartTls: false, hostName: '' });
  });

  it('fails with a NodeCredentialsError naming node and workflow when the node references none', async () => {
    const ctx = fakeContext({ services: { credentials: provider(smtp) } });
    const failure = ctx.getCredentials('smtp', 2);
    await expect(failure).rejects.toBeInstanceOf(NodeCredentialsError);
    await expect(failure).rejects.toMatchObject({
      message: 'Node "Test Node" does not have any credentials of type "smtp" set',
      nodeName: 'Test Node',
      workflowName: 'Test Workflow',
      itemIndex: 2,
      problem: 'not_set',
    });
  });

  it('writes updated fields back for the referenced credential', async () => {
    const store = provider(smtp);
    const ctx = fakeContext({ node: { credentials: { smtp: { id: '3', name: 'Mail' } } }, services: { credentials: store } });
    await ctx.updateCredentials('smtp', { password: 'rotated' });
    expect(store.updates).toEqual([['3', { password: 'rotated' }]]);
  });

  it('accepts a reference given by name only, or with a numeric id', async () => {
    const byName = fakeContext({ node: { credentials: { smtp: { name: 'Mail' } } }, services: { credentials: provider(smtp) } });
    expect(await byName.getCredentials<{ user: string }>('smtp')).toMatchObject({ user: 'me' });
    const numeric = fakeContext({ node: { credentials: { smtp: { id: 3 } } }, services: { credentials: provider(smtp) } });
    expect(await numeric.getCredentials<{ user: string }>('smtp')).toMatchObject({ user: 'me' });
  });
});
