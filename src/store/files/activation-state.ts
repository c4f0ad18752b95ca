/** Whether a workflow's triggers are registered, and since when. */
export interface ActivationState {
  active: boolean;
  activatedAt?: Date;
}

/**
 * Where the file store keeps activation: not in the workflow files (they are the user's,
 * maybe read-only or under version control) but in the embedded database.
 */
export interface ActivationStateStore {
  getActivation(canvasId: string): ActivationState | undefined;
  listActivations(): ReadonlyMap<string, ActivationState>;
  setActivation(canvasId: string, active: boolean, at: Date): void;
}
