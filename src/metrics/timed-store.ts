import type { ExecutionStore } from '../store/types';
import type { Metrics } from './metrics';

type AsyncMethods<T> = { [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never };

/**
 * The execution store with each call's latency recorded (the store/RPC latency metric).
 * A proxy rather than a subclass, so it wraps the SQLite and the Odoo store alike.
 */
export function timedExecutionStore(store: ExecutionStore, metrics: Metrics, storeName: string): ExecutionStore {
  const methods: Array<keyof ExecutionStore> = ['save', 'get', 'list', 'findByRequestId', 'listWaiting', 'listByStatus', 'transition', 'patch', 'prune', 'close'];
  const timed = {} as AsyncMethods<ExecutionStore>;
  for (const name of methods) {
    const original = (store[name] as (...args: unknown[]) => Promise<unknown>).bind(store);
    (timed as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const started = process.hrtime.bigint();
      try {
        return await original(...args);
      } finally {
        metrics.observeStore(storeName, name, Number(process.hrtime.bigint() - started) / 1e9);
      }
    };
  }
  return timed as ExecutionStore;
}
