import { isJsonObject, type JsonValue } from '../../workflow/json';
import { baseUrl, type OdooLogger } from '../config';
import { OdooAuthenticationError, OdooSessionExpiredError, OdooProtocolError } from '../errors';
import { jsonRpc } from './json-rpc';
import type { OdooCall, OdooTransport } from './transport';

export interface SessionTransportOptions {
  url: string;
  db: string;
  user: string;
  password: string;
  timeoutMs: number;
  logger?: OdooLogger;
}

/** What `/web/session/authenticate` told us about the server, kept for `serverVersion()`. */
export interface SessionInfo {
  uid: number;
  serverVersionInfo?: JsonValue[];
}

/**
 * Web session: log in once with the password, then `/web/dataset/call_kw` with the
 * `session_id` cookie (about 5x cheaper than /jsonrpc, which checks the password on every
 * call). A session that expired is renewed once, transparently.
 */
export class SessionTransport implements OdooTransport {
  readonly kind = 'session' as const;
  private cookie?: string;
  private login?: Promise<SessionInfo>;
  info?: SessionInfo;

  constructor(private readonly options: SessionTransportOptions) {}

  async execute(call: OdooCall, signal?: AbortSignal): Promise<JsonValue> {
    await this.authenticate();
    const loginUsed = this.login;
    try {
      return await this.send(call, signal);
    } catch (error) {
      if (!(error instanceof OdooSessionExpiredError)) throw error;
      this.options.logger?.debug('Odoo session expired; logging in again', { db: this.options.db });
      // Concurrent calls all see the expiry: only the first drops the session, the rest share its new login.
      if (this.login === loginUsed) this.forget();
      await this.authenticate();
      return this.send(call, signal);
    }
  }

  /**
   * Logs in unless a session exists; concurrent callers share one login, which is why it
   * takes no caller signal (one caller cancelling must not fail the others' login).
   */
  authenticate(): Promise<SessionInfo> {
    if (!this.login) {
      const login = this.doLogin();
      this.login = login;
      login.catch(() => {
        if (this.login === login) this.forget();
      });
    }
    return this.login;
  }

  async close(): Promise<void> {
    this.forget();
  }

  private forget(): void {
    this.cookie = undefined;
    this.login = undefined;
  }

  private async send(call: OdooCall, signal?: AbortSignal): Promise<JsonValue> {
    const url = `${baseUrl(this.options)}/web/dataset/call_kw/${call.model}/${call.method}`;
    const answer = await jsonRpc(
      url,
      { model: call.model, method: call.method, args: call.args, kwargs: call.kwargs },
      {
        timeoutMs: this.options.timeoutMs,
        database: this.options.db,
        target: { model: call.model, method: call.method },
        headers: this.cookie ? { Cookie: this.cookie } : undefined,
        signal,
      },
    );
    return answer.result;
  }

  private async doLogin(): Promise<SessionInfo> {
    const target = { method: 'authenticate' };
    const answer = await jsonRpc(
      `${baseUrl(this.options)}/web/session/authenticate`,
      { db: this.options.db, login: this.options.user, password: this.options.password },
      { timeoutMs: this.options.timeoutMs, database: this.options.db, target },
    );
    const result = answer.result;
    if (!isJsonObject(result) || typeof result.uid !== 'number') {
      throw new OdooAuthenticationError({
        target,
        odooMessage: `no user for login "${this.options.user}" on database "${this.options.db}"`,
      });
    }
    const cookie = sessionCookie(answer.headers);
    if (!cookie) throw new OdooProtocolError('Odoo logged in but set no session_id cookie', { target });
    this.cookie = cookie;
    const versionInfo = result.server_version_info;
    this.info = { uid: result.uid, serverVersionInfo: Array.isArray(versionInfo) ? versionInfo : undefined };
    return this.info;
  }
}

function sessionCookie(headers: Headers): string | undefined {
  for (const line of headers.getSetCookie()) {
    const pair = line.split(';', 1)[0]?.trim();
    if (pair?.startsWith('session_id=')) return pair;
  }
  return undefined;
}
