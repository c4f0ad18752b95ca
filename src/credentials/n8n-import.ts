import { z } from 'zod';
import { BadRequestError } from '../errors';
import type { JsonObject } from '../workflow/json';
import type { CredentialSummary, CredentialVault } from './vault';

/**
 * n8n's `n8n export:credentials --decrypted` output, taken unchanged: an array of
 * `{id, name, type, data: {...}, createdAt, updatedAt, isManaged, ...}` (one object with
 * `--separate`). Fields we do not use are ignored. Without `--decrypted`, `data` is n8n's
 * own ciphertext (a string), which only that n8n instance's key opens: refused, saying so.
 */

const credentialName = z.string().trim().min(1, 'must not be empty').max(200);
const credentialType = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'must be an n8n credential type name such as httpHeaderAuth');
const fields = z.record(z.string(), z.unknown(), { invalid_type_error: 'must be an object of credential fields' });

const exportedCredential = z.object({
  id: z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String).optional(),
  name: credentialName,
  type: credentialType,
  data: z.unknown(),
});

export const n8nCredentialExportSchema = z.union([z.array(exportedCredential).min(1, 'holds no credentials'), exportedCredential]);

/** Fields for `POST /credentials` and `PATCH /credentials/:id`, shared with the CLI. */
export const newCredentialSchema = z.object({ name: credentialName, type: credentialType, data: fields }).strict();
export const credentialChangesSchema = z.object({ name: credentialName.optional(), data: fields.optional() }).strict();

export interface ImportReport {
  created: CredentialSummary[];
  /** An id that existed already: name, type and fields replaced, as n8n's import does. */
  updated: CredentialSummary[];
}

type ExportedCredential = z.output<typeof exportedCredential>;

function checkDecrypted(entries: ExportedCredential[]): Array<ExportedCredential & { data: JsonObject }> {
  return entries.map((entry, index) => {
    const where = `credential ${index} ("${entry.name}")`;
    if (typeof entry.data === 'string') {
      throw new BadRequestError(`${where} is encrypted with n8n's own key: export with "n8n export:credentials --all --decrypted" and import that file`);
    }
    if (typeof entry.data !== 'object' || entry.data === null || Array.isArray(entry.data)) {
      throw new BadRequestError(`${where}: "data" must be an object of credential fields`);
    }
    return { ...entry, data: entry.data as JsonObject };
  });
}

/**
 * Imports every credential of an n8n export, keeping n8n's ids so workflows exported from
 * the same n8n resolve by id. All entries are checked before the first is written, so a bad
 * file imports nothing.
 */
export async function importN8nCredentials(vault: CredentialVault, payload: z.output<typeof n8nCredentialExportSchema>): Promise<ImportReport> {
  const entries = checkDecrypted(Array.isArray(payload) ? payload : [payload]);
  const report: ImportReport = { created: [], updated: [] };
  for (const entry of entries) {
    const input = { name: entry.name, type: entry.type, data: entry.data };
    if (entry.id !== undefined && (await vault.exists(entry.id))) report.updated.push(await vault.replace({ ...input, id: entry.id }));
    else report.created.push(await vault.create({ ...input, id: entry.id }));
  }
  return report;
}
