import type { JsonObject } from '../../src/workflow/json';
import type { WorkflowJson } from '../../src/workflow/types';
import { AUTH, PUBLIC_URL, startTestService, type TestService } from './helpers/test-service';
import { MANUAL, NOOP, chain } from './helpers/workflows';

const FORM_TRIGGER = 'n8n-nodes-base.formTrigger';
const FORM = 'n8n-nodes-base.form';
const WAIT = 'n8n-nodes-base.wait';

const options = (...values: string[]) => ({ values: values.map((option) => ({ option })) });

/** One field of every type n8n offers. */
const everyType: JsonObject = {
  values: [
    { fieldLabel: 'Name', fieldType: 'text', requiredField: true, placeholder: 'Your name' },
    { fieldLabel: 'Email', fieldType: 'email', requiredField: true },
    { fieldLabel: 'Quantity', fieldType: 'number' },
    { fieldLabel: 'Notes', fieldType: 'textarea' },
    { fieldLabel: 'Secret', fieldType: 'password' },
    { fieldLabel: 'Delivery', fieldType: 'date' },
    { fieldLabel: 'Size', fieldType: 'dropdown', fieldOptions: options('S', 'M', 'L'), requiredField: true },
    { fieldLabel: 'Colour', fieldType: 'radio', fieldOptions: options('red', 'blue') },
    { fieldLabel: 'Extras', fieldType: 'checkbox', fieldOptions: options('gift wrap', 'card', 'express'), limitSelection: 'range', minSelections: 0, maxSelections: 2 },
    { fieldLabel: 'Attachment', fieldType: 'file', multipleFiles: false },
    { fieldName: 'source', fieldType: 'hiddenField', fieldValue: 'web' },
    { fieldType: 'html', html: '<b>Thanks for ordering</b><script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">terms</a><img src="https://example.com/a.png" onerror="y()"><iframe src="https://example.com/v"></iframe>' },
  ],
};

const orderForm: WorkflowJson = chain('order-form', [
  ['Form', FORM_TRIGGER, { formTitle: 'Order', formDescription: 'Tell us what you need', formFields: everyType, options: { path: 'order' } }, { typeVersion: 2.3 }],
  ['Done', NOOP],
]);

const pages: WorkflowJson = chain('pages', [
  ['Ask', FORM_TRIGGER, { formTitle: 'Request', formFields: { values: [{ fieldLabel: 'Topic', requiredField: true }] }, options: { path: 'request' } }, { typeVersion: 2.3 }],
  ['Details', FORM, { formFields: { values: [{ fieldLabel: 'Details', fieldType: 'textarea', requiredField: true }] }, options: { formTitle: 'More details' } }, { typeVersion: 1 }],
  ['End', FORM, { operation: 'completion', completionTitle: 'All done', completionMessage: 'We will answer soon' }, { typeVersion: 1 }],
]);

const approval: WorkflowJson = chain('approval', [
  ['Start', MANUAL],
  ['Approve', WAIT, { resume: 'form', formTitle: 'Approve the order', formFields: { values: [{ fieldLabel: 'Decision', fieldType: 'radio', fieldOptions: options('approve', 'reject'), requiredField: true }, { fieldLabel: 'Comment' }] } }, { typeVersion: 1.1 }],
  ['After', NOOP],
]);

const guarded: WorkflowJson = chain('guarded', [
  ['Form', FORM_TRIGGER, { formTitle: 'Private', authentication: 'basicAuth', formFields: { values: [{ fieldLabel: 'Q' }] }, options: { path: 'private' } }, { typeVersion: 2.3, credentials: { httpBasicAuth: { id: 'cred-form', name: 'Form login' } } }],
  ['Done', NOOP],
]);

type NodeSpec = Parameters<typeof chain>[1][number];
const askName = (path: string, extra: JsonObject[] = []): NodeSpec => [
  'Ask',
  FORM_TRIGGER,
  { formTitle: 'Start', formFields: { values: [{ fieldLabel: 'Name', requiredField: true }, ...extra] }, options: { path } },
  { typeVersion: 2.3 },
];
const ending = (parameters: JsonObject): NodeSpec => ['End', FORM, { operation: 'completion', ...parameters, options: {} }, { typeVersion: 2.3 }];

const endRedirect = chain('end-redirect', [askName('end-redirect'), ending({ respondWith: 'redirect', redirectUrl: 'example.com/thanks?from=form' })]);
const endText = chain('end-text', [askName('end-text'), ending({ respondWith: 'showText', responseText: '=<h2>Thanks {{ $json.Name }}</h2><p>bye</p>' })]);
const endScreen = chain('end-screen', [askName('end-screen'), ending({ respondWith: 'text', completionTitle: 'All done', completionMessage: 'Thanks\\nsee <b>you</b><script>x()</script>' })]);
const endBinary = chain('end-binary', [
  askName('end-binary', [{ fieldLabel: 'Doc', fieldType: 'file', multipleFiles: false }]),
  ['Mid', NOOP],
  ending({ respondWith: 'returnBinary', inputDataFieldName: 'Doc', completionTitle: 'Here is your file', completionMessage: 'Saved' }),
]);
const endNoBinary = chain('end-no-binary', [askName('end-no-binary'), ending({ respondWith: 'returnBinary', inputDataFieldName: 'data', completionTitle: 'Here' })]);
const waitThenRedirect = chain('wait-redirect', [
  askName('wait-redirect'),
  ['Approve', WAIT, { resume: 'form', formTitle: 'Approve', formFields: { values: [{ fieldLabel: 'Decision', requiredField: true }] } }, { typeVersion: 1.1 }],
  ending({ respondWith: 'redirect', redirectUrl: 'https://example.com/approved' }),
]);
const endings = [endRedirect, endText, endScreen, endBinary, endNoBinary, waitThenRedirect];

type Run = { status: string; data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: JsonObject }>> } }>> } } };

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ workflows: [orderForm, pages, approval, guarded, ...endings] });
  await service.built.credentials!.create({ name: 'Form login', type: 'httpBasicAuth', data: { user: 'ann', password: 'open sesame' }, id: 'cred-form' });
  for (const id of ['order-form', 'pages', 'guarded', ...endings.map((workflow) => workflow.id as string)]) expect((await service.http.post(`/canvas/${id}/activate`).set(AUTH).send({})).status).toBe(200);
});
afterAll(async () => {
  await service.close();
  service.cleanup();
});

async function latestRun(canvas: string): Promise<Run> {
  await service.built.service.drain(2000);
  const list = await service.http.get(`/canvas/${canvas}/executions?limit=1`).set(AUTH);
  return (await service.http.get(`/executions/${list.body.data[0].id}`).set(AUTH)).body.data as Run;
}

const outputOf = (run: Run, node: string) => run.data.resultData.runData[node][0].data.main[0][0].json;
const pathOf = (url: string) => url.replace(PUBLIC_URL, '');

describe('Form Trigger at /form/<path>', () => {
  it('renders every field type server-side with labels tied to their controls and no external resource', async () => {
    const page = await service.http.get('/form/order');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const html = page.text;
    expect(html).toContain('<h1>Order</h1>');
    expect(html).toContain('<label for="field-0">Name <span class="required" aria-hidden="true">*</span></label><input type="text" id="field-0" name="field-0" required aria-required="true" placeholder="Your name">');
    for (const type of ['email', 'number', 'password', 'date', 'file']) expect(html).toMatch(new RegExp(`<input type="${type}" id="field-\\d+"`));
    expect(html).toContain('<textarea id="field-3" name="field-3">');
    expect(html).toContain('<select id="field-6" name="field-6" required aria-required="true"><option value="">Select an option</option><option value="S">S</option>');
    expect(html).toContain('<fieldset class="field"><legend>Colour</legend><label class="choice"><input type="radio" id="field-7-0" name="field-7" value="red">');
    expect(html).toContain('<input type="checkbox" id="field-8-2" name="field-8" value="express">');
    expect(html).toContain('<input type="hidden" name="field-10" value="web">');
    // n8n's sanitiser: safe tags kept; scripts, handlers and javascript: links dropped (its iframe
    // "sandbox" is dropped again by its own attribute list, as in n8n).
    expect(html).toContain(
      '<div class="field html-field"><b>Thanks for ordering</b><a>terms</a><img src="https://example.com/a.png" /><iframe src="https://example.com/v" referrerpolicy="strict-origin-when-cross-origin" allow="fullscreen; autoplay; encrypted-media"></iframe><input type="hidden" name="field-11"',
    );
    expect(html).not.toContain('alert(');
    // Nothing external but what the HTML field itself links to.
    expect(html).not.toMatch(/<script|https?:\/\/(?!sidecar\.test|example\.com)/);
    expect(html).toContain(`action="${PUBLIC_URL}/form/order"`);
  });

  it('refuses a bad submission with a message per field and starts nothing', async () => {
    const before = (await service.http.get('/canvas/order-form/executions').set(AUTH)).body.total as number;
    const refused = await service.http.post('/form/order').type('form').send({ 'field-0': '  ', 'field-1': 'not-an-email', 'field-2': 'twelve', 'field-5': '2026-13-45', 'field-6': 'XL', 'field-8': ['card', 'gift wrap', 'express'] });
    expect(refused.status).toBe(400);
    const messages = [...refused.text.matchAll(/<p class="error" id="(field-\d+)-error">([^<]*)<\/p>/g)].map((match) => [match[1], match[2]]);
    expect(messages).toEqual([
      ['field-0', 'This field is required'],
      ['field-1', 'Enter a valid email address'],
      ['field-2', 'Enter a number'],
      ['field-5', 'Enter a date as YYYY-MM-DD'],
      ['field-6', '&quot;XL&quot; is not one of the options'],
      ['field-8', 'Select at most 2'],
    ]);
    expect(refused.text).toContain('<div class="alert" role="alert">Please correct the 6 fields marked below.</div>');
    expect(refused.text).toContain('aria-invalid="true" aria-describedby="field-1-error" value="not-an-email"');
    expect((await service.http.get('/canvas/order-form/executions').set(AUTH)).body.total).toBe(before);
  });

  it("starts a production run with n8n's item: each field under its label, typed, then submittedAt and formMode", async () => {
    const sent = await service.http
      .post('/form/order?ref=mail')
      .type('form')
      .send({ 'field-0': ' Ann ', 'field-1': 'ann@example.com', 'field-2': '3', 'field-4': 'pw', 'field-5': '2026-12-24', 'field-6': 'M', 'field-7': 'blue', 'field-8': ['card', 'express'], 'field-9': 'invoice.pdf', 'field-10': 'web' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('<h1>Form Submitted</h1><p class="description">Your response has been recorded</p>');
    const run = await latestRun('order-form');
    expect(run.status).toBe('success');
    const { submittedAt, ...item } = outputOf(run, 'Form');
    expect(item).toEqual({
      Name: 'Ann',
      Email: 'ann@example.com',
      Quantity: 3,
      Notes: null,
      Secret: 'pw',
      Delivery: '2026-12-24',
      Size: 'M',
      Colour: 'blue',
      Extras: ['card', 'express'],
      Attachment: 'invoice.pdf',
      source: 'web',
      // n8n: the HTML field (no label, no elementName) was not posted, so null under its empty key.
      '': null,
      formMode: 'production',
      formQueryParameters: { ref: 'mail' },
    });
    expect(submittedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$/);
  });

  it('asks for basic auth through stored credentials', async () => {
    const none = await service.http.get('/form/private');
    expect([none.status, none.headers['www-authenticate'], none.text]).toEqual([401, 'Basic realm="Webhook"', 'Authorization is required!']);
    expect((await service.http.get('/form/private').auth('ann', 'wrong')).status).toBe(403);
    const ok = await service.http.get('/form/private').auth('ann', 'open sesame');
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('<h1>Private</h1>');
  });

  it('answers 404 with a page for an unknown form', async () => {
    const missing = await service.http.get('/form/nothing-here');
    expect(missing.status).toBe(404);
    // n8n's form-trigger-404 page.
    expect(missing.text).toContain('<h1>Problem loading form</h1><p class="description" role="alert">This usually occurs if the n8n workflow serving this form is deactivated or no longer exist</p>');
  });
});

describe('form pages of a parked run at /form-waiting/<executionId>', () => {
  it('follows a Form Trigger through a Form page to the Form Ending', async () => {
    const first = await service.http.post('/form/request').type('form').send({ 'field-0': 'Refund' });
    expect(first.status).toBe(303);
    const next = pathOf(first.headers.location as string);
    expect(next).toMatch(/^\/form-waiting\/[\w-]+\?signature=[\w-]+$/);
    const page = await service.http.get(next);
    expect(page.text).toContain('<h1>More details</h1>');
    expect((await service.http.post(next).type('form').send({})).status).toBe(400);
    const second = await service.http.post(next).type('form').send({ 'field-0': 'Order A-1 arrived broken' });
    expect(second.status).toBe(303);
    const ending = await service.http.get(pathOf(second.headers.location as string));
    expect(ending.status).toBe(200);
    expect(ending.text).toContain('<h1>All done</h1><p class="description" style="white-space: pre-line">We will answer soon</p>');
    const run = await latestRun('pages');
    expect(run.status).toBe('success');
    expect(outputOf(run, 'Ask')).toMatchObject({ Topic: 'Refund', formMode: 'production' });
    const { submittedAt: _at, ...details } = outputOf(run, 'Details');
    expect(details).toEqual({ Details: 'Order A-1 arrived broken', formMode: 'production' });
    expect(outputOf(run, 'End')).toEqual(outputOf(run, 'Details'));
  });

  it('resumes a Wait "On Form Submitted" with exactly the submitted fields, once', async () => {
    const started = await service.http.post('/canvas/approval/execute').set(AUTH).send({});
    expect(started.body.status).toBe('waiting');
    const id = started.body.executionId as string;
    const signature = (await service.http.get(`/executions/${id}`).set(AUTH)).body.data.resumeUrl.split('signature=')[1] as string;
    const url = `/form-waiting/${id}?signature=${signature}`;
    expect((await service.http.get(`/form-waiting/${id}?signature=wrong`)).status).toBe(403);
    expect((await service.http.get(url)).text).toContain('<h1>Approve the order</h1>');
    const done = await service.http.post(url).type('form').send({ 'field-0': 'approve', 'field-1': 'ship it' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Your response has been recorded');
    const run = (await service.http.get(`/executions/${id}`).set(AUTH)).body.data as Run;
    expect(run.status).toBe('success');
    const { submittedAt: _at, ...fields } = outputOf(run, 'After');
    expect(fields).toEqual({ Decision: 'approve', Comment: 'ship it', formMode: 'test' });
    const again = await service.http.post(url).type('form').send({ 'field-0': 'reject' });
    expect([again.status, again.text.includes('This form has already been submitted')]).toEqual([409, true]);
    // n8n's page for a finished form without a Form Ending.
    const shown = await service.http.get(url);
    expect([shown.status, shown.text.includes('<h1>Form Submitted</h1><p class="description">Your response has been recorded</p>')]).toEqual([200, true]);
  });
});

describe("the Form Ending's completion options (n8n's \"On n8n Form Submission\")", () => {
  /** Submits the Form Trigger, follows to the parked ending and shows it (which resumes the run). */
  async function submitAndShowEnding(path: string, send: (post: ReturnType<TestService['http']['post']>) => ReturnType<TestService['http']['post']>) {
    const submitted = await send(service.http.post(`/form/${path}`));
    expect(submitted.status).toBe(303);
    return service.http.get(pathOf(submitted.headers.location as string));
  }

  it('redirects to the URL: n8n\'s "Redirecting to" page, followed without script; the run ends with the input', async () => {
    const page = await submitAndShowEnding('end-redirect', (post) => post.field('field-0', 'Ann'));
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    // n8n adds https:// to a URL without a scheme (its validateSafeRedirectUrl).
    expect(page.text).toContain('<meta http-equiv="refresh" content="0; url=https://example.com/thanks?from=form">');
    expect(page.text).toContain('<div>Redirecting to <a href="https://example.com/thanks?from=form">https://example.com/thanks?from=form</a></div>');
    const run = await latestRun('end-redirect');
    expect(run.status).toBe('success');
    expect(outputOf(run, 'End')).toEqual(outputOf(run, 'Ask'));
    expect(outputOf(run, 'End')).toMatchObject({ Name: 'Ann', formMode: 'production' });
    // As n8n: the link of the finished form shows its ending again, resuming nothing.
    const again = await service.http.get(new URL(page.request.url).pathname + new URL(page.request.url).search);
    expect([again.status, again.text.includes('<div>Redirecting to <a href="https://example.com/thanks?from=form">')]).toEqual([200, true]);
  });

  it('shows its own HTML ("Show Text"), expressions resolved, under the page\'s no-script policy', async () => {
    const page = await submitAndShowEnding('end-text', (post) => post.field('field-0', 'Bea'));
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.text).toContain('<main><h2>Thanks Bea</h2><p>bye</p></main>');
    expect((await latestRun('end-text')).status).toBe('success');
  });

  it("shows the completion screen: title, message through n8n's sanitiser, written \\n as line breaks", async () => {
    const page = await submitAndShowEnding('end-screen', (post) => post.field('field-0', 'Cy'));
    expect(page.text).toContain('<h1>All done</h1><p class="description" style="white-space: pre-line">Thanks\nsee <b>you</b></p>');
    expect(page.text).not.toContain('x()');
  });

  it('hands over the nearest parent\'s binary file ("Return Binary File") with the completion screen', async () => {
    const page = await submitAndShowEnding('end-binary', (post) => post.field('field-0', 'Di').attach('field-1', Buffer.from('hello file\n'), { filename: 'doc.txt', contentType: 'text/plain' }));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Here is your file</h1><p class="description" style="white-space: pre-line">Saved</p>');
    expect(page.text).toContain(`<ul class="downloads"><li><a href="data:text/plain;base64,${Buffer.from('hello file\n').toString('base64')}" download="doc.txt">doc.txt</a></li></ul>`);
    expect((await latestRun('end-binary')).status).toBe('success');
  });

  it("answers n8n's message and leaves the run waiting when the binary field is nowhere", async () => {
    const page = await submitAndShowEnding('end-no-binary', (post) => post.field('field-0', 'Ed'));
    expect(page.status).toBe(500);
    expect(page.text).toContain('No binary data with field data found.');
    const list = await service.http.get('/canvas/end-no-binary/executions?limit=1').set(AUTH);
    expect(list.body.data[0].status).toBe('waiting');
  });

  it('ends a Wait "On Form Submitted" flow on its redirect', async () => {
    const submitted = await service.http.post('/form/wait-redirect').field('field-0', 'Flo');
    const waitPage = pathOf(submitted.headers.location as string);
    expect((await service.http.get(waitPage)).text).toContain('<h1>Approve</h1>');
    const decided = await service.http.post(waitPage).field('field-0', 'yes');
    expect(decided.status).toBe(303);
    const page = await service.http.get(pathOf(decided.headers.location as string));
    expect(page.text).toContain('<div>Redirecting to <a href="https://example.com/approved">');
    const run = await latestRun('wait-redirect');
    expect(run.status).toBe('success');
    const { submittedAt: _at, ...approve } = outputOf(run, 'Approve');
    expect(approve).toEqual({ Decision: 'yes', formMode: 'production' });
    expect(outputOf(run, 'End')).toEqual(outputOf(run, 'Approve'));
  });
});
