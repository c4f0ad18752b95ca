import type { FormField } from './fields';
import { sanitizeCustomCss, sanitizeFormHtml } from './sanitize';
import type { SubmittedValues } from './submission';

/** What one form page shows. Texts are plain (escaped here); the description is HTML n8n's sanitiser lets through. */
export interface FormPage {
  title: string;
  description?: string;
  fields: readonly FormField[];
  buttonLabel: string;
  /** Where the form posts (its own URL, signature included for resume pages). */
  action: string;
  /** Messages by field index, from a refused submission. */
  errors?: Record<number, string>;
  /** What was submitted, to fill the fields again after a refusal. */
  values?: SubmittedValues;
  /** The node's custom CSS, only when it sets one (off by default). */
  customCss?: string;
}

export const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');


const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f6f8;color:#1f2933}
main{max-width:36rem;margin:2rem auto;padding:2rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.5rem;margin:0 0 .5rem}.description{margin:0 0 1.5rem;color:#52606d}
.field{margin:0 0 1.25rem;border:0;padding:0}.field>label,.field>legend{display:block;font-weight:600;margin-bottom:.35rem}
.required{color:#b42318}input[type=text],input[type=email],input[type=number],input[type=password],input[type=date],input[type=file],select,textarea{width:100%;padding:.55rem .65rem;border:1px solid #9aa5b1;border-radius:.35rem;font:inherit}
textarea{min-height:6rem}.choice{display:flex;gap:.5rem;align-items:center;margin:.2rem 0;font-weight:400}
.error{color:#b42318;margin:.3rem 0 0}[aria-invalid=true]{border-color:#b42318}
:focus-visible{outline:3px solid #2563eb;outline-offset:2px}button{padding:.65rem 1.4rem;border:0;border-radius:.35rem;background:#1d4ed8;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.alert{padding:.75rem 1rem;border:1px solid #b42318;border-radius:.35rem;color:#b42318;margin-bottom:1.25rem}`;

/** A whole page around `body` (plain text `title`), with the node's custom CSS when it sets one. */
export function page(title: string, body: string, customCss?: string, head = ''): string {
  const css = customCss === undefined ? '' : `<style>${sanitizeCustomCss(customCss)}</style>`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>${head}<style>${STYLE}</style>${css}</head><body><main>${body}</main></body></html>`;
}

function valuesOf(page: FormPage, field: FormField): string[] {
  const submitted = page.values?.[`field-${field.index}`];
  if (submitted !== undefined) return Array.isArray(submitted) ? submitted : [submitted];
  return field.defaultValue !== undefined ? [field.defaultValue] : [];
}

function control(form: FormPage, field: FormField, id: string, described: string): string {
  const name = `field-${field.index}`;
  const current = valuesOf(form, field);
  const invalid = form.errors?.[field.index] !== undefined ? ' aria-invalid="true"' : '';
  const required = field.required ? ' required aria-required="true"' : '';
  const placeholder = field.placeholder ? ` placeholder="${escapeHtml(field.placeholder)}"` : '';
  const common = `id="${id}" name="${name}"${required}${invalid}${described}`;
  switch (field.type) {
    case 'textarea':
      return `<textarea ${common}${placeholder}>${escapeHtml(current[0] ?? '')}</textarea>`;
    case 'dropdown': {
      const multiple = field.multiselect ? ' multiple' : '';
      const blank = field.multiselect ? '' : '<option value="">Select an option</option>';
      const options = field.options.map((option) => `<option value="${escapeHtml(option)}"${current.includes(option) ? ' selected' : ''}>${escapeHtml(option)}</option>`).join('');
      return `<select ${common}${multiple}>${blank}${options}</select>`;
    }
    case 'radio':
    case 'checkbox':
      return field.options
        .map((option, position) => {
          const checked = current.includes(option) ? ' checked' : '';
          // Browsers cannot require "one of these checkboxes": the server checks it.
          const each = field.type === 'radio' && field.required ? ' required' : '';
          return `<label class="choice"><input type="${field.type}" id="${id}-${position}" name="${name}" value="${escapeHtml(option)}"${checked}${each}${invalid}${described}> ${escapeHtml(option)}</label>`;
        })
        .join('');
    case 'file': {
      const multiple = field.multipleFiles ? ' multiple' : '';
      const accept = field.acceptFileTypes ? ` accept="${escapeHtml(field.acceptFileTypes)}"` : '';
      return `<input type="file" ${common}${multiple}${accept}>`;
    }
    default: {
      const type = field.type === 'text' ? 'text' : field.type;
      const value = current[0] !== undefined ? ` value="${escapeHtml(current[0])}"` : '';
      return `<input type="${type}" ${common}${placeholder}${value}${field.type === 'number' ? ' step="any"' : ''}>`;
    }
  }
}

function fieldHtml(form: FormPage, field: FormField): string {
  if (field.type === 'hiddenField') return `<input type="hidden" name="field-${field.index}" value="${escapeHtml(field.value ?? '')}">`;
  // n8n shows an HTML field's markup once its sanitiser has kept only safe tags and links.
  if (field.type === 'html') {
    // Posted back with the form, as n8n's page does (an elementName puts it in the item).
    const html = sanitizeFormHtml(field.value ?? '');
    return `<div class="field html-field">${html}<input type="hidden" name="field-${field.index}" value="${escapeHtml(html)}"></div>`;
  }
  const id = `field-${field.index}`;
  const error = form.errors?.[field.index];
  const errorId = `${id}-error`;
  const described = error !== undefined ? ` aria-describedby="${errorId}"` : '';
  const mark = field.required ? ' <span class="required" aria-hidden="true">*</span>' : '';
  const message = error !== undefined ? `<p class="error" id="${errorId}">${escapeHtml(error)}</p>` : '';
  if (field.type === 'radio' || field.type === 'checkbox') {
    return `<fieldset class="field"><legend>${escapeHtml(field.label)}${mark}</legend>${control(form, field, id, described)}${message}</fieldset>`;
  }
  return `<div class="field"><label for="${id}">${escapeHtml(field.label)}${mark}</label>${control(form, field, id, described)}${message}</div>`;
}

/**
 * A whole form page: server-rendered, no script; labels tie to their controls. It posts
 * multipart, as n8n's form does, so file fields upload their files.
 */
export function renderFormPage(form: FormPage): string {
  const count = Object.keys(form.errors ?? {}).length;
  const alert = count > 0 ? `<div class="alert" role="alert">Please correct the ${count === 1 ? 'field' : `${count} fields`} marked below.</div>` : '';
  const description = form.description ? `<div class="description">${sanitizeFormHtml(form.description).replace(/\n/g, '<br>')}</div>` : '';
  const body = `<h1>${escapeHtml(form.title)}</h1>${description}${alert}<form method="post" action="${escapeHtml(form.action)}" enctype="multipart/form-data" novalidate>${form.fields.map((field) => fieldHtml(form, field)).join('')}<button type="submit">${escapeHtml(form.buttonLabel)}</button></form>`;
  return page(form.title, body, form.customCss);
}

/** The screen after the last page (n8n's "Form Submitted" / completion). */
export function renderCompletion(title: string, message: string, customCss?: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p class="description">${escapeHtml(message).replace(/\n/g, '<br>')}</p>`, customCss);
}

/** A plain page for a form that cannot be shown (not found, already submitted). */
export function renderFormProblem(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p class="description" role="alert">${escapeHtml(message)}</p>`);
}
