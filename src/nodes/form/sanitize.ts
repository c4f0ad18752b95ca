import type SanitizeHtml from 'sanitize-html';
import { lazyLibrary } from '../lazy-library';

/** Loaded on the first form page: the service may never serve one. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sanitizeHtml = lazyLibrary(() => require('sanitize-html') as typeof SanitizeHtml);

/**
 * n8n's form rules (its Form utils' sanitizeHtml): the tags and attributes an HTML field or a
 * form description may keep, http(s) links only, no protocol-relative URLs, and every iframe
 * sandboxed. Applied with sanitize-html, the library n8n uses, so what survives is n8n's.
 */
const formHtmlRules = lazyLibrary((): SanitizeHtml.IOptions => ({
  allowedTags: ['b', 'div', 'i', 'iframe', 'img', 'video', 'source', 'em', 'strong', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'u', 'sub', 'sup', 'code', 'pre', 'span', 'br', 'ul', 'ol', 'li', 'p', 'table', 'thead', 'tbody', 'tfoot', 'td', 'tr', 'th'],
  allowedAttributes: {
    a: ['href', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    video: ['controls', 'autoplay', 'loop', 'muted', 'poster', 'width', 'height'],
    iframe: ['src', 'width', 'height', 'frameborder', 'allow', 'allowfullscreen', 'referrerpolicy'],
    source: ['src', 'type'],
    td: ['colspan', 'rowspan', 'scope', 'headers'],
    th: ['colspan', 'rowspan', 'scope', 'headers'],
  },
  allowedSchemes: ['https', 'http'],
  allowedSchemesByTag: { source: ['https', 'http'], iframe: ['https', 'http'] },
  allowProtocolRelative: false,
  transformTags: {
    iframe: sanitizeHtml().simpleTransform('iframe', { sandbox: '', referrerpolicy: 'strict-origin-when-cross-origin', allow: 'fullscreen; autoplay; encrypted-media' }),
  },
}));

/** An HTML field's markup (or a description) as n8n lets it through. */
export function sanitizeFormHtml(html: string): string {
  return sanitizeHtml()(html, formHtmlRules());
}

/**
 * n8n's sanitizeCustomCss: every tag stripped, then only `>` (child selectors) and `&` put
 * back; `<` stays escaped, so the style sheet can never close its element.
 */
export function sanitizeCustomCss(css: string): string {
  const stripped = sanitizeHtml()(css, { allowedTags: [], allowedAttributes: {} });
  return stripped.replace(/&gt;/g, '>').replace(/&amp;(?!(?:lt|gt|amp);)/g, '&');
}
