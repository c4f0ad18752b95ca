import type { LoadedWorkflow } from '../../executions/workflow-loader';
import type { FormTriggerConfig } from './form-trigger-config';

/** One active Form Trigger: what `/form/<path>` shows and runs. */
export interface FormRegistration {
  canvasId: string;
  config: FormTriggerConfig;
  loaded: LoadedWorkflow;
}

/** The active forms of this process, by path. */
export class FormRegistry {
  private readonly byPath = new Map<string, FormRegistration>();

  /** The registration of another workflow (or another node of this one) already using one of these paths. */
  findConflict(canvasId: string, registrations: readonly FormRegistration[]): { path: string; nodeName: string; owner: FormRegistration } | undefined {
    const own = new Map<string, FormRegistration>();
    for (const registration of registrations) {
      const taken = this.byPath.get(registration.config.path);
      const other = taken !== undefined && taken.canvasId !== canvasId ? taken : own.get(registration.config.path);
      if (other !== undefined) return { path: registration.config.path, nodeName: registration.config.nodeName, owner: other };
      own.set(registration.config.path, registration);
    }
    return undefined;
  }

  /** Swaps a workflow's forms in one step. */
  replace(canvasId: string, registrations: readonly FormRegistration[]): void {
    this.remove(canvasId);
    for (const registration of registrations) this.byPath.set(registration.config.path, registration);
  }

  remove(canvasId: string): void {
    for (const [path, registration] of this.byPath) if (registration.canvasId === canvasId) this.byPath.delete(path);
  }

  match(path: string): FormRegistration | undefined {
    return this.byPath.get(path);
  }
}
