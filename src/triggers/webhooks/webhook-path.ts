/**
 * Webhook paths as n8n's Webhook node writes them (`orders`, `orders/:id`): no leading or
 * trailing slash, segments starting with `:` are parameters.
 */
export function normalizeWebhookPath(path: string): string {
  return path.trim().replace(/^\/+/, '').replace(/\/+$/, '');
}

export function splitPath(path: string): string[] {
  return path === '' ? [] : path.split('/');
}

export function isParameterSegment(segment: string): boolean {
  return segment.startsWith(':') && segment.length > 1;
}

export function isDynamicPath(path: string): boolean {
  return splitPath(path).some(isParameterSegment);
}

/**
 * Matches request segments against a template; returns the parameters, or undefined.
 * Request segments arrive still percent-encoded and are decoded one by one, so an encoded
 * `/` inside a parameter stays inside it.
 */
export function matchPath(template: readonly string[], request: readonly string[]): Record<string, string> | undefined {
  if (template.length !== request.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < template.length; index += 1) {
    const expected = template[index] as string;
    const given = safeDecode(request[index] as string);
    if (given === undefined) return undefined;
    if (isParameterSegment(expected)) params[expected.slice(1)] = given;
    else if (expected !== given) return undefined;
  }
  return params;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** How specific a template is: static segments win over parameters (`orders/new` over `orders/:id`). */
export function staticSegmentCount(template: readonly string[]): number {
  return template.filter((segment) => !isParameterSegment(segment)).length;
}

/** The template with parameter names erased: two webhooks with the same shape and method clash. */
export function pathShape(template: readonly string[]): string {
  return template.map((segment) => (isParameterSegment(segment) ? ':' : segment)).join('/');
}
