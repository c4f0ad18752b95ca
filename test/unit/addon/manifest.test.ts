import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';

/**
 * Checks the addon as it is committed, not as it lies on a developer's disk: a file that
 * __manifest__.py names but git does not track (an over-broad .gitignore did exactly that)
 * breaks the install of every clone, and nothing else in `npm test` would notice.
 */
const repoRoot = join(__dirname, '..', '..', '..');
const addonsDir = join(repoRoot, 'odoo_addon');
const addonName = 'the_ai_automator';
const addonDir = join(addonsDir, addonName);

interface AddonInspection {
  manifest: { data?: string[]; demo?: string[]; assets?: Record<string, unknown[]> };
  errors: string[];
}

const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);

/** Paths relative to the addon's folder, as the manifest writes data and demo files. */
const tracked = git('ls-files', '--', relative(repoRoot, addonDir)).map((path) =>
  relative(relative(repoRoot, addonDir), path),
);

const inspection = JSON.parse(
  execFileSync('python3', [join(__dirname, 'inspect_addon.py'), addonDir], {
    cwd: addonDir,
    encoding: 'utf8',
    input: tracked.filter((path) => /\.(py|xml)$/.test(path)).join('\n'),
  }),
) as AddonInspection;

/** Odoo's asset globs: `*` within a folder, `**` across folders. */
function globToRegExp(glob: string): RegExp {
  const pattern = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '@@DIRS@@')
    .replace(/\*\*/g, '@@ANY@@')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/@@DIRS@@/g, '(?:.*/)?')
    .replace(/@@ANY@@/g, '.*');
  return new RegExp(`^${pattern}$`);
}

/** An asset entry is a path, or a tuple whose last element is one (`include` names a bundle instead). */
function assetPaths(entries: unknown[]): string[] {
  return entries.flatMap((entry) => {
    if (typeof entry === 'string') return [entry];
    if (Array.isArray(entry) && entry[0] !== 'include' && typeof entry.at(-1) === 'string') return [entry.at(-1) as string];
    return [];
  });
}

describe('addon as committed', () => {
  it('tracks every data and demo file that __manifest__.py names', () => {
    const named = [...(inspection.manifest.data ?? []), ...(inspection.manifest.demo ?? [])];
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((path) => !tracked.includes(path))).toEqual([]);
  });

  it('tracks a file for every asset path or glob that __manifest__.py names', () => {
    const trackedFromAddons = tracked.map((path) => `${addonName}/${path}`);
    const assets = Object.values(inspection.manifest.assets ?? {}).flatMap(assetPaths);
    expect(assets.length).toBeGreaterThan(0);
    const unmatched = assets.filter((glob) => !trackedFromAddons.some((path) => globToRegExp(glob).test(path)));
    expect(unmatched).toEqual([]);
  });

  it('parses every Python and XML file of the addon', () => {
    expect(tracked.filter((path) => path.endsWith('.py')).length).toBeGreaterThan(0);
    expect(tracked.filter((path) => path.endsWith('.xml')).length).toBeGreaterThan(0);
    expect(inspection.errors).toEqual([]);
  });

  it('has no file on disk that git ignores, bytecode aside', () => {
    const ignored = git('ls-files', '--others', '--ignored', '--exclude-standard', '--', relative(repoRoot, addonDir));
    expect(ignored.filter((path) => !/(__pycache__\/|\.pyc$)/.test(path))).toEqual([]);
  });
});
