import { isJsonObject, type JsonObject } from '../../workflow/json';
import type { NodeJson } from '../../workflow/types';
import { AUTH_CREDENTIAL_TYPE, webhookAuthFromCredential, type WebhookAuth, type WebhookAuthKind } from './auth';

/** The node fields a credential lookup reads (a NodeJson or a parsed WorkflowNode). */
export type CredentialHolder = Pick<NodeJson, 'credentials' | 'parameters'>;

/** Finds the secret values of a node's credential of one type; undefined when it has none. */
export type CredentialLookup = (node: CredentialHolder, type: string) => JsonObject | undefined;

/**
 * Credentials given inline: n8n JSON keeps only a reference to its credential store, so
 * workflows here carry the values in the node's `credentials` (n8n JSON) or in
 * `parameters.credentials` (Odoo node records have no credentials field).
 */
export const inlineCredentials: CredentialLookup = (node, type) => {
  const fromNode = node.credentials?.[type];
  if (isJsonObject(fromNode)) return fromNode;
  const fromParameters = node.parameters?.credentials;
  if (isJsonObject(fromParameters) && isJsonObject(fromParameters[type])) return fromParameters[type] as JsonObject;
  return undefined;
};

/** A node's authentication with its secrets looked up; undefined when the credential is missing or incomplete. */
export function resolveWebhookAuth(kind: WebhookAuthKind, node: CredentialHolder | undefined, lookup: CredentialLookup = inlineCredentials): WebhookAuth | undefined {
  if (kind === 'none') return { kind };
  return webhookAuthFromCredential(kind, node === undefined ? undefined : lookup(node, AUTH_CREDENTIAL_TYPE[kind]));
}
