import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { NotFoundError } from '../../errors';
import type { WorkflowLoader } from '../../executions/workflow-loader';
import type { WorkflowStore } from '../../store/types';
import type { WorkflowJson } from '../../workflow/types';
import type { CanvasTransfer, ImportedCanvas } from './canvas-transfer';

/** Ids usable as a file name on every platform and in a URL without escaping. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 64);
  return slug === '' ? 'workflow' : slug;
}

/**
 * Embedded mode's import and export: one JSON file per workflow in WORKFLOWS_DIR, named
 * after its id. Importing an id that exists replaces that file (n8n's import updates by
 * id); activation state is kept apart, so an active workflow runs its activated version
 * until it is activated again.
 */
export class FileWorkflowTransfer implements CanvasTransfer {
  constructor(
    private readonly directory: string,
    private readonly store: WorkflowStore,
    private readonly loader: WorkflowLoader,
  ) {}

  async importWorkflow(json: unknown, name?: string): Promise<ImportedCanvas> {
    // Refuse what could not run: unknown node types, broken connections...
    const workflow = this.loader.build(json);
    const source = workflow.source;
    const finalName = name ?? (typeof source.name === 'string' && source.name !== '' ? source.name : 'Imported workflow');
    const warnings: string[] = [];
    let id = typeof source.id === 'string' || typeof source.id === 'number' ? String(source.id) : '';
    if (id !== '' && !SAFE_ID.test(id)) {
      warnings.push(`workflow id "${id}" cannot be a file name: a new id was given`);
      id = '';
    }
    if (id === '') id = this.freeId(slugOf(finalName));
    const { active: _active, ...rest } = source;
    const content: WorkflowJson = { ...rest, id, name: finalName };
    this.writeAtomically(path.join(this.directory, `${id}.json`), `${JSON.stringify(content, null, 2)}\n`);
    this.loader.invalidate(id);
    return { canvasId: id, workflowId: id, warnings };
  }

  async exportWorkflow(canvasId: string): Promise<WorkflowJson> {
    const stored = await this.store.get(canvasId);
    if (stored === undefined) throw new NotFoundError(`Workflow "${canvasId}" was not found`);
    return { ...stored.json, id: stored.id, name: stored.name, active: stored.active };
  }

  private freeId(base: string): string {
    if (!fs.existsSync(path.join(this.directory, `${base}.json`))) return base;
    return `${base}-${randomUUID().slice(0, 8)}`;
  }

  /** A reader (the file store polls the folder) never sees half a file. */
  private writeAtomically(file: string, content: string): void {
    fs.mkdirSync(this.directory, { recursive: true });
    const temporary = path.join(this.directory, `.${path.basename(file)}.${process.pid}.tmp`);
    fs.writeFileSync(temporary, content, { mode: 0o644 });
    fs.renameSync(temporary, file);
  }
}
