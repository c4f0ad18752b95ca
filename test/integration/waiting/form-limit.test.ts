import type { BuiltService } from '../../../src/server/build-service';
import type { JsonObject } from '../../../src/workflow/json';
import { api, bootService, makeServiceDir, n8nWorkflow, removeDir, settled } from './service-under-test';

const FORM_TRIGGER = 'n8n-nodes-base.formTrigger';
const FORM = 'n8n-nodes-base.form';

const ask = (path: string): [string, string, JsonObject, JsonObject] => [
  'Ask',
  FORM_TRIGGER,
  { formTitle: 'Start', formFields: { values: [{ fieldLabel: 'Name' }] }, options: { path } },
  { typeVersion: 2.3 },
];

const workflows: Record<string, JsonObject> = {
  // A second page nobody fills in: after 0.15 minutes (9 s) the run goes on without it.
  pageLimit: {
    active: true,
    ...n8nWorkflow(
      [
        ask('page-limit'),
        ['Page', FORM, { formFields: { values: [{ fieldLabel: 'Late' }] }, limitWaitTime: true, limitType: 'afterTimeInterval', resumeAmount: 0.15, resumeUnit: 'minutes', options: {} }, { typeVersion: 2.3 }],
        ['After', 'n8n-nodes-base.noOp'],
      ],
      [
        ['Ask', 'Page'],
        ['Page', 'After'],
      ],
    ),
  },
  // A Form Ending whose limit is a date already past: nobody needs to see it.
  endingAtDate: {
    active: true,
    ...n8nWorkflow(
      [
        ask('ending-date'),
        ['End', FORM, { operation: 'completion', completionTitle: 'Bye', limitWaitTime: true, limitType: 'atSpecifiedTime', maxDateAndTime: '2020-01-01T00:00:00', options: {} }, { typeVersion: 2.3 }],
        ['After', 'n8n-nodes-base.noOp'],
      ],
      [
        ['Ask', 'End'],
        ['End', 'After'],
      ],
    ),
  },
  badDate: {
    active: true,
    ...n8nWorkflow(
      [ask('bad-date'), ['Page', FORM, { formFields: { values: [{ fieldLabel: 'X' }] }, limitWaitTime: true, limitType: 'atSpecifiedTime', maxDateAndTime: 'next tuesday-ish', options: {} }, { typeVersion: 2.3 }]],
      [['Ask', 'Page']],
    ),
  },
};

type RunData = Record<string, Array<{ data?: { main: Array<Array<{ json: JsonObject }>> }; error?: { message: string; description?: string } }>>;
const runDataOf = (execution: JsonObject) => (execution.data as unknown as { resultData: { runData: RunData } }).resultData.runData;

let dir: string;
let first: BuiltService | undefined;
let second: BuiltService | undefined;
beforeEach(() => {
  dir = makeServiceDir(workflows);
});
afterEach(async () => {
  await first?.shutdown(500);
  await second?.shutdown(500);
  first = second = undefined;
  removeDir(dir);
});

async function latestId(built: BuiltService, canvas: string): Promise<string> {
  return (await api(built).get(`/canvas/${canvas}/executions?limit=1`)).body.data[0].id as string;
}

describe("the Form node's Limit Wait Time", () => {
  it('goes on with the page\'s input when the interval passes, across a restart', async () => {
    first = await bootService(dir);
    const submitted = await api(first).public.post('/form/page-limit').field('field-0', 'Ann');
    expect(submitted.status).toBe(303);
    const id = await latestId(first, 'pageLimit');
    const parked = (await api(first).get(`/executions/${id}`)).body.data as JsonObject;
    expect(parked.status).toBe('waiting');
    const waitTill = Date.parse(parked.waitTill as string);
    expect(waitTill - Date.parse(parked.startedAt as string)).toBeGreaterThan(8000);
    expect(waitTill - Date.parse(parked.startedAt as string)).toBeLessThan(60_000);
    // The service goes away with the page unanswered; the next one resumes the run when due.
    await first.shutdown(500);
    first = undefined;
    second = await bootService(dir);
    const execution = await settled(second, id, 30_000);
    expect(execution.status).toBe('success');
    const runData = runDataOf(execution);
    // n8n: a form that timed out passes its input on (its node is run as disabled).
    expect(runData.Page[0].data?.main[0]).toEqual(runData.Ask[0].data?.main[0]);
    expect(runData.After[0].data?.main[0][0].json).toMatchObject({ Name: 'Ann', formMode: 'production' });
  });

  it('lets a Form Ending whose limit date has passed end the run without being shown', async () => {
    first = await bootService(dir);
    await api(first).public.post('/form/ending-date').field('field-0', 'Bea');
    const execution = await settled(first, await latestId(first, 'endingAtDate'));
    expect(execution.status).toBe('success');
    const runData = runDataOf(execution);
    expect(runData.End[0].data?.main[0]).toEqual(runData.Ask[0].data?.main[0]);
    expect(Object.keys(runData)).toEqual(['Ask', 'End', 'After']);
  });

  it("fails the node with n8n's message when the limit date does not parse", async () => {
    first = await bootService(dir);
    await api(first).public.post('/form/bad-date').field('field-0', 'Cy');
    const execution = await settled(first, await latestId(first, 'badDate'));
    expect(execution.status).toBe('error');
    expect(runDataOf(execution).Page[0].error).toMatchObject({ message: 'Could not configure Limit Wait Time', description: 'Invalid date format' });
  });
});
