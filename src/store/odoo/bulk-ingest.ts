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
 * The addon's set-based `executions.ingest_batch` (one INSERT per table), when the installed
 * addon has it. Whether it does is asked once, with an empty batch, and remembered: an older
 * addon answers "method does not exist" and the sidecar keeps using `create`.
 */
export class BulkIngest {
  private available?: boolean;

  constructor(
    private readonly client: OdooClient,
    private readonly isBlocking: (error: unknown) => boolean,
    private readonly logger?: OdooLogger,
  ) {}

  /** Whether Odoo has the method; throws (and asks again next time) when Odoo cannot answer now. */
  async isAvailable(): Promise<boolean> {
    if (this.available !== undefined) return this.available;
    try {
      await this.client.call(MODEL, METHOD, [[]]);
      this.available = true;
    } catch (error) {
      if (this.isBlocking(error)) throw error;
      this.available = false;
      this.logger?.warn('Odoo has no bulk ingestion (older addon?): executions are sent with create', {
        error: errorMessage(error),
      });
    }
    return this.available;
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
