import { CredentialCipher, CredentialVault, rotateCredentialsKey } from '../../../src/credentials';
import { OdooCredentialStore } from '../../../src/store/odoo/credential-store';
import { OdooWorkflowTransfer } from '../../../src/store/odoo/workflow-transfer';
import type { JsonValue } from '../../../src/workflow/json';
import type { WorkflowJson } from '../../../src/workflow/types';
import type { Scenario } from './scenarios';

function plain(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}

/** The planted values: the outcome proves they come back decrypted, the fixture holds them only encrypted. */
export const PLANTED = { first: 'planted-value-1f3a', second: 'planted-value-9c2e' };
const KEY = 'recorded-credentials-key-1';
const NEXT_KEY = 'recorded-credentials-key-2';

/**
 * The vault over Odoo's `credentials` model: create, resolve by id then name, patch, a
 * duplicate id, a wrong key, rotation to a new key, delete.
 */
export const credentialStore: Scenario = async (ctx) => {
  const store = new OdooCredentialStore(ctx.client);
  const vault = new CredentialVault(store, new CredentialCipher(KEY));
  const id = `rec-${ctx.stamp}-cred`;
  const name = `Shop API ${ctx.stamp}`;
  await vault.create({ id, name, type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: PLANTED.first } });
  const byId = await vault.resolve('httpHeaderAuth', { id });
  const byName = await vault.resolve('httpHeaderAuth', { id: 'not-an-id', name });
  const duplicate = await vault.create({ id, name, type: 'httpHeaderAuth', data: {} }).catch(messageOf);
  await vault.patch(id, { name: `${name} v2`, data: { value: PLANTED.second } });
  const described = await vault.describe(id);
  const patched = await vault.resolve('httpHeaderAuth', { name: `${name} v2` });
  const wrongType = await vault.resolve('httpBasicAuth', { id }).catch(messageOf);
  const wrongKey = await new CredentialVault(store, new CredentialCipher('not-the-key')).resolve('httpHeaderAuth', { id }).catch(messageOf);
  const rotated = await rotateCredentialsKey(store, new CredentialCipher(KEY), new CredentialCipher(NEXT_KEY));
  const afterRotation = await new CredentialVault(store, new CredentialCipher(NEXT_KEY)).resolve('httpHeaderAuth', { id });
  const oldKeyAfterRotation = await vault.resolve('httpHeaderAuth', { id }).catch(messageOf);
  const listed = (await vault.list()).filter((summary) => summary.id === id).map((summary) => [summary.id, summary.name, summary.type]);
  await vault.delete(id);
  const deletedAgain = await vault.delete(id).catch(messageOf);
  return plain({
    byId: byId.data,
    byName: { id: byName.id, name: byName.name },
    duplicate,
    described: { name: described.name, fields: described.fields },
    patched: patched.data,
    wrongType,
    wrongKey,
    rotated,
    afterRotation: afterRotation.data,
    oldKeyAfterRotation,
    listed,
    deletedAgain,
    afterDelete: (await store.get(id)) ?? null,
  });
};

function workflowUsing(stamp: string, credentialName: string): WorkflowJson {
  return {
    id: `rec-${stamp}-credwf`,
    name: `Credential links ${stamp}`,
    nodes: [
      { id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      {
        id: 'b',
        name: 'Call Shop',
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 4.2,
        position: [200, 0],
        parameters: { url: 'http://127.0.0.1:9/orders', authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' },
        credentials: { httpHeaderAuth: { id: '7', name: credentialName }, httpBasicAuth: { id: 'n8n-missing', name: `Gone ${stamp}` } },
      },
    ],
    connections: { Start: { main: [[{ node: 'Call Shop', type: 'main', index: 0 }]] } },
  };
}

/** An n8n workflow's credential references matched to Odoo records on import (by name here), and exported back. */
export const credentialLinks: Scenario = async (ctx) => {
  const vault = new CredentialVault(new OdooCredentialStore(ctx.client), new CredentialCipher(KEY));
  const id = `rec-${ctx.stamp}-link`;
  const name = `Linked ${ctx.stamp}`;
  await vault.create({ id, name, type: 'httpHeaderAuth', data: { name: 'X-Key', value: PLANTED.first } });
  try {
    const transfer = new OdooWorkflowTransfer(ctx.client);
    const imported = await transfer.importWorkflow(workflowUsing(ctx.stamp, name));
    const exported = await transfer.exportWorkflow(imported.canvasId);
    return plain({
      warnings: imported.warnings,
      exportedCredentials: exported.nodes.find((node) => node.name === 'Call Shop')?.credentials ?? null,
    });
  } finally {
    await vault.delete(id);
  }
};
