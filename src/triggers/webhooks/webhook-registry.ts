import type { LoadedWorkflow } from '../../executions/workflow-loader';
import type { WebhookConfig } from './webhook-config';
import { isDynamicPath, matchPath, pathShape, splitPath, staticSegmentCount } from './webhook-path';

/** One active Webhook node: what to run when its path and method are called. */
export interface WebhookRegistration {
  canvasId: string;
  config: WebhookConfig;
  /** The workflow as activated; a change is picked up by activating again. */
  loaded: LoadedWorkflow;
}

interface Entry {
  method: string;
  template: string[];
  shape: string;
  registration: WebhookRegistration;
}

export interface WebhookMatch {
  registration: WebhookRegistration;
  params: Record<string, string>;
}

export interface WebhookConflict {
  method: string;
  path: string;
  nodeName: string;
  owner: WebhookRegistration;
}

/**
 * The active webhooks of this process, looked up on every call: static paths through one
 * map lookup, parameter paths by scanning those of the same length (few in practice).
 */
export class WebhookRegistry {
  private readonly byCanvas = new Map<string, Entry[]>();
  private readonly staticEntries = new Map<string, Entry>();
  private dynamicEntries: Entry[] = [];

  /** The first registration of another workflow that already answers one of these. */
  findConflict(canvasId: string, registrations: readonly WebhookRegistration[]): WebhookConflict | undefined {
    const taken = new Map<string, Entry>();
    for (const [owner, entries] of this.byCanvas) {
      if (owner === canvasId) continue;
      for (const entry of entries) taken.set(`${entry.method} ${entry.shape}`, entry);
    }
    const own = new Map<string, Entry>();
    for (const entry of registrations.flatMap(entriesOf)) {
      const key = `${entry.method} ${entry.shape}`;
      const other = taken.get(key) ?? own.get(key);
      if (other !== undefined) {
        return { method: entry.method, path: entry.registration.config.path, nodeName: entry.registration.config.nodeName, owner: other.registration };
      }
      own.set(key, entry);
    }
    return undefined;
  }

  /** Swaps a workflow's webhooks in one step, so calls never see half of an activation. */
  replace(canvasId: string, registrations: readonly WebhookRegistration[]): void {
    this.byCanvas.delete(canvasId);
    if (registrations.length > 0) this.byCanvas.set(canvasId, registrations.flatMap(entriesOf));
    this.reindex();
  }

  remove(canvasId: string): void {
    if (this.byCanvas.delete(canvasId)) this.reindex();
  }

  has(canvasId: string): boolean {
    return this.byCanvas.has(canvasId);
  }

  get size(): number {
    let count = 0;
    for (const entries of this.byCanvas.values()) count += entries.length;
    return count;
  }

  /**
   * The webhook for a request path (still percent-encoded, without `/webhook/`). Besides
   * the plain template, n8n's URL for parameter paths, `<webhookId>/<path>`, also matches.
   */
  match(method: string, requestPath: string): WebhookMatch | undefined {
    const exact = this.staticEntries.get(`${method} ${requestPath}`);
    if (exact !== undefined) return { registration: exact.registration, params: {} };
    const segments = splitPath(requestPath);
    return this.matchDynamic(method, segments) ?? this.matchWithWebhookId(method, segments);
  }

  /** Methods registered for this path, for n8n's "Did you mean to make a POST request?". */
  methodsFor(requestPath: string): string[] {
    const methods = new Set<string>();
    for (const method of ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT']) {
      if (this.match(method, requestPath) !== undefined) methods.add(method);
    }
    return [...methods];
  }

  private matchDynamic(method: string, segments: string[]): WebhookMatch | undefined {
    let best: { entry: Entry; params: Record<string, string>; score: number } | undefined;
    for (const entry of this.dynamicEntries) {
      if (entry.method !== method) continue;
      const params = matchPath(entry.template, segments);
      if (params === undefined) continue;
      const score = staticSegmentCount(entry.template);
      if (best === undefined || score > best.score) best = { entry, params, score };
    }
    return best === undefined ? undefined : { registration: best.entry.registration, params: best.params };
  }

  private matchWithWebhookId(method: string, segments: string[]): WebhookMatch | undefined {
    const [first, ...rest] = segments;
    if (first === undefined) return undefined;
    for (const entry of this.dynamicEntries) {
      if (entry.method !== method || entry.registration.config.webhookId !== first) continue;
      const params = matchPath(entry.template, rest);
      if (params !== undefined) return { registration: entry.registration, params };
    }
    return undefined;
  }

  private reindex(): void {
    this.staticEntries.clear();
    this.dynamicEntries = [];
    for (const entries of this.byCanvas.values()) {
      for (const entry of entries) {
        if (isDynamicPath(entry.registration.config.path)) this.dynamicEntries.push(entry);
        else this.staticEntries.set(`${entry.method} ${entry.registration.config.path}`, entry);
      }
    }
  }
}

function entriesOf(registration: WebhookRegistration): Entry[] {
  const template = splitPath(registration.config.path);
  const shape = pathShape(template);
  return registration.config.methods.map((method) => ({ method, template, shape, registration }));
}
