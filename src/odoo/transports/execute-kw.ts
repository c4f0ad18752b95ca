import type { JsonValue } from '../../workflow/json';
import { baseUrl, type OdooLogger } from '../config';
import { OdooAuthenticationError } from '../errors';
import { jsonRpc } from './json-rpc';
import type { OdooCall, OdooTransport } from './transport';

export interface ExecuteKwTransportOptions {
  url: string;
  db: string;
  user: string;
  /** An API key (or a password): /jsonrpc accepts both, the web session only passwords. */
  secret: string;
  timeoutMs: number;
  logger?: OdooLogger;
}

/**
 * Stateless `/jsonrpc` `object.execute_kw`: Odoo checks the key on every call (~51 ms per
 * small call on Odoo 18 here), but there is no session to expire. The uid comes from one
 * `common.login` at first use.
 */
export class ExecuteKwTransport implements OdooTransport {
  readonly kind = 'jsonrpc' as const;
  private uid?: Promise<number>;

  constructor(private readonly options: ExecuteKwTransportOptions) {}

  async execute(call: OdooCall, signal?: AbortSignal): Promise<JsonValue> {
    const uid = await this.userId();
    const { db, secret } = this.options;
    const answer = await jsonRpc(
      `${baseUrl(this.options)}/jsonrpc`,
      {
        service: 'object',
        method: 'execute_kw',
        args: [db, uid, secret, call.model, call.method, call.args, call.kwargs],
      },
      { timeoutMs: this.options.timeoutMs, database: db, target: { model: call.model, method: call.method }, signal },
    );
    return answer.result;
  }

  /** The uid for the configured login; one shared lookup, retried after a failure. */
  userId(): Promise<number> {
    if (!this.uid) {
      const lookup = this.login();
      this.uid = lookup;
      lookup.catch(() => {
        if (this.uid === lookup) this.uid = undefined;
      });
    }
    return this.uid;
  }

  async close(): Promise<void> {
    this.uid = undefined;
  }

  private async login(): Promise<number> {
    const { db, user, secret } = this.options;
    const target = { method: 'login' };
    const answer = await jsonRpc(
      `${baseUrl(this.options)}/jsonrpc`,
      { service: 'common', method: 'login', args: [db, user, secret] },
      { timeoutMs: this.options.timeoutMs, database: db, target },
    );
    // common.login answers false (not an error) for a wrong login or key.
    if (typeof answer.result !== 'number') {
      throw new OdooAuthenticationError({
        target,
        odooMessage: `no user for login "${user}" with that key on database "${db}"`,
      });
    }
    return answer.result;
  }
}
