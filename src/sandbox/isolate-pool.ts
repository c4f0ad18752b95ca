import { SandboxRealm, type RealmOptions } from './isolate-realm';

export interface IsolatePoolOptions<Entry extends string> extends RealmOptions<Entry> {
  /** Most realms in use at once for asynchronous calls; callers beyond wait in turn. */
  maxSize: number;
}

interface Waiter<Entry extends string> {
  resolve: (realm: SandboxRealm<Entry>) => void;
  reject: (error: Error) => void;
}

/**
 * Realms for asynchronous calls, each leased by one call at a time (an isolate runs one
 * thing at once: a light call must never queue behind a heavy one inside the same isolate).
 * Realms are created on demand up to `maxSize`, built on isolated-vm's threads, and kept;
 * the most recently used idle realm is handed out first (its caches are warm). A realm
 * disposed by its memory limit is dropped on release and replaced by the next lease.
 *
 * Besides the pool, one realm serves the synchronous calls the node API still needs
 * (`evaluate`): it is only ever entered from the service thread, so it is never busy.
 */
export class IsolatePool<Entry extends string> {
  private readonly idle: Array<SandboxRealm<Entry>> = [];
  private readonly waiters: Array<Waiter<Entry>> = [];
  /** Every realm built for leases, so that shutting down also stops calls still running. */
  private readonly realms = new Set<SandboxRealm<Entry>>();
  /** Realms alive or being built, leased or idle (the sync realm aside). */
  private count = 0;
  private leased = 0;
  /** Realms `warm` is building: a caller arriving meanwhile waits for one rather than building another. */
  private warming = 0;
  private serviceThreadRealm: SandboxRealm<Entry> | undefined;
  private closed = false;

  constructor(private readonly options: IsolatePoolOptions<Entry>) {}

  /** Realms currently leased by a call. */
  get busy(): number {
    return this.leased;
  }

  /** Calls waiting for a realm. */
  get waiting(): number {
    return this.waiters.length;
  }

  async acquire(): Promise<SandboxRealm<Entry>> {
    if (this.closed) throw new Error('The sandbox was shut down');
    let realm = this.idle.pop();
    while (realm?.disposed) {
      this.realms.delete(realm);
      this.count -= 1;
      realm = this.idle.pop();
    }
    if (realm) {
      this.leased += 1;
      return realm;
    }
    if (this.count >= this.options.maxSize || this.warming > this.waiters.length) {
      return new Promise<SandboxRealm<Entry>>((resolve, reject) => this.waiters.push({ resolve, reject }));
    }
    this.count += 1;
    try {
      realm = await SandboxRealm.create(this.options);
    } catch (error) {
      this.count -= 1;
      this.serveNextWaiter();
      throw error;
    }
    if (this.closed) {
      realm.dispose();
      throw new Error('The sandbox was shut down');
    }
    this.realms.add(realm);
    this.leased += 1;
    return realm;
  }

  /** Builds realms until `count` exist (within maxSize), idle for the first callers. */
  async warm(count: number): Promise<void> {
    const missing = Math.max(0, Math.min(count, this.options.maxSize) - this.count);
    const builds = Array.from({ length: missing }, () => this.build());
    await Promise.all(builds);
  }

  /** One realm built ahead of use, handed to the first waiting caller or kept idle. */
  private async build(): Promise<void> {
    this.count += 1;
    this.warming += 1;
    let realm: SandboxRealm<Entry>;
    try {
      realm = await SandboxRealm.create(this.options);
    } catch (error) {
      this.count -= 1;
      this.warming -= 1;
      this.serveNextWaiter();
      throw error;
    }
    this.warming -= 1;
    if (this.closed) {
      realm.dispose();
      return;
    }
    this.realms.add(realm);
    this.leased += 1;
    this.release(realm);
  }

  /** Gives a leased realm back (a disposed one is dropped and its place freed). */
  release(realm: SandboxRealm<Entry>): void {
    this.leased -= 1;
    if (this.closed) {
      realm.dispose();
      return;
    }
    if (realm.disposed) {
      this.realms.delete(realm);
      this.count -= 1;
      this.serveNextWaiter();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      this.leased += 1;
      waiter.resolve(realm);
    } else {
      this.idle.push(realm);
    }
  }

  /** The realm for synchronous calls from the service thread (rebuilt if its isolate died). */
  serviceThread(): SandboxRealm<Entry> {
    if (this.closed) throw new Error('The sandbox was shut down');
    if (!this.serviceThreadRealm || this.serviceThreadRealm.disposed) this.serviceThreadRealm = SandboxRealm.createSync(this.options);
    return this.serviceThreadRealm;
  }

  dispose(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('The sandbox was shut down'));
    // Leased realms too: a call still running is stopped and fails with "The sandbox was shut down".
    this.idle.splice(0);
    for (const realm of this.realms) realm.dispose();
    this.realms.clear();
    this.serviceThreadRealm?.dispose();
    this.serviceThreadRealm = undefined;
  }

  private serveNextWaiter(): void {
    const waiter = this.waiters.shift();
    if (!waiter) return;
    this.acquire().then(waiter.resolve, waiter.reject);
  }
}
