import pRetry from 'p-retry';
import type { JsonObject, JsonValue } from '../workflow/json';
import {
  DEFAULT_RETRIES,
  DEFAULT_RETRY_MIN_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  type OdooClientConfig,
  type OdooTransportKind,
} from './config';
import { isTransientOdooError } from './errors';
import { CallStats } from './call-stats';
import { createTransport, fetchServerVersion, type OdooServerVersion } from './transport-choice';
import type { OdooTransport } from './transports/transport';

export type { OdooServerVersion };

/** A search domain in Odoo's prefix notation: `[['state', '=', 'done'], '|', ...]`. */
export type OdooDomain = JsonValue[];

export interface SearchOptions {
  offset?: number;
  limit?: number;
  order?: string;
  context?: JsonObject;
}

export interface SearchReadOptions extends SearchOptions {
  fields?: string[];
}

/** `web_search_read`'s answer: the page of records and the total matching the domain. */
export interface WebSearchReadResult<T> {
  length: number;
  records: T[];
}

/** One Odoo connection, whichever transport carries it. */
export interface OdooClient {
  call<T extends JsonValue = JsonValue>(model: string, method: string, args?: JsonValue[], kwargs?: JsonObject): Promise<T>;
  searchRead<T extends JsonObject = JsonObject>(model: string, domain: OdooDomain, options?: SearchReadOptions): Promise<T[]>;
  /** search_read plus the total count, with related records read per `specification`. */
  webSearchRead<T extends JsonObject = JsonObject>(
    model: string,
    domain: OdooDomain,
    specification: JsonObject,
    options?: SearchOptions,
  ): Promise<WebSearchReadResult<T>>;
  read<T extends JsonObject = JsonObject>(model: string, ids: number[], fields?: string[]): Promise<T[]>;
  search(model: string, domain: OdooDomain, options?: SearchOptions): Promise<number[]>;
  searchCount(model: string, domain: OdooDomain): Promise<number>;
  create(model: string, values: JsonObject): Promise<number>;
  createMany(model: string, values: JsonObject[]): Promise<number[]>;
  write(model: string, ids: number[], values: JsonObject): Promise<boolean>;
  unlink(model: string, ids: number[]): Promise<boolean>;
  serverVersion(): Promise<OdooServerVersion>;
  /** The transport in use (resolved on first call when `auto`). */
  transportKind(): Promise<OdooTransportKind>;
  /** Calls made so far, by `model.method`: the bench's "RPC calls per execution". */
  readonly stats: CallStats;
  close(): Promise<void>;
}

// Calls that change nothing may be resent after an ambiguous failure (reset, timeout).
const READ_ONLY_METHODS = new Set([
  'read',
  'search',
  'search_read',
  'search_count',
  'web_search_read',
  'web_read',
  'fields_get',
  'name_search',
  'read_group',
  'default_get',
  'check_access_rights',
]);

function compact(kwargs: Record<string, JsonValue | undefined>): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(kwargs)) if (value !== undefined) result[key] = value;
  return result;
}

class FetchOdooClient implements OdooClient {
  readonly stats = new CallStats();
  private transport?: Promise<OdooTransport>;
  private version?: Promise<OdooServerVersion>;
  private readonly timeoutMs: number;

  constructor(private readonly config: OdooClientConfig) {
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async call<T extends JsonValue = JsonValue>(
    model: string,
    method: string,
    args: JsonValue[] = [],
    kwargs: JsonObject = {},
  ): Promise<T> {
    const transport = await this.resolveTransport();
    this.stats.count(model, method);
    const call = { model, method, args, kwargs };
    const result = await pRetry(() => transport.execute(call), {
      retries: this.config.retries ?? DEFAULT_RETRIES,
      minTimeout: this.config.retryMinDelayMs ?? DEFAULT_RETRY_MIN_DELAY_MS,
      maxTimeout: 5000,
      factor: 2,
      shouldRetry: (error) =>
        isTransientOdooError(error) && (error.delivery === 'no' || READ_ONLY_METHODS.has(method)),
      onFailedAttempt: (error) => {
        this.stats.countRetry();
        this.config.logger?.warn('Odoo call failed; retrying', {
          model,
          method,
          attempt: error.attemptNumber,
          error: error.message,
        });
      },
    });
    return result as T;
  }

  searchRead<T extends JsonObject>(model: string, domain: OdooDomain, options: SearchReadOptions = {}): Promise<T[]> {
    const { fields, offset, limit, order, context } = options;
    return this.call<JsonValue>(model, 'search_read', [domain], compact({ fields, offset, limit, order, context })) as Promise<
      T[]
    >;
  }

  webSearchRead<T extends JsonObject>(
    model: string,
    domain: OdooDomain,
    specification: JsonObject,
    options: SearchOptions = {},
  ): Promise<WebSearchReadResult<T>> {
    const { offset, limit, order, context } = options;
    return this.call<JsonValue>(
      model,
      'web_search_read',
      [domain, specification],
      compact({ offset, limit, order, context }),
    ) as unknown as Promise<WebSearchReadResult<T>>;
  }

  read<T extends JsonObject>(model: string, ids: number[], fields?: string[]): Promise<T[]> {
    return this.call<JsonValue>(model, 'read', [ids], compact({ fields })) as Promise<T[]>;
  }

  search(model: string, domain: OdooDomain, options: SearchOptions = {}): Promise<number[]> {
    const { offset, limit, order, context } = options;
    return this.call<number[]>(model, 'search', [domain], compact({ offset, limit, order, context }));
  }

  searchCount(model: string, domain: OdooDomain): Promise<number> {
    return this.call<number>(model, 'search_count', [domain]);
  }

  create(model: string, values: JsonObject): Promise<number> {
    return this.call<number>(model, 'create', [values]);
  }

  async createMany(model: string, values: JsonObject[]): Promise<number[]> {
    if (values.length === 0) return [];
    return this.call<number[]>(model, 'create', [values]);
  }

  write(model: string, ids: number[], values: JsonObject): Promise<boolean> {
    return this.call<boolean>(model, 'write', [ids, values]);
  }

  unlink(model: string, ids: number[]): Promise<boolean> {
    return this.call<boolean>(model, 'unlink', [ids]);
  }

  serverVersion(): Promise<OdooServerVersion> {
    if (!this.version) {
      const lookup = fetchServerVersion(this.config, this.timeoutMs);
      this.version = lookup;
      lookup.catch(() => {
        if (this.version === lookup) this.version = undefined;
      });
    }
    return this.version;
  }

  async transportKind(): Promise<OdooTransportKind> {
    return (await this.resolveTransport()).kind;
  }

  async close(): Promise<void> {
    const transport = this.transport;
    this.transport = undefined;
    if (transport) await (await transport.catch(() => undefined))?.close();
  }

  private resolveTransport(): Promise<OdooTransport> {
    if (!this.transport) {
      const choice = createTransport(this.config, this.timeoutMs, () => this.serverVersion());
      this.transport = choice;
      choice.catch(() => {
        if (this.transport === choice) this.transport = undefined;
      });
    }
    return this.transport;
  }
}

/** The client the service uses: Node's fetch, no custom agent (so nock can intercept it in tests). */
export function createOdooClient(config: OdooClientConfig): OdooClient {
  return new FetchOdooClient(config);
}
