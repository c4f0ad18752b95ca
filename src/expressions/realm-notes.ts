import type { SandboxCompileError, SandboxFunction } from '../sandbox/isolate-realm';

const COMPILE_CACHE_LIMIT = 5000;
/** Closed sessions a realm is told about at most; beyond, its own bounded cache forgets them. */
const CLOSE_BACKLOG = 256;

/** What the host knows one realm already holds, so that calls carry only what it lacks. */
export interface RealmBook {
  /** Code-node wrappers compiled into this realm, by source. */
  codeFunctions: Map<string, SandboxFunction | SandboxCompileError>;
  /** Expression source ids this realm has compiled, valid while `slotEpoch` matches. */
  knownSlots: Set<number>;
  slotEpoch: number;
  /** Sessions and workflows this realm was sent (it caches them). */
  sessions: Set<string>;
  workflows: Set<string>;
  /** Sessions closed since this realm's last call. */
  closed: string[];
}

/** Bookkeeping a sandbox call carries besides its own payload. */
export interface HostNotes {
  closed?: string[];
  defs?: Record<number, string>;
  resetSlots?: boolean;
}

/**
 * Expression sources get one id for all realms (each realm compiles a source the first
 * time a call carries it); per-realm books say what each realm has seen.
 */
export class RealmNotes {
  private readonly books = new Map<number, RealmBook>();
  private readonly slotIds = new Map<string, number>();
  private slotCounter = 0;
  private slotEpoch = 0;

  book(realmId: number): RealmBook {
    let book = this.books.get(realmId);
    if (!book) {
      book = { codeFunctions: new Map(), knownSlots: new Set(), slotEpoch: this.slotEpoch, sessions: new Set(), workflows: new Set(), closed: [] };
      this.books.set(realmId, book);
    }
    return book;
  }

  /** Forgets a realm whose isolate is gone. */
  drop(realmId: number): void {
    this.books.delete(realmId);
  }

  /** Remembers a compiled Code wrapper (bounded: the cache is cleared when full). */
  rememberCode(book: RealmBook, code: string, compiled: SandboxFunction | SandboxCompileError): void {
    if (book.codeFunctions.size >= COMPILE_CACHE_LIMIT) book.codeFunctions.clear();
    book.codeFunctions.set(code, compiled);
  }

  /** What the realm's next call must carry: closes to apply, and ids of `sources` with the text of those it lacks. */
  prepare(book: RealmBook, sources: readonly string[]): { notes: HostNotes; slots: number[] } {
    const notes: HostNotes = {};
    if (book.closed.length > 0) {
      notes.closed = book.closed;
      book.closed = [];
    }
    if (this.slotIds.size + sources.length > COMPILE_CACHE_LIMIT) {
      // Ids restart: every realm drops its compiled expressions on its next call.
      this.slotIds.clear();
      this.slotEpoch += 1;
    }
    if (book.slotEpoch !== this.slotEpoch) {
      notes.resetSlots = true;
      book.knownSlots.clear();
      book.slotEpoch = this.slotEpoch;
    }
    const slots = sources.map((source) => {
      let id = this.slotIds.get(source);
      if (id === undefined) {
        this.slotCounter += 1;
        id = this.slotCounter;
        this.slotIds.set(source, id);
      }
      if (!book.knownSlots.has(id)) {
        (notes.defs ??= {})[id] = source;
        book.knownSlots.add(id);
      }
      return id;
    });
    return { notes, slots };
  }

  /** Tells every realm that cached `sessionId` to drop it with its next call. */
  sessionClosed(sessionId: string): void {
    for (const book of this.books.values()) {
      if (!book.sessions.delete(sessionId)) continue;
      if (book.closed.length < CLOSE_BACKLOG) book.closed.push(sessionId);
    }
  }
}
