import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { loadConfig } from '../../../src/config';
import { envSchema } from '../../../src/config/env-schema';

const exampleText = fs.readFileSync(path.join(__dirname, '../../../config/example.env'), 'utf8');

describe('config/example.env', () => {
  it('states the defaults: loading it gives the same configuration as an empty environment', () => {
    expect(loadConfig(dotenv.parse(exampleText), { cwd: '/app' })).toEqual(loadConfig({}, { cwd: '/app' }));
  });

  it('documents every variable the service reads', () => {
    const variables = Object.keys(envSchema._def.schema.shape);
    const undocumented = variables.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(exampleText));
    expect(undocumented).toEqual([]);
    expect(variables).toHaveLength(42);
  });
});
