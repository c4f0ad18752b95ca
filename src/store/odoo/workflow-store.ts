import type { JsonObject, JsonValue } from '../../workflow/json';
import type { OdooClient } from '../../odoo/client';
import { fromOdooDatetime, toOdooDatetime } from '../../odoo/datetime';
import type { StoredWorkflow, WorkflowStore } from '../types';
import {
  CANVAS_SPEC,
  CANVAS_VERSION_SPEC,
  type CanvasRecord,
  type CanvasVersionRecord,
  canvasVersion,
} from './odoo-records';
import { canvasToWorkflowJson } from './workflow-mapping';
import type { NodeRef } from './delivery';

export interface OdooWorkflowStoreOptions {
  client: OdooClient;
  /**
   * How long a definition is used without asking Odoo whether it changed. The check is one
   * small call; 0 checks on every `get`. Default 1000 ms.
   */
  revalidateAfterMs?: number;
  now?: () => number;
}

interface CacheEntry {
  stored: StoredWorkflow;
  nodeRefs: ReadonlyMap<string, NodeRef>;
  checkedAt: number;
  /**
   * write_date has whole seconds: a write in the same second as our read looks unchanged.
   * Until a load happened a full second after the newest write_date, reload instead of comparing.
   */
  settled: boolean;
}

// One second of write_date resolution, plus one second of margin for clock skew with Odoo.
const SETTLE_MS = 2000;

/** Workflows drawn in Odoo (`canvas` + `nodes`), cached and refreshed when their write_date moves. */
export class OdooWorkflowStore implements WorkflowStore {
  private readonly client: OdooClient;
  private readonly revalidateAfterMs: number;
  private readonly now: () => number;
  private readonly byCanvasId = new Map<number, CacheEntry>();
  private readonly canvasIdByWorkflowId = new Map<string, number>();

  constructor(options: OdooWorkflowStoreOptions) {
    this.client = options.client;
    this.revalidateAfterMs = options.revalidateAfterMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  async get(idOrWorkflowId: string): Promise<StoredWorkflow | undefined> {
    const canvasId = this.cachedCanvasId(idOrWorkflowId);
    const entry = canvasId === undefined ? undefined : this.byCanvasId.get(canvasId);
    if (entry && canvasId !== undefined) {
      if (this.now() - entry.checkedAt < this.revalidateAfterMs) return entry.stored;
      if (entry.settled && (await this.unchanged(canvasId, entry))) return entry.stored;
      return this.load([['id', '=', canvasId]], idOrWorkflowId);
    }
    return this.load(domainFor(idOrWorkflowId), idOrWorkflowId);
  }

  async list(): Promise<StoredWorkflow[]> {
    const { records } = await this.client.webSearchRead<CanvasRecord>('canvas', [], CANVAS_SPEC, { order: 'id' });
    return records.map((record) => this.remember(record).stored);
  }

  async setActive(id: string, active: boolean, at: Date): Promise<void> {
    const canvasId = this.cachedCanvasId(id) ?? (await this.get(id))?.id;
    if (canvasId === undefined) return;
    const values: JsonObject = active
      ? { active_workflow: true, activated_at: toOdooDatetime(at) }
      : { active_workflow: false };
    await this.client.write('canvas', [Number(canvasId)], values);
    this.invalidate(String(canvasId));
  }

  /** Forgets cached definitions (one, or all): the next `get` reads Odoo again. */
  invalidate(idOrWorkflowId?: string): void {
    if (idOrWorkflowId === undefined) {
      this.byCanvasId.clear();
      this.canvasIdByWorkflowId.clear();
      return;
    }
    const canvasId = this.cachedCanvasId(idOrWorkflowId);
    if (canvasId !== undefined) this.byCanvasId.delete(canvasId);
  }

  /** Node name -> `nodes` record of a canvas, for the `node_id` of execution logs. */
  async nodeRefs(canvasId: string): Promise<ReadonlyMap<string, NodeRef>> {
    const cached = this.byCanvasId.get(Number(canvasId));
    if (cached) return cached.nodeRefs;
    await this.get(canvasId);
    return this.byCanvasId.get(Number(canvasId))?.nodeRefs ?? new Map();
  }

  private cachedCanvasId(idOrWorkflowId: string): number | undefined {
    const byWorkflowId = this.canvasIdByWorkflowId.get(idOrWorkflowId);
    if (byWorkflowId !== undefined) return byWorkflowId;
    const asNumber = Number(idOrWorkflowId);
    return Number.isInteger(asNumber) && this.byCanvasId.has(asNumber) ? asNumber : undefined;
  }

  private async unchanged(canvasId: number, entry: CacheEntry): Promise<boolean> {
    const { records } = await this.client.webSearchRead<CanvasVersionRecord>(
      'canvas',
      [['id', '=', canvasId]],
      CANVAS_VERSION_SPEC,
    );
    const current = records[0];
    if (current && canvasVersion(current) === entry.stored.version) {
      entry.checkedAt = this.now();
      return true;
    }
    return false;
  }

  private async load(domain: JsonValue[], asked: string): Promise<StoredWorkflow | undefined> {
    const { records } = await this.client.webSearchRead<CanvasRecord>('canvas', domain, CANVAS_SPEC, { limit: 2 });
    // "12" may be a canvas id or a workflow_id: the record id wins.
    const record = records.find((candidate) => String(candidate.id) === asked) ?? records[0];
    if (!record) {
      this.invalidate(asked);
      return undefined;
    }
    return this.remember(record).stored;
  }

  private remember(record: CanvasRecord): CacheEntry {
    const json = canvasToWorkflowJson(record);
    const stored: StoredWorkflow = {
      id: String(record.id),
      workflowId: record.workflow_id || String(record.id),
      name: record.name,
      json,
      active: record.active_workflow,
      activatedAt: fromOdooDatetime(record.activated_at),
      version: canvasVersion(record),
    };
    const newestWrite = Math.max(
      fromOdooDatetime(record.write_date)?.getTime() ?? 0,
      ...record.node_ids.map((node) => fromOdooDatetime(node.write_date)?.getTime() ?? 0),
    );
    const loadedAt = this.now();
    const entry: CacheEntry = {
      stored,
      nodeRefs: new Map(
        record.node_ids.map((node) => [node.name, { odooId: node.id, nodeId: node.node_id || String(node.id) }]),
      ),
      checkedAt: loadedAt,
      settled: loadedAt >= newestWrite + SETTLE_MS,
    };
    this.byCanvasId.set(record.id, entry);
    this.canvasIdByWorkflowId.set(stored.workflowId, record.id);
    return entry;
  }
}

function domainFor(idOrWorkflowId: string): JsonValue[] {
  const asNumber = Number(idOrWorkflowId);
  if (/^\d+$/.test(idOrWorkflowId) && Number.isSafeInteger(asNumber)) {
    return ['|', ['id', '=', asNumber], ['workflow_id', '=', idOrWorkflowId]];
  }
  return [['workflow_id', '=', idOrWorkflowId]];
}
