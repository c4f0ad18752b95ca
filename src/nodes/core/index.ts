import type { NodeTypeDefinition } from '../../contracts/node-type';
import { codeNode } from './code/code.node';
import { functionItemNode, functionNode } from './code/function-nodes';
import { filterNode } from './filter';
import { ifNode } from './if';
import { noOpNode } from './no-op';
import { setNode } from './set/set.node';
import { stopAndErrorNode } from './stop-and-error';
import { switchNode } from './switch/switch.node';
import { errorTriggerNode } from './triggers/error-trigger';
import { executeWorkflowTriggerNode } from './triggers/execute-workflow-trigger';
import { manualTriggerNode } from './triggers/manual-trigger';
import { respondToWebhookNode } from './triggers/respond-to-webhook';
import { scheduleTriggerNode } from './triggers/schedule-trigger';
import { webhookNode } from './triggers/webhook';

/** The core n8n nodes: triggers, Set, Code, IF, Filter, Switch, No Op, Stop and Error, Respond to Webhook. */
export const coreNodes: NodeTypeDefinition[] = [
  manualTriggerNode,
  webhookNode,
  scheduleTriggerNode,
  executeWorkflowTriggerNode,
  errorTriggerNode,
  noOpNode,
  setNode,
  codeNode,
  functionNode,
  functionItemNode,
  ifNode,
  filterNode,
  switchNode,
  stopAndErrorNode,
  respondToWebhookNode,
];
