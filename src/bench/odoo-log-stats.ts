import fs from 'node:fs';

/** What Odoo's own request log says about the calls of one model: per method, summed. */
export interface OdooCallCost {
  calls: number;
  /** SQL statements Odoo ran for these calls (its cursor's count). */
  queries: number;
  /** Time in SQL and the rest of the request (Python, JSON), in ms, as Odoo measured them. */
  sqlMs: number;
  otherMs: number;
}

// Odoo's werkzeug line ends with: "<query count> <query time s> <remaining time s>".
const REQUEST_LINE = /"POST \/web\/dataset\/call_kw\/([\w.]+)\/(\w+) HTTP\/[\d.]+" 200 - (\d+) ([\d.]+) ([\d.]+)/;

/**
 * Reads the request lines Odoo appended to its log since `offset` (BENCH_ODOO_LOG: the file
 * of an Odoo on this machine started with the default log handler): server-side cost of each
 * method, independent of the client's own load.
 */
export class OdooLogWatch {
  private readonly offset: number;

  constructor(private readonly file: string) {
    this.offset = fs.statSync(file).size;
  }

  costs(model: string): Record<string, OdooCallCost> {
    const fd = fs.openSync(this.file, 'r');
    try {
      const length = fs.fstatSync(fd).size - this.offset;
      const buffer = Buffer.alloc(Math.max(0, length));
      fs.readSync(fd, buffer, 0, buffer.length, this.offset);
      const costs: Record<string, OdooCallCost> = {};
      for (const line of buffer.toString('utf8').split('\n')) {
        const match = REQUEST_LINE.exec(line);
        if (!match || match[1] !== model) continue;
        const method = match[2] as string;
        const cost = (costs[method] ??= { calls: 0, queries: 0, sqlMs: 0, otherMs: 0 });
        cost.calls += 1;
        cost.queries += Number(match[3]);
        cost.sqlMs += Number(match[4]) * 1000;
        cost.otherMs += Number(match[5]) * 1000;
      }
      return costs;
    } finally {
      fs.closeSync(fd);
    }
  }
}
