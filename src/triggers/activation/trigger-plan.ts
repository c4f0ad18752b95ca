import { IANAZone } from 'luxon';
import { BadRequestError, WorkflowValidationError } from '../../errors';
import type { LoadedWorkflow } from '../../executions/workflow-loader';
import { readScheduleRules } from '../schedules/schedule-rules';
import type { ScheduleRegistration } from '../schedules/scheduler';
import { readFormTriggerConfig } from '../forms/form-trigger-config';
import type { FormRegistration } from '../forms/form-registry';
import { ACTIVATABLE_TRIGGER_TYPES, FORM_TRIGGER_NODE_TYPE, SCHEDULE_NODE_TYPE, WEBHOOK_NODE_TYPE, describeWorkflow, enabledNodesOfType } from '../trigger-nodes';
import { readWebhookConfig } from '../webhooks/webhook-config';
import type { WebhookRegistration } from '../webhooks/webhook-registry';

/** Everything an activation registers, checked before anything is registered. */
export interface TriggerPlan {
  webhooks: WebhookRegistration[];
  schedules: ScheduleRegistration[];
  forms: FormRegistration[];
}

/** The workflow's zone: settings.timezone unless unset or n8n's "DEFAULT", else GENERIC_TIMEZONE. */
export function workflowTimezone(loaded: LoadedWorkflow, fallback: string): string {
  const zone = loaded.workflow.settings.timezone;
  if (typeof zone !== 'string' || zone === '' || zone === 'DEFAULT') return fallback;
  if (!IANAZone.isValidZone(zone)) {
    throw new WorkflowValidationError(`Workflow "${loaded.workflow.name}": settings.timezone "${zone}" is not an IANA time zone such as Europe/Brussels`, {
      workflow: loaded.workflow.name,
      field: 'settings.timezone',
    });
  }
  return zone;
}

/**
 * Reads the trigger nodes of a workflow into registrations; refuses a workflow that has
 * nothing to start it (n8n's message) or a trigger whose parameters are unusable.
 */
export function planTriggers(loaded: LoadedWorkflow, options: { defaultTimezone: string; activatedAt: Date }): TriggerPlan {
  const { workflow, stored } = loaded;
  const triggers = ACTIVATABLE_TRIGGER_TYPES.flatMap((type) => enabledNodesOfType(workflow, type));
  if (triggers.length === 0) {
    throw new BadRequestError(
      `Workflow ${describeWorkflow({ name: workflow.name, id: stored.id })} has no node to start the workflow - at least one trigger, poller or webhook node is required (an enabled Webhook, Schedule Trigger or Form Trigger node)`,
    );
  }
  const webhooks = enabledNodesOfType(workflow, WEBHOOK_NODE_TYPE).map((node) => ({
    canvasId: stored.id,
    config: readWebhookConfig(workflow, node),
    loaded,
  }));
  const scheduleNodes = enabledNodesOfType(workflow, SCHEDULE_NODE_TYPE);
  const timezone = scheduleNodes.length > 0 ? workflowTimezone(loaded, options.defaultTimezone) : options.defaultTimezone;
  const schedules = scheduleNodes.flatMap((node) =>
    readScheduleRules(workflow, node, timezone).map((rule) => ({
      canvasId: stored.id,
      nodeName: node.name,
      rule,
      timezone,
      activatedAt: options.activatedAt,
      loaded,
    })),
  );
  const forms = enabledNodesOfType(workflow, FORM_TRIGGER_NODE_TYPE).map((node) => ({ canvasId: stored.id, config: readFormTriggerConfig(workflow, node), loaded }));
  return { webhooks, schedules, forms };
}
