#!/usr/bin/env node
import { runCli } from './cli-run';
import { terminalSecretPrompt } from './cli-prompt';

void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  promptSecret: terminalSecretPrompt(),
}).then(async (result) => {
  if (result !== 'serve') {
    process.exitCode = result;
    return;
  }
  const { startService } = await import('./main');
  await startService();
});
