/** A pending timer of a Clock. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Time as the triggers see it. Schedules ask it for "now" and for timers, so tests drive
 * hours of schedule in milliseconds with a fake clock instead of sleeping.
 */
export interface Clock {
  now(): Date;
  /** Calls `callback` after `delayMs`; the timer never keeps the process alive. */
  setTimer(callback: () => void, delayMs: number): TimerHandle;
}

/** Node's timers take at most 2^31-1 ms; a longer wait is re-armed in steps. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(callback, delayMs) {
    let timer: NodeJS.Timeout;
    const target = Date.now() + delayMs;
    const arm = (remaining: number) => {
      timer = setTimeout(() => {
        const left = target - Date.now();
        if (left > 0) arm(left);
        else callback();
      }, Math.min(Math.max(remaining, 0), MAX_TIMER_DELAY_MS));
      timer.unref();
    };
    arm(delayMs);
    return { cancel: () => clearTimeout(timer) };
  },
};
