import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, GENERATED_KEY_FILE, resolveApiKey } from '../../../src/config';

function recorder() {
  const warnings: Array<{ message: string; meta?: Record<string, unknown> }> = [];
  return { warnings, warn: (message: string, meta?: Record<string, unknown>) => warnings.push({ message, meta }) };
}

describe('resolveApiKey', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'api-key-')), 'nested', 'data');
  });
  afterEach(() => fs.rmSync(path.dirname(path.dirname(dataDir)), { recursive: true, force: true }));

  it('uses SIDECAR_API_KEY when set, writes nothing and logs nothing', () => {
    const logger = recorder();
    expect(resolveApiKey({ sidecarApiKey: 'from-env', dataDir }, logger)).toBe('from-env');
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(logger.warnings).toEqual([]);
  });

  it('generates a 32-byte key once, owner-only, and reuses it', () => {
    const logger = recorder();
    const keyPath = path.join(dataDir, GENERATED_KEY_FILE);
    const first = resolveApiKey({ dataDir }, logger);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(keyPath, 'utf8')).toBe(`${first}\n`);
    expect(fs.statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(resolveApiKey({ dataDir }, logger)).toBe(first);
    const expectedWarning = {
      message: `SIDECAR_API_KEY is not set: management routes use the generated key stored in ${keyPath}`,
      meta: { keyFile: keyPath },
    };
    expect(logger.warnings).toEqual([expectedWarning, expectedWarning]);
    expect(JSON.stringify(logger.warnings)).not.toContain(first);
  });

  it('tightens the permissions of a key file others can read', () => {
    fs.mkdirSync(dataDir, { recursive: true });
    const keyPath = path.join(dataDir, GENERATED_KEY_FILE);
    fs.writeFileSync(keyPath, 'existing-key\n', { mode: 0o644 });
    expect(resolveApiKey({ dataDir }, recorder())).toBe('existing-key');
    expect(fs.statSync(keyPath).mode & 0o777).toBe(0o600);
  });

  it('refuses an empty key file, naming it', () => {
    fs.mkdirSync(dataDir, { recursive: true });
    const keyPath = path.join(dataDir, GENERATED_KEY_FILE);
    fs.writeFileSync(keyPath, '\n');
    expect(() => resolveApiKey({ dataDir }, recorder())).toThrow(
      new ConfigError([`The generated API key file ${keyPath} is empty: delete it to make a new key`]),
    );
  });
});
