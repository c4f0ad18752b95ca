import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CREDENTIALS_KEY_FILE, loadConfig, resolveCredentialsKey } from '../../../src/config';

function recorder() {
  const warnings: string[] = [];
  return { warnings, warn: (message: string) => warnings.push(message) };
}

describe('resolveCredentialsKey', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'creds-key-')), 'data');
  });
  afterEach(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('uses CREDENTIALS_KEY as given, writing and warning nothing', () => {
    const logger = recorder();
    expect(resolveCredentialsKey({ credentialsKey: ' spaced key ', dataDir }, logger)).toBe(' spaced key ');
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(logger.warnings).toEqual([]);
  });

  it('generates a key once into DATA_DIR/credentials-key (owner only), with a warning that never holds the key', () => {
    const logger = recorder();
    const keyPath = path.join(dataDir, CREDENTIALS_KEY_FILE);
    const first = resolveCredentialsKey({ dataDir }, logger);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(resolveCredentialsKey({ dataDir }, logger)).toBe(first);
    expect(logger.warnings).toHaveLength(2);
    expect(logger.warnings[0]).toContain(`CREDENTIALS_KEY is not set: credentials are encrypted with the newly generated key stored in ${keyPath}`);
    expect(logger.warnings.join('\n')).not.toContain(first);
  });

  it('reads CREDENTIALS_KEY from the environment without trimming, and keeps it out of ENV_ALLOWLIST', () => {
    expect(loadConfig({ CREDENTIALS_KEY: ' k ' }).credentialsKey).toBe(' k ');
    expect(() => loadConfig({ ENV_ALLOWLIST: 'HOME,CREDENTIALS_KEY' })).toThrow('ENV_ALLOWLIST must not expose the service\'s own secret CREDENTIALS_KEY');
  });
});
