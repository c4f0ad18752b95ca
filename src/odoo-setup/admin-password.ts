import { readFileSync } from 'node:fs';
import { SetupInputError } from './setup-error';

/** Asks for a secret without echoing it; absent when there is no terminal to ask on. */
export type SecretPrompt = (question: string) => Promise<string>;

/** The admin password: the file's first line, else ODOO_ADMIN_PASSWORD, else the prompt. */
export async function readAdminPassword(
  file: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  prompt: SecretPrompt | undefined,
): Promise<string> {
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new SetupInputError(`cannot read --admin-password-file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const password = text.split(/\r?\n/, 1)[0] ?? '';
    if (password === '') throw new SetupInputError(`--admin-password-file ${file} is empty`);
    return password;
  }
  if (env.ODOO_ADMIN_PASSWORD) return env.ODOO_ADMIN_PASSWORD;
  if (!prompt) {
    throw new SetupInputError('no admin password: give --admin-password-file or ODOO_ADMIN_PASSWORD (no terminal to prompt on)');
  }
  const password = await prompt('Odoo admin password: ');
  if (password === '') throw new SetupInputError('no admin password given');
  return password;
}
