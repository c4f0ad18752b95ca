/**
 * Run data access inside the isolate, following n8n's WorkflowDataProxy: sessions and
 * workflows fetched lazily from the host, a node's output items per (node, run) fetched
 * once per call (finished tasks never change; each call parses its own copy, so user code
 * may mutate what it gets), paired-item tracing, and n8n's error messages.
 */
export const DATA_ACCESS_SOURCE = String.raw`
var SESSIONS = new Map();
var WORKFLOWS = new Map();
var SCRIPTING_TYPES = ['n8n-nodes-base.code', 'n8n-nodes-base.function', 'n8n-nodes-base.functionItem'];
var NOT_EXECUTED_HINT = 'An expression references this node, but the node is unexecuted. Consider re-wiring your nodes or checking for execution first, i.e. {{ $if( $("NODE").isExecuted, <action_if_executed>, "") }}';

function prepareWorkflow(info) {
  // Shared by every execution of this workflow: frozen, and never handed to user code.
  var nodes = deepFreeze(nullProto(info.nodes));
  var parents = deepFreeze(nullProto(info.parents));
  return {
    key: info.key, id: info.id, name: info.name, active: info.active,
    nodes: nodes, parents: parents, pinData: deepFreeze(nullProto(info.pinData)),
    ancestors: new Map(), connections: new Map(),
  };
}

var ZONES = new Map();

function validZone(name) {
  if (!ZONES.has(name)) {
    if (ZONES.size > 500) ZONES.clear();
    ZONES.set(name, IANAZone.isValidZone(name) ? name : 'UTC');
  }
  return ZONES.get(name);
}

var SESSION_CACHE_LIMIT = 1000;

function storeWorkflow(info) {
  var wf = prepareWorkflow(info);
  if (WORKFLOWS.size >= 200) WORKFLOWS.clear();
  WORKFLOWS.set(info.key, wf);
  return wf;
}

/**
 * The session a call belongs to. The host sends a session's (and its workflow's)
 * description with the first call this isolate gets for it; should this bounded cache have
 * dropped it since, the isolate asks the host.
 */
function getSession(sessionId, p) {
  if (p.workflow && !WORKFLOWS.has(p.workflow.key)) storeWorkflow(p.workflow);
  var session = SESSIONS.get(sessionId);
  if (session) return session;
  var info = p.session;
  if (!info) {
    var text = hostSession(sessionId);
    if (typeof text !== 'string') throw new Error('Unknown expression session ' + sessionId);
    info = JSON.parse(text);
  }
  var wf = WORKFLOWS.get(info.workflowKey) || storeWorkflow(JSON.parse(hostWorkflow(sessionId)));
  var zone = validZone(info.timezone);
  session = {
    id: sessionId, info: info, wf: wf, zone: zone,
    vars: deepFreeze(nullProto(info.vars)),
    workflowView: Object.freeze({ id: wf.id, name: wf.name, active: wf.active }),
  };
  if (SESSIONS.size >= SESSION_CACHE_LIMIT) SESSIONS.clear();
  SESSIONS.set(sessionId, session);
  return session;
}

/**
 * What user code may change for the rest of its execution ($execution.customData, static
 * data) is owned by the host and arrives with every call: the execution's next call may run
 * in another isolate, and a call that failed half-way leaves nothing behind.
 */
function loadSessionState(session, state) {
  session.customData = state && state.customData ? nullProto(state.customData) : undefined;
  session.staticData = state ? state.staticData : undefined;
  session.stateDirty = false;
}

/** A call's JSON answer, with the session's new state when the call changed it. */
function withSessionState(session, text) {
  if (!session.stateDirty) return text;
  var state;
  try {
    state = JSON.stringify({ customData: session.customData, staticData: session.staticData });
  } catch (e) {
    return text;
  }
  return text.slice(0, -1) + ',"state":' + state + '}';
}

function createCall(sessionId, p) {
  var session = getSession(sessionId, p);
  loadSessionState(session, p.state);
  var wf = session.wf;
  var node = wf.nodes[p.node];
  if (!node) throw new Error('Node "' + p.node + '" is not in the workflow of session ' + sessionId);
  Settings.defaultZone = session.zone;
  return {
    session: session, wf: wf, info: session.info,
    nodeName: p.node, node: node, runIndex: p.runIndex,
    items: p.items || [], source: p.source || null, runCounts: p.runCounts || {},
    tasks: new Map(), accessors: new Map(), itemIndex: 0, lazy: null,
    scripting: SCRIPTING_TYPES.indexOf(node.type) !== -1,
  };
}

function exprError(call, message, options) {
  var o = copyOwn(options || {});
  if (call.scripting && o.functionOverrides) {
    message = o.functionOverrides.message || message;
    if (o.functionOverrides.description) o.description = o.functionOverrides.description;
  }
  return new ExpressionError(message, o);
}

function notExecutedError(call, nodeName) {
  return exprError(call, "Node '" + nodeName + "' hasn't been executed", {
    description: NOT_EXECUTED_HINT.replace('NODE', nodeName), type: 'no_execution_data', nodeCause: nodeName,
  });
}

function missingNodeError(call, nodeName) {
  return exprError(call, "Referenced node doesn't exist", { nodeCause: nodeName });
}

function pinnedItems(call, nodeName) {
  if (call.info.mode !== 'manual') return undefined;
  var pinned = call.wf.pinData[nodeName];
  return pinned ? JSON.parse(JSON.stringify(pinned)) : undefined;
}

/** n8n's node context ($node["Loop"].context["noItemsLeft"]): what the node keeps between its runs. */
function nodeContext(call, nodeName) {
  if (!(nodeName in call.wf.nodes)) throw missingNodeError(call, nodeName);
  return JSON.parse(hostContext(call.session.id, nodeName));
}

function runCount(call, nodeName) {
  return hasOwn(call.runCounts, nodeName) ? call.runCounts[nodeName] : 0;
}

function taskOf(call, nodeName, runIndex) {
  var key = nodeName + '\u0000' + runIndex;
  if (call.tasks.has(key)) return call.tasks.get(key);
  var text = hostTask(call.session.id, nodeName, runIndex);
  var task = typeof text === 'string' ? JSON.parse(text) : undefined;
  call.tasks.set(key, task);
  return task;
}

function taskForSource(call, source) {
  var run = source.previousNodeRun || 0;
  if (runCount(call, source.previousNode) > run) return taskOf(call, source.previousNode, run);
  var pinned = pinnedItems(call, source.previousNode);
  return pinned ? { data: { main: [pinned] }, source: [] } : undefined;
}

function ancestorsOf(wf, nodeName) {
  var cached = wf.ancestors.get(nodeName);
  if (cached) return cached;
  var seen = new Set();
  var queue = [nodeName];
  while (queue.length) {
    var current = queue.shift();
    (wf.parents[current] || []).forEach(function (edge) {
      if (!seen.has(edge[0])) {
        seen.add(edge[0]);
        queue.push(edge[0]);
      }
    });
  }
  wf.ancestors.set(nodeName, seen);
  return seen;
}

/** n8n's getNodeConnectionIndexes: depth-first up from nodeName to the first edge from parentName. */
function connectionIndexes(wf, nodeName, parentName) {
  var key = nodeName + '\u0000' + parentName;
  if (wf.connections.has(key)) return wf.connections.get(key);
  var checked = new Set();
  var search = function (name) {
    if (checked.has(name)) return undefined;
    checked.add(name);
    var edges = wf.parents[name] || [];
    for (var i = 0; i < edges.length; i++) {
      var edge = edges[i];
      if (edge[0] === parentName) return { sourceIndex: edge[1], destinationIndex: edge[2] };
      if (checked.has(edge[0])) continue;
      var found = search(edge[0]);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  var result = parentName in wf.nodes ? search(nodeName) : undefined;
  wf.connections.set(key, result);
  return result;
}

/** n8n's getNodeExecutionData (long syntax): the items of one output of one run of a node. */
function nodeOutputItems(call, nodeName, outputIndex, runIndex) {
  if (!(nodeName in call.wf.nodes)) throw missingNodeError(call, nodeName);
  var runs = runCount(call, nodeName);
  if (runs === 0 && !pinnedItems(call, nodeName)) throw notExecutedError(call, nodeName);
  if (runIndex === undefined || runIndex === -1) runIndex = runs - 1;
  if (runs <= runIndex) throw exprError(call, 'Run ' + runIndex + ' of node "' + nodeName + '" not found');
  var data = taskOf(call, nodeName, runIndex).data;
  if (!data.main || !data.main.length || data.main[0] === null) {
    throw exprError(call, 'No data found from \x60main\x60 input');
  }
  if (outputIndex === undefined) {
    var connection = connectionIndexes(call.wf, call.nodeName, nodeName);
    if (connection === undefined) throw exprError(call, 'connect "' + call.nodeName + '" to "' + nodeName + '"');
    outputIndex = connection.sourceIndex;
  }
  if (data.main.length <= outputIndex) {
    throw exprError(call, 'Node "' + nodeName + '" has no branch with index ' + outputIndex + '.');
  }
  return data.main[outputIndex];
}

/** n8n's getNodeExecutionOrPinnedData: pinned data (manual runs) stands in on any failure. */
function nodeOutputOrPinned(call, nodeName, outputIndex, runIndex) {
  try {
    return nodeOutputItems(call, nodeName, outputIndex, runIndex);
  } catch (e) {
    var pinned = pinnedItems(call, nodeName);
    if (pinned) return pinned;
    throw e;
  }
}

function binaryWithoutData(item) {
  var out = {};
  if (!item || !item.binary) return out;
  Object.keys(item.binary).forEach(function (key) {
    var entry = {};
    Object.keys(item.binary[key]).forEach(function (prop) { if (prop !== 'data') setField(entry, prop, item.binary[key][prop]); });
    setField(out, key, entry);
  });
  return out;
}

function itemAt(call, nodeName, items, itemIndex) {
  if (items.length === 0) throw notExecutedError(call, nodeName);
  if (items.length <= itemIndex) {
    throw exprError(call, '"' + nodeName + '" node has ' + items.length + " item(s) but you're trying to access item " + itemIndex, {
      description: 'Adjust your expression to access an existing item index (0-' + (items.length - 1) + ')',
      type: 'no_execution_data', nodeCause: nodeName,
    });
  }
  return items[itemIndex];
}

function normalizePaired(paired) {
  if (paired === null || paired === undefined) return [];
  return (Array.isArray(paired) ? paired : [paired]).map(function (p) { return typeof p === 'number' ? { item: p } : p; });
}

function missingPairedItemError(call, nodeCause, method) {
  var message = pinnedItems(call, nodeCause)
    ? 'Using the ' + method + " method doesn't work with pinned data in this scenario. Please unpin '" + nodeCause + "' and try again."
    : 'Paired item data for ' + method + " from node '" + nodeCause + "' is unavailable. Ensure '" + nodeCause + "' is providing the required output.";
  return new ExpressionError(message, {
    description: "Missing pairedItem data (node '" + nodeCause + "' probably didn't supply it)",
    type: 'paired_item_no_info', nodeCause: nodeCause,
  });
}

function noConnectionError(call, nodeCause) {
  return exprError(call, 'Invalid expression', {
    description: 'No path back to referenced node', type: 'paired_item_no_connection', nodeCause: nodeCause,
  });
}

/** n8n's getPairedItem: walks pairedItem links back through the run data to the destination node. */
function pairedItemOf(call, destination, incomingSource, initialPaired, method, nodeBeforeLast) {
  var paired = typeof initialPaired === 'number' ? { item: initialPaired } : initialPaired;
  var sourceData = paired.sourceOverwrite || incomingSource;
  if (!sourceData) {
    throw exprError(call, 'Paired item resolution failed', {
      description: "Could not trace back to node '" + destination + "'", type: 'paired_item_no_info',
      nodeCause: nodeBeforeLast, functionOverrides: { message: 'Data not found' },
    });
  }
  var task = taskForSource(call, sourceData);
  var outputIndex = sourceData.previousNodeOutput || 0;
  var outputs = task && task.data && task.data.main ? task.data.main[outputIndex] : undefined;
  if (!outputs) {
    throw exprError(call, 'Can\u2019t get data for expression', {
      description: 'Expected output #' + outputIndex + ' from node ' + sourceData.previousNode, type: 'internal',
      nodeCause: nodeBeforeLast, functionOverrides: { message: 'Missing output' },
    });
  }
  var item = outputs[paired.item];
  var sourceArray = (task && task.source) || [];
  if (sourceData.previousNode === destination) {
    if (paired.item >= outputs.length) {
      throw exprError(call, "Can't get data for expression", {
        description: 'Expression info invalid', type: 'paired_item_invalid_info',
        nodeCause: sourceData.previousNode, functionOverrides: { message: "Can't get data" },
      });
    }
    return item;
  }
  var nextPaired = normalizePaired(item.pairedItem);
  if (nextPaired.length === 0) throw missingPairedItemError(call, sourceData.previousNode, method);
  var results = [];
  nextPaired.forEach(function (next) {
    var inputIndex = next.input === undefined || next.input === null ? 0 : next.input;
    if (inputIndex >= sourceArray.length) return;
    var nextSource = next.sourceOverwrite || sourceArray[inputIndex];
    try {
      var value = pairedItemOf(call, destination, nextSource, { ...next, input: inputIndex }, method, sourceData.previousNode);
      results.push({ ok: true, value: value });
    } catch (e) {
      results.push({ ok: false, error: e });
    }
  });
  // As in n8n: with no candidate at all, results[0] is undefined and this throws a TypeError.
  if (results.every(function (r) { return !r.ok; })) throw results[0].error;
  var matched = results.filter(function (r) { return r.ok; }).map(function (r) { return r.value; });
  var first = matched[0];
  if (matched.slice(1).some(function (r) { return r !== first; })) {
    throw exprError(call, 'Multiple matches found', {
      description: 'Multiple matching items for item [' + paired.item + ']', type: 'paired_item_multiple_matches',
      nodeCause: destination, functionOverrides: { message: 'Multiple matches' },
    });
  }
  return first;
}

/** $('X').item / .pairedItem(i) / .itemMatching(i) for the current node run. */
function pairedItemFor(call, nodeName, itemIndex, method) {
  if (itemIndex === undefined) {
    if (method === 'itemMatching') throw exprError(call, 'Missing item index for .itemMatching()');
    itemIndex = call.itemIndex;
  }
  if (!call.items.length) {
    var pinned = pinnedItems(call, nodeName);
    if (pinned) return pinned[itemIndex];
  }
  var input = call.items[itemIndex];
  if (!input) {
    var between = 'Some intermediate nodes between \u2018<strong>' + nodeName + '</strong>\u2018 and  \u2018<strong>' + call.nodeName + '</strong>\u2018 have not executed yet.';
    throw exprError(call, 'Can\u2019t get data for expression', {
      description: between, type: 'paired_item_intermediate_nodes',
      functionOverrides: { message: 'Can\u2019t get data', description: between },
    });
  }
  var paired = input.pairedItem;
  if (paired === undefined) throw missingPairedItemError(call, call.nodeName, method);
  if (!call.source) {
    throw exprError(call, 'Can\u2019t get data for expression', {
      description: 'Apologies, this is an internal error. See details for more information',
      functionOverrides: { message: 'Can\u2019t get data' },
    });
  }
  var sourceData = call.source.main[paired.input || 0] || call.source.main[0];
  return pairedItemOf(call, nodeName, sourceData, paired, method);
}
`;
