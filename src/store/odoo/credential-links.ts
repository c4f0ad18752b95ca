import type { OdooClient } from '../../odoo/client';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { NodeJson } from '../../workflow/types';
import type { LinkedCredential, NodeRecord } from './odoo-records';

/** A node's n8n credential references as Odoo keeps them: linked records, and the rest as JSON. */
export interface NodeCredentialLinks {
  /** `credentials` record ids (one per credential type). */
  recordIds: number[];
  /** References no record matched: `{type: {id?, name?}}`, kept so they resolve by name later. */
  unmatched: JsonObject;
}

interface Reference {
  id?: string;
  name?: string;
}

/** n8n writes `{id, name}` (id sometimes a number); a bare string is a name. */
function referenceOf(value: JsonValue): Reference | undefined {
  if (typeof value === 'string') return value === '' ? undefined : { name: value };
  if (!isJsonObject(value)) return undefined;
  const id = typeof value.id === 'string' || typeof value.id === 'number' ? String(value.id) : undefined;
  const name = typeof value.name === 'string' ? value.name : undefined;
  return id === undefined && name === undefined ? undefined : { id, name };
}

function referenceJson(reference: Reference): JsonObject {
  const json: JsonObject = {};
  if (reference.id !== undefined) json.id = reference.id;
  if (reference.name !== undefined) json.name = reference.name;
  return json;
}

/**
 * The node's `credentials` JSON from its record: the unmatched references first, then every
 * linked credential `{id: credential_id, name}` under its type (a link wins over a reference).
 */
export function nodeCredentialsJson(record: NodeRecord, invalid: (reason: string) => Error): JsonObject | undefined {
  const credentials: JsonObject = {};
  if (typeof record.credential_refs === 'string' && record.credential_refs.trim() !== '') {
    let refs: JsonValue;
    try {
      refs = JSON.parse(record.credential_refs) as JsonValue;
    } catch (error) {
      throw invalid((error as Error).message);
    }
    if (!isJsonObject(refs)) throw invalid('it is not a JSON object');
    Object.assign(credentials, refs);
  }
  for (const linked of Array.isArray(record.credential_ids) ? record.credential_ids : []) credentials[linked.type] = { id: linked.credential_id, name: linked.name };
  return Object.keys(credentials).length > 0 ? credentials : undefined;
}

type CandidateRecord = Pick<LinkedCredential, 'id' | 'credential_id' | 'name' | 'type'>;

/** A credential found by id (same type), else the only one of that type with that name. */
function match(candidates: CandidateRecord[], type: string, reference: Reference): CandidateRecord | undefined {
  const byId = candidates.find((candidate) => candidate.type === type && reference.id !== undefined && candidate.credential_id === reference.id);
  if (byId) return byId;
  const byName = candidates.filter((candidate) => candidate.type === type && reference.name !== undefined && candidate.name === reference.name);
  return byName.length === 1 ? byName[0] : undefined;
}

export interface CredentialMatching {
  byNode: Map<string, NodeCredentialLinks>;
  /** One line per reference no credential matched, for the import's warnings. */
  missing: string[];
}

/**
 * Matches every node's credential references to Odoo `credentials` records, by id then by
 * name within the type, as n8n's import does; one search_read for the whole workflow.
 */
export async function matchNodeCredentials(client: OdooClient, nodes: readonly NodeJson[]): Promise<CredentialMatching> {
  const wanted = nodes.flatMap((node) =>
    Object.entries(node.credentials ?? {}).map(([type, value]) => ({ node: node.name, type, reference: referenceOf(value) })),
  );
  const result: CredentialMatching = { byNode: new Map(), missing: [] };
  if (wanted.length === 0) return result;
  const ids = wanted.flatMap(({ reference }) => (reference?.id !== undefined ? [reference.id] : []));
  const names = wanted.flatMap(({ reference }) => (reference?.name !== undefined ? [reference.name] : []));
  const candidates = await client.searchRead<CandidateRecord>('credentials', ['|', ['credential_id', 'in', ids], ['name', 'in', names]], {
    fields: ['credential_id', 'name', 'type'],
  });
  for (const { node, type, reference } of wanted) {
    const links = result.byNode.get(node) ?? { recordIds: [], unmatched: {} };
    result.byNode.set(node, links);
    const found = reference === undefined ? undefined : match(candidates, type, reference);
    if (found) {
      links.recordIds.push(found.id);
      continue;
    }
    if (reference !== undefined) links.unmatched[type] = referenceJson(reference);
    const label = reference?.name !== undefined ? `"${reference.name}"` : `with id "${reference?.id ?? '?'}"`;
    result.missing.push(`node "${node}": credentials ${label} of type "${type}" are not in Odoo: create them (Configuration > Credentials) under that name`);
  }
  return result;
}
