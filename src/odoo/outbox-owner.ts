import fs from 'node:fs';
import { hostname } from 'node:os';

/** The owner touches its file this often; another host takes a file untouched this long. */
const REFRESH_MS = 10_000;
const STALE_AFTER_MS = 45_000;

/**
 * One process per outbox file. Each process keeps its pending writes in memory beside the
 * file, so two processes on one DATA_DIR in Odoo mode (queue mode with a shared volume,
 * `docker compose --scale`) would deliver and delete each other's writes: the second one is
 * refused at start with a message saying what to do. A file left by a process that is gone
 * is taken over (its writes are delivered by the new owner, as after any restart): on this
 * host when its pid is gone, from another host (a recreated container) once the owner has
 * not refreshed the file for a while.
 */
export class OutboxOwner {
  private owned = false;
  private refresher?: NodeJS.Timeout;

  constructor(private readonly file: string) {}

  claim(): void {
    const me = `${hostname()} ${process.pid}`;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        fs.writeFileSync(this.file, me, { flag: 'wx' });
        this.owned = true;
        this.refresher = setInterval(() => this.refresh(), REFRESH_MS);
        this.refresher.unref();
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readHolder(this.file);
      if (holder !== undefined && holder !== me && alive(this.file, holder)) {
        throw new Error(
          `Another process (${holder}) uses the Odoo outbox in this DATA_DIR (${this.file}); give each main and each worker a DATA_DIR of its own`,
        );
      }
      // Ours from an earlier open in this process, or left by a process that is gone.
      fs.rmSync(this.file, { force: true });
    }
    throw new Error(`Could not take the Odoo outbox lock ${this.file}`);
  }

  release(): void {
    if (!this.owned) return;
    this.owned = false;
    clearInterval(this.refresher);
    fs.rmSync(this.file, { force: true });
  }

  private refresh(): void {
    const now = new Date();
    try {
      fs.utimesSync(this.file, now, now);
    } catch {
      // Removed meanwhile (another process took a file it judged stale): nothing to refresh.
    }
  }
}

function readHolder(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** On this host: is its pid alive; from another host: has it refreshed the file lately. */
function alive(file: string, holder: string): boolean {
  const [host, pidText] = holder.split(' ');
  if (host !== hostname()) {
    try {
      return Date.now() - fs.statSync(file).mtimeMs < STALE_AFTER_MS;
    } catch {
      return false;
    }
  }
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
