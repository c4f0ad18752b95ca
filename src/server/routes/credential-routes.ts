import { Router } from 'express';
import { importN8nCredentials, n8nCredentialExportSchema, type CredentialVault } from '../../credentials';
import { credentialChangesSchema, newCredentialSchema } from '../../credentials/n8n-import';
import { UnavailableError } from '../../errors';
import { credentialTypes } from '../../nodes/credentials';
import type { JsonObject } from '../../workflow/json';
import type { AppDependencies } from '../app-dependencies';
import { jsonBody, parseInput } from '../validation';

/**
 * Credentials (management key). Answers name credentials and say which fields are set;
 * no answer ever holds a field's value, not even the non-secret ones.
 */
export function credentialRoutes(deps: AppDependencies): Router {
  const router = Router();
  const json = jsonBody(deps.maxBodyBytes);
  const vault = (): CredentialVault => {
    if (deps.credentials === undefined) throw new UnavailableError('This service has no credential store in its current mode');
    return deps.credentials;
  };

  router.post('/credentials/import', ...json, async (req, res) => {
    const payload = parseInput(n8nCredentialExportSchema, req.body, 'body of POST /credentials/import (n8n export:credentials --decrypted JSON)');
    res.status(201).json({ success: true, data: await importN8nCredentials(vault(), payload) });
  });

  router.post('/credentials', ...json, async (req, res) => {
    const body = parseInput(newCredentialSchema, req.body ?? {}, 'body of POST /credentials');
    const created = await vault().create({ name: body.name, type: body.type, data: body.data as JsonObject });
    res.status(201).json({ success: true, data: { id: created.id, name: created.name, type: created.type, createdAt: created.createdAt } });
  });

  router.get('/credentials', async (_req, res) => {
    res.json({ success: true, data: await vault().list() });
  });

  router.get('/credentials/:id', async (req, res) => {
    res.json({ success: true, data: await vault().describe(req.params.id as string) });
  });

  router.patch('/credentials/:id', ...json, async (req, res) => {
    const body = parseInput(credentialChangesSchema, req.body ?? {}, 'body of PATCH /credentials/:id');
    res.json({ success: true, data: await vault().patch(req.params.id as string, { name: body.name, data: body.data as JsonObject | undefined }) });
  });

  // The form Odoo shows for a new credential: each type's fields, which are secret, defaults.
  router.get('/credential-types', (_req, res) => {
    const types = credentialTypes().map((info) => ({
      type: info.type,
      displayName: info.displayName,
      fields: info.fields.filter((field) => field.internal !== true).map(({ internal: _internal, ...field }) => field),
    }));
    res.json({ success: true, data: types });
  });

  router.delete('/credentials/:id', async (req, res) => {
    await vault().delete(req.params.id as string);
    res.json({ success: true, data: { id: req.params.id } });
  });

  return router;
}
