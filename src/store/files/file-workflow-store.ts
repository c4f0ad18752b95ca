import fs from 'node:fs';
import path from 'node:path';
import { NotFoundError, WorkflowValidationError } from '../../errors';
import type { LogSink } from '../../logging/logger';
import type { WorkflowJson } from '../../workflow/types';
import type { StoredWorkflow, WorkflowStore } from '../types';
import type { ActivationStateStore } from './activation-state';
import { fileStem, readWorkflowFile, type ReadableWorkflowFile, type WorkflowFile } from './workflow-file';

export interface FileWorkflowStoreOptions {
  /** WORKFLOWS_DIR, absolute. */
  directory: string;
  activation: ActivationStateStore;
  logger: Pick<LogSink, 'error' | 'warn'>;
  /**
   * Calls within this many milliseconds of the last look at the folder reuse it: a scan
   * costs about 0.1 ms for ten files, too much for every webhook call. Default 500.
   */
  rescanIntervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

const DEFAULT_RESCAN_INTERVAL_MS = 500;

/** Lookups rebuilt whenever a file appears, changes or goes away. */
interface WorkflowIndex {
  byId: Map<string, ReadableWorkflowFile>;
  byStem: Map<string, WorkflowFile>;
  readable: ReadableWorkflowFile[];
}

/**
 * Embedded mode's workflows: one n8n export JSON per file in WORKFLOWS_DIR. Calls look at
 * the folder (a readdir and a stat per file, at most every `rescanIntervalMs`) and re-read
 * only files whose mtime or size changed, so edits show up without a restart. A broken file is logged once
 * per version and skipped; asking for it by name explains what is wrong with it.
 */
export class FileWorkflowStore implements WorkflowStore {
  private readonly files = new Map<string, WorkflowFile>();
  private index: WorkflowIndex = { byId: new Map(), byStem: new Map(), readable: [] };
  private missingFolderReported = false;
  private lastScanAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: FileWorkflowStoreOptions) {}

  /** By canvas id (the file's `id`), or by file name without `.json`. */
  async get(idOrWorkflowId: string): Promise<StoredWorkflow | undefined> {
    const file = this.lookup(idOrWorkflowId);
    return file === undefined ? undefined : this.toStoredWorkflow(file);
  }

  async list(): Promise<StoredWorkflow[]> {
    this.refresh();
    const activations = this.options.activation.listActivations();
    return this.index.readable.map((file) => this.toStoredWorkflow(file, activations.get(file.id)));
  }

  async setActive(id: string, active: boolean, at: Date): Promise<void> {
    const file = this.lookup(id);
    if (file === undefined) throw new NotFoundError(`Workflow '${id}' not found in ${this.options.directory}`);
    this.options.activation.setActivation(file.id, active, at);
  }

  private lookup(key: string): ReadableWorkflowFile | undefined {
    this.refresh();
    const byId = this.index.byId.get(key);
    if (byId !== undefined) return byId;
    const byStem = this.index.byStem.get(key);
    if (byStem === undefined) return undefined;
    if (!byStem.ok) throw new WorkflowValidationError(byStem.problem, { workflow: byStem.fileName });
    return byStem;
  }

  private toStoredWorkflow(file: ReadableWorkflowFile, activation = this.options.activation.getActivation(file.id)): StoredWorkflow {
    // A file's own `active: true` (as n8n exports it) counts until the workflow is (de)activated
    // through the API; from then on the database's state wins.
    const active = activation?.active ?? file.json.active === true;
    // Each caller gets its own copy: the cached one must survive whatever a run does to it.
    const json = { ...(JSON.parse(JSON.stringify(file.json)) as WorkflowJson), active };
    const stored: StoredWorkflow = { id: file.id, workflowId: file.id, name: file.name, json, active, version: file.version };
    if (activation?.activatedAt !== undefined) stored.activatedAt = activation.activatedAt;
    return stored;
  }

  private refresh(): void {
    const now = (this.options.now ?? Date.now)();
    if (now - this.lastScanAt < (this.options.rescanIntervalMs ?? DEFAULT_RESCAN_INTERVAL_MS)) return;
    this.lastScanAt = now;
    const names = this.listJsonFiles();
    let changed = names.length !== this.files.size;
    const seen = new Set(names);
    for (const fileName of [...this.files.keys()]) {
      if (!seen.has(fileName)) this.files.delete(fileName);
    }
    for (const fileName of names) {
      const version = this.versionOf(fileName);
      if (version === undefined) {
        changed = this.files.delete(fileName) || changed;
        continue;
      }
      if (this.files.get(fileName)?.version === version) continue;
      const file = readWorkflowFile(this.options.directory, fileName, version);
      if (!file.ok) this.options.logger.error(`${file.problem} (the file is skipped)`, { file: fileName });
      this.files.set(fileName, file);
      changed = true;
    }
    if (changed) this.index = this.buildIndex(names);
  }

  /** First file (by name) to claim an id keeps it; later claimants are reported broken. */
  private buildIndex(names: string[]): WorkflowIndex {
    const index: WorkflowIndex = { byId: new Map(), byStem: new Map(), readable: [] };
    for (const fileName of names) {
      let file = this.files.get(fileName);
      if (file === undefined) continue;
      if (file.ok) {
        const owner = index.byId.get(file.id);
        if (owner === undefined) {
          index.byId.set(file.id, file);
          index.readable.push(file);
        } else {
          const problem = `Workflow file '${fileName}' has id '${file.id}', already used by '${owner.fileName}'`;
          this.options.logger.error(`${problem} (the file is skipped)`, { file: fileName });
          file = { ok: false, fileName, version: file.version, problem };
        }
      }
      index.byStem.set(fileStem(fileName), file);
    }
    return index;
  }

  private listJsonFiles(): string[] {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(this.options.directory, { withFileTypes: true });
    } catch (error) {
      if (!this.missingFolderReported) {
        this.options.logger.warn(
          `Workflow folder ${this.options.directory} cannot be read (${(error as Error).message}): no workflows are served`,
          { directory: this.options.directory },
        );
        this.missingFolderReported = true;
      }
      return [];
    }
    this.missingFolderReported = false;
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  }

  /** mtime (nanoseconds) and size; undefined when the file vanished since readdir. */
  private versionOf(fileName: string): string | undefined {
    const stats = fs.statSync(path.join(this.options.directory, fileName), { bigint: true, throwIfNoEntry: false });
    return stats === undefined ? undefined : `${stats.mtimeNs}-${stats.size}`;
  }
}
