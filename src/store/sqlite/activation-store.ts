import type { Database, Statement } from 'better-sqlite3';
import type { ActivationState, ActivationStateStore } from '../files/activation-state';

interface ActivationRow {
  canvas_id: string;
  active: number;
  activated_at: number | null;
}

function stateFromRow(row: ActivationRow): ActivationState {
  return row.activated_at === null ? { active: row.active === 1 } : { active: row.active === 1, activatedAt: new Date(row.activated_at) };
}

/** Activation of embedded-mode workflows; `activated_at` is when the current activation began. */
export class SqliteActivationStore implements ActivationStateStore {
  private readonly selectOne: Statement<[string], ActivationRow>;
  private readonly selectAll: Statement<[], ActivationRow>;
  private readonly upsert: Statement<[string, number, number | null]>;

  constructor(db: Database) {
    this.selectOne = db.prepare('SELECT canvas_id, active, activated_at FROM workflow_activation WHERE canvas_id = ?');
    this.selectAll = db.prepare('SELECT canvas_id, active, activated_at FROM workflow_activation');
    this.upsert = db.prepare(
      `INSERT INTO workflow_activation (canvas_id, active, activated_at) VALUES (?, ?, ?)
       ON CONFLICT (canvas_id) DO UPDATE SET active = excluded.active, activated_at = excluded.activated_at`,
    );
  }

  getActivation(canvasId: string): ActivationState | undefined {
    const row = this.selectOne.get(canvasId);
    return row === undefined ? undefined : stateFromRow(row);
  }

  listActivations(): ReadonlyMap<string, ActivationState> {
    return new Map(this.selectAll.all().map((row) => [row.canvas_id, stateFromRow(row)]));
  }

  setActivation(canvasId: string, active: boolean, at: Date): void {
    this.upsert.run(canvasId, active ? 1 : 0, active ? at.getTime() : null);
  }
}
