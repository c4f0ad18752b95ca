import type { JsonObject, JsonValue } from '../../workflow/json';

/**
 * The credential types this service knows: their fields as n8n's credential types name
 * them, each field's default (n8n fills defaults in before a node sees the data) and
 * whether it is a secret (a password input in forms). Credentials of other types can be
 * stored and imported; they just get no defaults and no form.
 */

export type CredentialFieldKind = 'string' | 'number' | 'boolean' | 'options' | 'json';

export interface CredentialField {
  name: string;
  kind: CredentialFieldKind;
  /** Shown as a password input; every field's value stays encrypted either way. */
  secret: boolean;
  default: JsonValue;
  options?: readonly string[];
  /** Written by the service itself (OAuth2 tokens), not typed in a form. */
  internal?: boolean;
}

export interface CredentialTypeInfo {
  type: string;
  displayName: string;
  fields: readonly CredentialField[];
}

const text = (name: string, secret = false, fallback = ''): CredentialField => ({ name, kind: 'string', secret, default: fallback });
const choice = (name: string, options: readonly string[], fallback: string): CredentialField => ({ name, kind: 'options', secret: false, default: fallback, options });
const flag = (name: string, fallback: boolean): CredentialField => ({ name, kind: 'boolean', secret: false, default: fallback });
const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'none'] as const;

const TYPES: readonly CredentialTypeInfo[] = [
  { type: 'httpBasicAuth', displayName: 'Basic Auth', fields: [text('user'), text('password', true)] },
  { type: 'httpDigestAuth', displayName: 'Digest Auth', fields: [text('user'), text('password', true)] },
  { type: 'httpHeaderAuth', displayName: 'Header Auth', fields: [text('name'), text('value', true)] },
  { type: 'httpQueryAuth', displayName: 'Query Auth', fields: [text('name'), text('value', true)] },
  { type: 'httpBearerAuth', displayName: 'Bearer Auth', fields: [text('token', true)] },
  { type: 'httpCustomAuth', displayName: 'Custom Auth', fields: [{ name: 'json', kind: 'json', secret: true, default: '' }] },
  {
    type: 'oAuth2Api',
    displayName: 'OAuth2 API',
    fields: [
      choice('grantType', ['authorizationCode', 'clientCredentials', 'pkce'], 'authorizationCode'),
      text('authUrl'),
      text('accessTokenUrl'),
      text('clientId'),
      text('clientSecret', true),
      text('scope'),
      text('authQueryParameters'),
      choice('authentication', ['header', 'body'], 'header'),
      flag('sendAdditionalBodyProperties', false),
      { name: 'additionalBodyProperties', kind: 'json', secret: false, default: '' },
      flag('ignoreSSLIssues', false),
      { name: 'tokenExpiredStatusCode', kind: 'number', secret: false, default: 401 },
      { name: 'oauthTokenData', kind: 'json', secret: true, default: null, internal: true },
    ],
  },
  {
    type: 'smtp',
    displayName: 'SMTP',
    fields: [
      text('user'),
      text('password', true),
      text('host'),
      { name: 'port', kind: 'number', secret: false, default: 465 },
      flag('secure', true),
      flag('disableStartTls', false),
      text('hostName'),
    ],
  },
  { type: 'odooApi', displayName: 'Odoo API', fields: [text('url'), text('username'), text('password', true), text('db')] },
  {
    type: 'jwtAuth',
    displayName: 'JWT Auth',
    fields: [choice('keyType', ['passphrase', 'pemKey'], 'passphrase'), text('secret', true), text('privateKey', true), text('publicKey', true), choice('algorithm', JWT_ALGORITHMS, 'HS256')],
  },
  { type: 'totpApi', displayName: 'TOTP', fields: [text('secret', true), text('label')] },
  {
    type: 'crypto',
    displayName: 'Crypto',
    fields: [text('hmacSecret', true), text('signPrivateKey', true), text('encryptionPassphrase', true), text('encryptionPublicKey'), text('encryptionPrivateKey', true)],
  },
  {
    type: 'openAiApi',
    displayName: 'OpenAI',
    fields: [text('apiKey', true), text('organizationId'), text('url', false, 'https://api.openai.com/v1'), flag('header', false), text('headerName'), text('headerValue', true)],
  },
];

const BY_TYPE = new Map(TYPES.map((info) => [info.type, info]));

export function credentialTypes(): readonly CredentialTypeInfo[] {
  return TYPES;
}

export function credentialTypeInfo(type: string): CredentialTypeInfo | undefined {
  return BY_TYPE.get(type);
}

/** `data` over the type's defaults (a field given as null or left out takes its default). */
export function withCredentialDefaults(type: string, data: JsonObject): JsonObject {
  const info = BY_TYPE.get(type);
  if (!info) return { ...data };
  const filled: JsonObject = {};
  for (const field of info.fields) if (field.default !== null) filled[field.name] = field.default;
  for (const [key, value] of Object.entries(data)) if (value !== null || !(key in filled)) filled[key] = value;
  return filled;
}
