import type { JsonObject, JsonValue } from '../../workflow/json';
import type { OdooClient } from '../../odoo/client';
import type { OdooLogger } from '../../odoo/config';
import { errorMessage } from '../../errors';
import { OdooProtocolError } from '../../odoo/errors';

/** One answer of `executions.ingest_batch`, in the order of the batch sent. */
export interface IngestedExecution {
  id: number;
  /** False when Odoo already held this execution_id: nothing was written for it. */
  created: boolean;
}

const MODEL = 'executions';
const METHOD = 'ingest_batch';
const UPDATE_METHOD = 'update_batch';

/** One `[id, values]` of `executions.update_batch`: values as `write` takes them. */
export type ExecutionUpdate = [number, JsonObject];

function isIngestAnswer(value: JsonValue, length: number): value is Array<{ id: number; created: boolean }> {
  return (
    Array.isArray(value) &&
    value.length === length &&
    value.every(
      (row) =>
        typeof row === 'object' && row !== null && !Array.isArray(row) && typeof row.id === 'number' && typeof row.created === 'boolean',
    )
  );
}

/**
 * The addon's set-based `executions.ingest_batch` (one INSERT per table) and
 * `executions.update_batch` (one UPDATE per set of fields), when the installed addon has them.
 * Whether it does is asked once per method, with an empty batch, and remembered: an older
 * addon answers "method does not exist" and the sidecar keeps using `create` and `write`.
 */
export class BulkIngest {
  /** The answer per method, or the question being asked (lanes in flight share one probe). */
  private readonly available = new Map<string, boolean | Promise<boolean>>();

  constructor(
    private readonly client: OdooClient,
    private readonly isBlocking: (error: unknown) => boolean,
    private readonly logger?: OdooLogger,
  ) {}

  /** Whether Odoo has ingest_batch; throws (and asks again next time) when Odoo cannot answer now. */
  isAvailable(): Promise<boolean> {
    return this.has(METHOD, 'executions are sent with create');
  }

  /** Whether Odoo has update_batch (addons before it write executions one `write` each). */
  canUpdate(): Promise<boolean> {
    return this.has(UPDATE_METHOD, 'execution updates are sent with one write each');
  }

  private has(method: string, fallback: string): Promise<boolean> {
    const known = this.available.get(method);
    if (known !== undefined) return Promise.resolve(known);
    const asking = this.probe(method, fallback);
    this.available.set(method, asking);
    return asking;
  }

  private async probe(method: string, fallback: string): Promise<boolean> {
    try {
      await this.client.call(MODEL, method, [[]]);
      this.available.set(method, true);
      return true;
    } catch (error) {
      if (this.isBlocking(error)) {
        this.available.delete(method);
        throw error;
      }
      this.available.set(method, false);
      this.logger?.warn(`Odoo has no ${MODEL}.${method} (older addon?): ${fallback}`, { error: errorMessage(error) });
      return false;
    }
  }

  /** Writes every update in one call (one transaction: all or nothing). */
  async update(updates: ExecutionUpdate[]): Promise<void> {
    const answer = await this.client.call(MODEL, UPDATE_METHOD, [updates]);
    if (answer !== true) {
      throw new OdooProtocolError(`Odoo's ${MODEL}.${UPDATE_METHOD} answered ${JSON.stringify(answer).slice(0, 200)}`, {
        target: { model: MODEL, method: UPDATE_METHOD },
      });
    }
  }

  async ingest(values: JsonObject[]): Promise<IngestedExecution[]> {
    const answer = await this.client.call(MODEL, METHOD, [values]);
    if (!isIngestAnswer(answer, values.length)) {
      // Blocking: the executions may be in Odoo already; the outbox keeps them and looks first next time.
      throw new OdooProtocolError(
        `Odoo's ${MODEL}.${METHOD} answered ${JSON.stringify(answer).slice(0, 200)} for ${values.length} executions`,
        { target: { model: MODEL, method: METHOD } },
      );
    }
    return answer;
  }
}
