import { CredentialError, NodeCredentialsError, errorMessage } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { Workflow, WorkflowNode } from '../../workflow/types';
import type { CredentialReference, NodeServices, ResolvedCredential } from '../../contracts/node-services';
import { withCredentialDefaults } from './catalogue';

/** What `getCredentials` needs from the node's run. */
export interface NodeCredentialsScope {
  workflow: Workflow;
  node: WorkflowNode;
  services: NodeServices;
  /** Evaluates a `=...` expression for one item (the node's own expression scope). */
  evaluate(value: JsonValue, itemIndex: number): JsonValue;
}

/** n8n exports `credentials: {<type>: {id, name}}`; ids are strings there, numbers from some tools. */
function referenceOf(value: JsonValue | undefined): CredentialReference | undefined {
  if (typeof value === 'string') return { name: value };
  if (!isJsonObject(value)) return undefined;
  const text = (field: JsonValue | undefined): string | undefined =>
    typeof field === 'string' && field !== '' ? field : typeof field === 'number' ? String(field) : undefined;
  return { id: text(value.id), name: text(value.name) };
}

/**
 * Values written on the node itself (`credentials.<type>: {user, password}`, optionally
 * under `data`, or the parameter `credentials.<type>`): the form the service took before it
 * had a store. Still honoured so older workflows run; they carry their secret in the
 * workflow, so the store is the way for anything real.
 */
function inlineValues(node: WorkflowNode, type: string): JsonObject | undefined {
  const parameterCredentials = node.parameters.credentials;
  const candidates = [node.credentials?.[type], isJsonObject(parameterCredentials) ? parameterCredentials[type] : undefined];
  for (const candidate of candidates) {
    if (!isJsonObject(candidate)) continue;
    const fields = isJsonObject(candidate.data) ? candidate.data : candidate;
    if (Object.keys(fields).some((key) => key !== 'id' && key !== 'name')) return fields;
  }
  return undefined;
}

/** Resolves `={{ }}` inside string fields for one item, as n8n does before a node sees them. */
function resolveExpressions(scope: NodeCredentialsScope, credential: ResolvedCredential, data: JsonObject, itemIndex: number): JsonObject {
  const resolved: JsonObject = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string' || !value.startsWith('=')) {
      resolved[key] = value;
      continue;
    }
    try {
      resolved[key] = scope.evaluate(value, itemIndex);
    } catch (error) {
      throw new CredentialError(`Credentials "${credential.name}": the expression in field "${key}" failed: ${errorMessage(error)}`, 'invalid', credential);
    }
  }
  return resolved;
}

async function findCredential(scope: NodeCredentialsScope, type: string): Promise<ResolvedCredential> {
  const { node } = scope;
  const inline = inlineValues(node, type);
  const reference = referenceOf(node.credentials?.[type]);
  if (inline !== undefined) return { id: reference?.id ?? '', name: reference?.name ?? type, type, data: inline };
  if (reference === undefined || (reference.id === undefined && reference.name === undefined)) {
    throw new CredentialError(`Node "${node.name}" does not have any credentials of type "${type}" set`, 'not_set', { type });
  }
  const provider = scope.services.credentials;
  if (provider === undefined) {
    throw new CredentialError(
      `Credentials "${reference.name ?? reference.id ?? type}" of type "${type}" cannot be used: this run has no credential store`,
      'no_store',
      { type, ...reference },
    );
  }
  return provider.resolve(type, reference);
}

function asNodeError(scope: NodeCredentialsScope, error: unknown, itemIndex: number | undefined): unknown {
  return error instanceof CredentialError ? new NodeCredentialsError(scope.workflow.name, scope.node.name, error, itemIndex) : error;
}

/** The node's credential of `type`, decrypted, defaults filled in, expressions resolved. */
export async function loadNodeCredentials(scope: NodeCredentialsScope, type: string, itemIndex = 0): Promise<JsonObject> {
  try {
    const credential = await findCredential(scope, type);
    return resolveExpressions(scope, credential, withCredentialDefaults(type, credential.data), itemIndex);
  } catch (error) {
    throw asNodeError(scope, error, itemIndex);
  }
}

/** Writes `data` over the node's stored credential of `type` (refreshed OAuth2 tokens). */
export async function updateNodeCredentials(scope: NodeCredentialsScope, type: string, data: JsonObject): Promise<void> {
  try {
    const credential = await findCredential(scope, type);
    // Inline values live in the workflow: nothing to write back to.
    if (credential.id === '' || scope.services.credentials === undefined || inlineValues(scope.node, type) !== undefined) return;
    await scope.services.credentials.update(credential.id, data);
  } catch (error) {
    throw asNodeError(scope, error, undefined);
  }
}
