import type { JsonObject, JsonValue } from '../../workflow/json';
import type { OdooClient } from '../../odoo/client';
import type { OdooLogger } from '../../odoo/config';
import { OdooAccessError, OdooError, OdooProtocolError, OdooValidationError } from '../../odoo/errors';
import { NotFoundError } from '../../errors';
import type { ExecutionLogRecord, ExecutionRecord } from '../types';
import {
  executionValues,
  logValues,
  REFERENCE_FIELDS,
  REFERENCE_KEYS,
  type ResolveExecution,
  summaryValues,
} from './execution-mapping';
import { BulkIngest, type ExecutionUpdate } from './bulk-ingest';
import type { ExecutionIdMap } from './id-map';
import type { PendingOp } from './pending-ops';

/** A canvas node as execution logs need it: its record id, and its n8n id to tell same-named nodes apart. */
export interface NodeRef {
  odooId: number;
  nodeId: string;
}
export type NodeRefResolver = (canvasId: string) => Promise<ReadonlyMap<string, NodeRef>>;

export interface DeliveryHooks {
  delivered(op: PendingOp): void;
  /** Odoo refused this op for good (a constraint, a bad value): it will not be sent again. */
  rejected(op: PendingOp, error: unknown): void;
}

export interface DeliveryDeps {
  client: OdooClient;
  ids: ExecutionIdMap;
  nodeRefs: NodeRefResolver;
  /** Marks an entry "Odoo may hold it": the next attempt looks before creating. */
  markSuspect(op: PendingOp): void;
  hooks: DeliveryHooks;
  logger?: OdooLogger;
  /** Use the addon's `executions.ingest_batch` and `update_batch` when it has them (default true). */
  bulkIngest?: boolean;
  /** Runs synchronous bookkeeping (outbox removals, ids learnt) as one unit: one commit per batch. */
  atomically?: <T>(work: () => T) => T;
}

const MODEL = 'executions';
const ACTIVE_STATUSES = new Set(['running', 'waiting', 'queued']);
const DUPLICATE_EXECUTION = /execution ID must be unique|execution_id_unique/i;

/**
 * Errors that say nothing about one record but about Odoo being unusable right now
 * (unreachable, credentials, rights, protocol): the batch waits in the outbox for later.
 */
export function isBlocking(error: unknown): boolean {
  return (
    error instanceof OdooError &&
    (error.transient || error.code === 'unavailable' || error instanceof OdooAccessError || error instanceof OdooProtocolError)
  );
}

function willChange(record: ExecutionRecord): boolean {
  return !record.finished && ACTIVE_STATUSES.has(record.status);
}

/**
 * Values for a create without the empty ones: every optional field of `executions` and
 * `execution_logs` defaults to empty, and each field Odoo is sent costs it time (about a
 * fifth of a batch create, measured here). Writes keep them: there `false` clears a value.
 */
function withoutEmpty(values: JsonObject): JsonObject {
  const kept: JsonObject = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === false || (Array.isArray(value) && value.length === 0)) continue;
    kept[key] = value;
  }
  return kept;
}

function logKey(log: ExecutionLogRecord): string {
  return `${log.sequence}/${log.runIndex}/${log.status}/${log.finishedAt?.getTime() ?? ''}`;
}

/**
 * Ops of one batch in rounds where each execution appears once (a save and a patch of the same
 * execution may wait together): `update_batch` takes one update per record.
 */
function roundsOfDistinctExecutions(ops: PendingOp[]): PendingOp[][] {
  const rounds: PendingOp[][] = [];
  const seen: Array<Set<string>> = [];
  for (const op of ops) {
    let round = seen.findIndex((ids) => !ids.has(op.executionId));
    if (round === -1) {
      round = rounds.length;
      rounds.push([]);
      seen.push(new Set());
    }
    (rounds[round] as PendingOp[]).push(op);
    (seen[round] as Set<string>).add(op.executionId);
  }
  return rounds;
}

/**
 * Writes one batch of outbox entries: at most one lookup, one `ingest_batch` (or `create`)
 * for every new execution with all its logs, then one `update_batch` for the executions that
 * already exist (one `write` each with an older addon).
 * Throws a blocking error (the caller keeps the batch for later); record-level refusals go
 * to `hooks.rejected`.
 */
export class BatchDelivery {
  /** Log keys already in Odoo per execution, so a status update appends logs instead of rewriting them. */
  private readonly deliveredLogs = new Map<string, string[]>();
  private readonly bulk?: BulkIngest;

  constructor(private readonly deps: DeliveryDeps) {
    if (deps.bulkIngest !== false) this.bulk = new BulkIngest(deps.client, isBlocking, deps.logger);
  }

  async deliver(ops: PendingOp[]): Promise<void> {
    await this.lookUpUnknownIds(ops);
    const creates = ops.filter(
      (op): op is Extract<PendingOp, { kind: 'save' }> => op.kind === 'save' && this.deps.ids.get(op.executionId) === undefined,
    );
    const created = new Set<PendingOp>(creates);
    const updates = ops.filter((op) => !created.has(op));
    // Bulk ingestion wrote nothing for these (an earlier attempt did): they are brought up to date.
    if (creates.length > 0) updates.push(...(await this.create(creates)));
    for (const round of roundsOfDistinctExecutions(updates)) await this.updateMany(round);
  }

  private atomically<T>(work: () => T): T {
    return this.deps.atomically ? this.deps.atomically(work) : work();
  }

  private async lookUpUnknownIds(ops: PendingOp[]): Promise<void> {
    const { ids } = this.deps;
    const savedHere = new Set(ops.filter((op) => op.kind === 'save').map((op) => op.executionId));
    const wanted = new Set<string>();
    for (const op of ops) {
      const unknown = ids.get(op.executionId) === undefined;
      if (unknown && (op.kind === 'patch' ? !savedHere.has(op.executionId) : op.entry.suspect)) wanted.add(op.executionId);
      const refs = op.kind === 'save' ? op.record : op.fields;
      for (const key of REFERENCE_KEYS) {
        const ref = refs[key];
        if (ref && !savedHere.has(ref) && ids.get(ref) === undefined) wanted.add(ref);
      }
    }
    if (wanted.size === 0) return;
    const rows = await this.deps.client.searchRead<{ id: number; execution_id: string }>(
      MODEL,
      [['execution_id', 'in', [...wanted]]],
      { fields: ['execution_id'] },
    );
    for (const row of rows) ids.set(row.execution_id, row.id, false);
  }

  private resolver(): ResolveExecution {
    return (executionId) => this.deps.ids.get(executionId) ?? false;
  }

  private async logCommands(record: ExecutionRecord, logs: ExecutionLogRecord[]): Promise<JsonValue[]> {
    if (logs.length === 0) return [];
    const refs = await this.deps.nodeRefs(record.canvasId);
    return logs.map((log) => {
      const ref = refs.get(log.nodeName);
      const sameNode = ref && (!log.nodeId || log.nodeId === ref.nodeId || log.nodeId === String(ref.odooId));
      // New log rows only, in creates and appends alike: nothing to clear.
      return [0, 0, withoutEmpty(logValues(log, sameNode ? ref.odooId : false))];
    });
  }

  /** Creates the group's executions; answers those Odoo already had (to be updated). */
  private async create(group: Array<Extract<PendingOp, { kind: 'save' }>>): Promise<PendingOp[]> {
    const inGroup = new Set(group.map((op) => op.executionId));
    // A reference to an execution created in this same call is written once both ids exist.
    const fixups: Array<{ op: (typeof group)[number]; field: string; ref: string }> = [];
    const values: JsonObject[] = [];
    for (const op of group) {
      for (const key of REFERENCE_KEYS) {
        const ref = op.record[key];
        if (ref && inGroup.has(ref)) fixups.push({ op, field: REFERENCE_FIELDS[key], ref });
      }
      values.push(
        withoutEmpty({
          ...executionValues(op.record, this.resolver()),
          execution_log_ids: await this.logCommands(op.record, op.record.logs),
        }),
      );
    }
    let created: Array<{ id: number; created: boolean }>;
    try {
      created = await this.createRecords(values);
    } catch (error) {
      return this.createFailed(group, error);
    }
    const alreadyInOdoo: typeof group = [];
    this.atomically(() =>
      group.forEach((op, index) => {
        const row = created[index] as (typeof created)[number];
        this.deps.ids.set(op.executionId, row.id, willChange(op.record));
        if (row.created) this.afterWrite(op);
        else alreadyInOdoo.push(op);
      }),
    );
    for (const fixup of fixups) {
      const id = this.deps.ids.get(fixup.op.executionId) as number;
      try {
        await this.deps.client.write(MODEL, [id], { [fixup.field]: this.deps.ids.get(fixup.ref) ?? false });
      } catch (error) {
        // The executions themselves are in Odoo; only this link is missing, so say so and go on.
        this.deps.logger?.warn('Could not link executions in Odoo', {
          execution: fixup.op.executionId,
          field: fixup.field,
          target: fixup.ref,
          error: (error as Error).message,
        });
      }
    }
    return alreadyInOdoo;
  }

  /** One `ingest_batch` when the addon has it (idempotent), else one `create`. */
  private async createRecords(values: JsonObject[]): Promise<Array<{ id: number; created: boolean }>> {
    if (this.bulk && (await this.bulk.isAvailable())) return this.bulk.ingest(values);
    const ids = await this.deps.client.createMany(MODEL, values);
    return ids.map((id) => ({ id, created: true }));
  }

  private async createFailed(group: Array<Extract<PendingOp, { kind: 'save' }>>, error: unknown): Promise<PendingOp[]> {
    if (isBlocking(error)) {
      if (error instanceof OdooError && error.delivery !== 'no') for (const op of group) this.deps.markSuspect(op);
      throw error;
    }
    // One bad record fails the whole create: send them one by one to find it.
    if (group.length > 1) {
      const alreadyInOdoo: PendingOp[] = [];
      for (const op of group) alreadyInOdoo.push(...(await this.create([op])));
      return alreadyInOdoo;
    }
    const op = group[0] as (typeof group)[number];
    if (error instanceof OdooValidationError && DUPLICATE_EXECUTION.test(error.message)) {
      // Already in Odoo (an earlier attempt did reach it): the next round finds it and updates it.
      this.deps.markSuspect(op);
      return [];
    }
    this.deps.hooks.rejected(op, error);
    return [];
  }

  /**
   * Executions Odoo has, each at most once: one `update_batch` when the addon has it. A
   * record-level refusal fails the whole call (one transaction), so the ops are then written
   * one by one to find the one at fault.
   */
  private async updateMany(ops: PendingOp[]): Promise<void> {
    if (ops.length === 0) return;
    if (!this.bulk || !(await this.bulk.canUpdate())) {
      for (const op of ops) await this.update(op);
      return;
    }
    const sent: PendingOp[] = [];
    const updates: ExecutionUpdate[] = [];
    for (const op of ops) {
      const id = this.deps.ids.get(op.executionId);
      if (id === undefined) {
        this.deps.hooks.rejected(op, new NotFoundError(`Execution ${op.executionId} is not in Odoo: cannot update it`));
        continue;
      }
      sent.push(op);
      updates.push([id, await this.updateValues(op)]);
    }
    if (updates.length === 0) return;
    try {
      await this.bulk.update(updates);
    } catch (error) {
      if (isBlocking(error)) throw error;
      for (const op of sent) await this.update(op);
      return;
    }
    this.atomically(() => {
      sent.forEach((op, index) => {
        if (op.kind === 'save') this.deps.ids.set(op.executionId, (updates[index] as ExecutionUpdate)[0], willChange(op.record));
        this.afterWrite(op);
      });
    });
  }

  private async update(op: PendingOp): Promise<void> {
    const id = this.deps.ids.get(op.executionId);
    if (id === undefined) {
      this.deps.hooks.rejected(op, new NotFoundError(`Execution ${op.executionId} is not in Odoo: cannot update it`));
      return;
    }
    try {
      await this.deps.client.write(MODEL, [id], await this.updateValues(op));
    } catch (error) {
      if (isBlocking(error)) throw error;
      this.deps.hooks.rejected(op, error);
      return;
    }
    if (op.kind === 'save') this.deps.ids.set(op.executionId, id, willChange(op.record));
    this.afterWrite(op);
  }

  private async updateValues(op: PendingOp): Promise<JsonObject> {
    if (op.kind === 'patch') return summaryValues(op.fields, this.resolver());
    const { record } = op;
    const keys = record.logs.map(logKey);
    const before = this.deliveredLogs.get(record.id);
    const appendOnly = before !== undefined && before.length <= keys.length && before.every((key, i) => key === keys[i]);
    const logCommands = appendOnly
      ? await this.logCommands(record, record.logs.slice(before.length))
      : [[5, 0, 0], ...(await this.logCommands(record, record.logs))];
    const values: JsonObject = executionValues(record, this.resolver());
    if (logCommands.length > 0) values.execution_log_ids = logCommands;
    return values;
  }

  private afterWrite(op: PendingOp): void {
    if (op.kind === 'save') {
      if (willChange(op.record)) this.deliveredLogs.set(op.executionId, op.record.logs.map(logKey));
      else this.deliveredLogs.delete(op.executionId);
    }
    this.deps.hooks.delivered(op);
  }
}
