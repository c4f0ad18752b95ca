/** How the sidecar reaches Odoo. `auto`: a web session with a password, else JSON-2 on Odoo 19+, else /jsonrpc. */
export type OdooTransportChoice = 'auto' | 'session' | 'jsonrpc' | 'json2';
export type OdooTransportKind = Exclude<OdooTransportChoice, 'auto'>;

/** Where log lines go; the client never passes secrets (password, key, cookie) to it. */
export interface OdooLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

export interface OdooClientConfig {
  url: string;
  db: string;
  user: string;
  password?: string;
  apiKey?: string;
  transport?: OdooTransportChoice;
  /** Per HTTP request; default 30 s. */
  timeoutMs?: number;
  /** Extra attempts for transient failures; default 3. */
  retries?: number;
  /** First retry delay, doubled each time; default 200 ms. */
  retryMinDelayMs?: number;
  logger?: OdooLogger;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_RETRY_MIN_DELAY_MS = 200;

/** The base URL without a trailing slash, so paths can be appended. */
export function baseUrl(config: Pick<OdooClientConfig, 'url'>): string {
  return config.url.replace(/\/+$/, '');
}
