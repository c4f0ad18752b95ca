import { isJsonObject, type JsonObject } from '../../workflow/json';
import type { NodeJson } from '../../workflow/types';
import type { CredentialProvider, CredentialReference } from '../../contracts/node-services';
import { AUTH_CREDENTIAL_TYPE, webhookAuthFromCredential, type WebhookAuth, type WebhookAuthKind } from './auth';

/** The node fields a credential lookup reads (a NodeJson or a parsed WorkflowNode). */
export type CredentialHolder = Pick<NodeJson, 'credentials' | 'parameters'>;

/** Finds the secret values of a node's credential of one type; undefined when it has none. */
export type CredentialLookup = (node: CredentialHolder, type: string) => JsonObject | undefined | Promise<JsonObject | undefined>;

/** Values written on the node, not a bare `{id, name}` reference. */
function hasValues(value: JsonObject): boolean {
  return Object.keys(value).some((key) => key !== 'id' && key !== 'name');
}

/**
 * Credentials given inline (the form older workflows use): values in the node's
 * `credentials` (n8n JSON, optionally under `data`) or in `parameters.credentials`.
 */
export const inlineCredentials = (node: CredentialHolder, type: string): JsonObject | undefined => {
  const fromNode = node.credentials?.[type];
  if (isJsonObject(fromNode) && hasValues(fromNode)) return isJsonObject(fromNode.data) ? fromNode.data : fromNode;
  const fromParameters = node.parameters?.credentials;
  if (isJsonObject(fromParameters) && isJsonObject(fromParameters[type])) return fromParameters[type] as JsonObject;
  return undefined;
};

/** The node's `{id, name}` reference to a stored credential of `type`, if it has one. */
export function credentialReference(node: CredentialHolder, type: string): CredentialReference | undefined {
  const value = node.credentials?.[type];
  if (!isJsonObject(value) || hasValues(value)) return undefined;
  const text = (field: unknown): string | undefined => (typeof field === 'string' && field !== '' ? field : typeof field === 'number' ? String(field) : undefined);
  const reference = { id: text(value.id), name: text(value.name) };
  return reference.id === undefined && reference.name === undefined ? undefined : reference;
}

/**
 * Looks a node's credential up in the encrypted store (by id, then name), inline values
 * first. A credential that cannot be found or decrypted reads as missing: the caller then
 * answers n8n's 500 "No authentication data defined on node!", and `onFailure` hears why.
 */
export function storedCredentials(provider: CredentialProvider | undefined, onFailure?: (type: string, error: unknown) => void): CredentialLookup {
  return async (node, type) => {
    const inline = inlineCredentials(node, type);
    if (inline !== undefined) return inline;
    const reference = credentialReference(node, type);
    if (reference === undefined || provider === undefined) return undefined;
    try {
      return (await provider.resolve(type, reference)).data;
    } catch (error) {
      onFailure?.(type, error);
      return undefined;
    }
  };
}

/** A node's authentication with its secrets looked up; undefined when the credential is missing or incomplete. */
export async function resolveWebhookAuth(kind: WebhookAuthKind, node: CredentialHolder | undefined, lookup: CredentialLookup = inlineCredentials): Promise<WebhookAuth | undefined> {
  if (kind === 'none') return { kind };
  return webhookAuthFromCredential(kind, node === undefined ? undefined : await lookup(node, AUTH_CREDENTIAL_TYPE[kind]));
}
