import type { BinaryStore } from '../binary';
import type { Config } from '../config';
import { sweepBinaryData } from './binary-sweep';
import { errorMessage } from '../errors';
import type { LogSink } from '../logging/logger';
import type { ExecutionStore } from '../store/types';
import type { WaitResumer, WaitTracker } from '../waiting';
import { pruneArguments, prunePolicyFor } from './prune-policy';

export { prunePolicyFor, pruneArguments, EMBEDDED_PRUNE_DEFAULTS } from './prune-policy';

export interface HousekeepingOptions {
  /** The execution service: marks orphaned runs crashed and resumes due waits. */
  service: WaitResumer & { markCrashed(): Promise<number>; resumeParentsOfEndedChildren(): Promise<number> };
  executions: ExecutionStore;
  /** The tracker the service's `onWaiting` already feeds. */
  waitTracker: WaitTracker;
  logger: Pick<LogSink, 'error' | 'warn' | 'info'>;
  config: Pick<Config, 'mode' | 'prune'>;
  /** How often old executions are pruned (also once at start). Default 1 hour. */
  pruneIntervalMs?: number;
  now?: () => number;
  /** Binary files of executions that are gone are deleted with each pruning round. */
  binary?: BinaryStore;
}

export interface Housekeeping {
  /** Executions found `running` at start-up and marked crashed. */
  readonly crashed: number;
  /** Deletes old executions now (what the timer does); returns how many went. */
  pruneNow(): Promise<number>;
  /** Stops the wait tracker and the pruning timer. */
  stop(): void;
}

/**
 * The service's start-up and background chores, in this order: runs a crash left `running`
 * become `crashed` (retryable), timed waits are picked up again, old executions are pruned
 * now and every `pruneIntervalMs`. Call once the store is open, before serving requests.
 */
export async function startHousekeeping(options: HousekeepingOptions): Promise<Housekeeping> {
  const { service, executions, waitTracker, logger } = options;
  const now = options.now ?? Date.now;
  const crashed = await service.markCrashed();
  if (crashed > 0) logger.warn(`marked ${crashed} execution(s) left running by a previous process as crashed`, { crashed });
  // Children that ended (or just crashed) while no process watched: their parents go on.
  const parents = await service.resumeParentsOfEndedChildren();
  if (parents > 0) logger.info(`resumed ${parents} parent execution(s) whose sub-workflow ended while the service was down`, { parents });
  await waitTracker.start(service);
  const policy = prunePolicyFor(options.config);
  const sweepBinary = async (): Promise<void> => {
    if (options.binary === undefined) return;
    const swept = await sweepBinaryData(options.binary, executions, now());
    if (swept > 0) logger.info(`deleted the binary data of ${swept} execution(s) no longer stored`, { swept });
  };
  const pruneNow = async (): Promise<number> => {
    if (policy === undefined) return 0;
    const deleted = await executions.prune(pruneArguments(policy, now()));
    if (deleted > 0) logger.info(`pruned ${deleted} old execution(s)`, { deleted, ...policy });
    await sweepBinary();
    return deleted;
  };
  let pruneTimer: NodeJS.Timeout | undefined;
  if (policy !== undefined) {
    await pruneNow().catch((error) => logger.error('pruning executions failed', { error: errorMessage(error) }));
    pruneTimer = setInterval(() => {
      pruneNow().catch((error) => logger.error('pruning executions failed', { error: errorMessage(error) }));
    }, options.pruneIntervalMs ?? 3_600_000);
    pruneTimer.unref();
  }
  return {
    crashed,
    pruneNow,
    stop: () => {
      waitTracker.stop();
      if (pruneTimer) clearInterval(pruneTimer);
    },
  };
}
