import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A real, tiny filesystem for DATA_DIR (tmpfs of a few MB), so "disk full" is the kernel's
 * ENOSPC and SQLite's SQLITE_FULL, not a mock. Needs root (CI runs as root); `reason` says
 * why not when it cannot be had.
 */
export interface SmallDisk {
  dir: string;
  /** Fills what is left with a file; returns its size. */
  fill(): number;
  /** Deletes the filler: space is back. */
  free(): void;
  unmount(): void;
}

export function mountSmallDisk(sizeMb: number): { disk?: SmallDisk; reason?: string } {
  if (process.platform !== 'linux') return { reason: 'tmpfs mounts need Linux' };
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { reason: 'mounting a small tmpfs needs root (CI runs as root)' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'small-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { reason: `mount -t tmpfs failed here: ${(mounted.stderr || mounted.error?.message || '').trim()}` };
  }
  const filler = path.join(dir, 'filler.bin');
  return {
    disk: {
      dir,
      fill() {
        const fd = fs.openSync(filler, 'a');
        try {
          return fillBytes(fd);
        } finally {
          fs.closeSync(fd);
        }
      },
      free() {
        fs.rmSync(filler, { force: true });
      },
      unmount() {
        spawnSync('umount', ['-l', dir]);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    },
  };
}

/** Writes ever smaller chunks until not one byte more fits. */
function fillBytes(fd: number): number {
  let written = 0;
  for (const size of [64 * 1024, 4096, 512, 1]) {
    const chunk = Buffer.alloc(size, 1);
    for (;;) {
      try {
        written += fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        break;
      }
    }
  }
  return written;
}
