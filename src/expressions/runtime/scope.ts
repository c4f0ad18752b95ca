/**
 * The variables expressions and Code see ($json, $input, $('Node'), $node, $items...),
 * built once per sandbox call; per-item values read `call.itemIndex`, which the item loop
 * advances. Semantics and messages follow n8n's WorkflowDataProxy.
 */
export const SCOPE_SOURCE = String.raw`
var ENV_DENIED_HINT = 'If you need access please contact the administrator to expose selected variables with ENV_ALLOWLIST';

function getter(obj, name, fn) {
  Object.defineProperty(obj, name, { get: fn, enumerable: true, configurable: true });
}

function memo(obj, name, factory) {
  Object.defineProperty(obj, name, {
    enumerable: true, configurable: true,
    get: function () {
      var value = factory();
      Object.defineProperty(obj, name, { value: value, writable: true, enumerable: true, configurable: true });
      return value;
    },
    set: function (value) {
      Object.defineProperty(obj, name, { value: value, writable: true, enumerable: true, configurable: true });
    },
  });
}

function currentView(call) {
  return { itemIndex: function () { return call.itemIndex; }, defaultRun: -1 };
}

function nodeAccessor(call, nodeName) {
  if (!nodeName) throw exprError(call, 'When calling $(), please specify a node');
  if (!(nodeName in call.wf.nodes)) throw missingNodeError(call, nodeName);
  var cached = call.accessors.get(nodeName);
  if (cached) return cached;
  var ensureExecuted = function () {
    if (runCount(call, nodeName) === 0 && !pinnedItems(call, nodeName)) throw notExecutedError(call, nodeName);
  };
  var defaultBranch = function () {
    var c = connectionIndexes(call.wf, call.nodeName, nodeName);
    return c ? c.sourceIndex : 0;
  };
  var lister = function (pick) {
    ensureExecuted();
    return function (branchIndex, runIndex) {
      var branch = branchIndex === undefined || branchIndex === null ? defaultBranch() : branchIndex;
      return pick(nodeOutputOrPinned(call, nodeName, branch, runIndex));
    };
  };
  var paired = function (method) {
    if (!ancestorsOf(call.wf, call.nodeName).has(nodeName)) throw noConnectionError(call, nodeName);
    ensureExecuted();
    return function (index) { return pairedItemFor(call, nodeName, index, method); };
  };
  var acc = {};
  getter(acc, 'isExecuted', function () { return runCount(call, nodeName) > 0; });
  getter(acc, 'item', function () { return paired('item')(); });
  getter(acc, 'pairedItem', function () { return paired('pairedItem'); });
  getter(acc, 'itemMatching', function () { return paired('itemMatching'); });
  getter(acc, 'first', function () { return lister(function (items) { return items[0] ? items[0] : undefined; }); });
  getter(acc, 'last', function () {
    return lister(function (items) { return items.length && items[items.length - 1] ? items[items.length - 1] : undefined; });
  });
  getter(acc, 'all', function () { return lister(function (items) { return items; }); });
  getter(acc, 'context', function () { return nodeContext(call, nodeName); });
  getter(acc, 'params', function () { return call.wf.nodes[nodeName].parameters; });
  call.accessors.set(nodeName, acc);
  return acc;
}

function resourceLocatorValue(value) {
  if (value.__regex && typeof value.value === 'string') {
    var m = new RegExp(value.__regex).exec(value.value);
    return m && m.length >= 2 ? m[1] : value.value;
  }
  return value.value;
}

function parameterProxy(call, nodeName, resolve) {
  var params = call.wf.nodes[nodeName].parameters || {};
  return new Proxy({}, {
    has: function () { return true; },
    ownKeys: function () { return Object.keys(params); },
    getOwnPropertyDescriptor: function (t, key) {
      return hasOwn(params, key) ? { enumerable: true, configurable: true, writable: true, value: params[key] } : undefined;
    },
    get: function (t, name) {
      if (name === 'toJSON') return function () { return JSON.parse(JSON.stringify(params)); };
      if (typeof name !== 'string' || !hasOwn(params, name)) return undefined;
      var value = params[name];
      if (value === '={{ $parameter.' + name + ' }}') return undefined;
      if (value && typeof value === 'object' && value.__rl === true) value = resourceLocatorValue(value);
      if (resolve && typeof value === 'string' && value.charAt(0) === '=') return evaluateNested(call, value.slice(1));
      return value;
    },
  });
}

function nodeDataAccessor(call, nodeName, view) {
  var current = function () {
    return itemAt(call, nodeName, nodeOutputOrPinned(call, nodeName, undefined, view.defaultRun), view.itemIndex());
  };
  var acc = {};
  getter(acc, 'json', function () { return current().json; });
  getter(acc, 'data', function () { return current().json; });
  getter(acc, 'binary', function () { return binaryWithoutData(current()); });
  getter(acc, 'context', function () { return nodeContext(call, nodeName); });
  getter(acc, 'parameter', function () { return parameterProxy(call, nodeName, true); });
  getter(acc, 'runIndex', function () { return runCount(call, nodeName) - 1; });
  return acc;
}

function nodeProxy(call, view) {
  return new Proxy({}, {
    has: function () { return true; },
    get: function (t, name) {
      if (typeof name !== 'string') return undefined;
      if (!(name in call.wf.nodes)) throw missingNodeError(call, name);
      return nodeDataAccessor(call, name, view);
    },
  });
}

function inputAccessor(call) {
  var ensure = function () {
    if (call.items.length === 0) throw exprError(call, 'No execution data available', { type: 'no_execution_data' });
  };
  var sourceNode = function () {
    if (!call.source) {
      throw exprError(call, 'Can\u2019t get data for expression', {
        description: 'Apologies, this is an internal error. See details for more information',
        functionOverrides: { message: 'Can\u2019t get data' },
      });
    }
    return call.source.main[0].previousNode;
  };
  var acc = {};
  getter(acc, 'item', function () { ensure(); return call.items[call.itemIndex]; });
  getter(acc, 'all', function () { ensure(); return function () { return call.items.length ? call.items : []; }; });
  getter(acc, 'first', function () {
    ensure();
    return function () {
      if (arguments.length) throw exprError(call, '$input.first() should have no arguments');
      return call.items[0] ? call.items[0] : undefined;
    };
  });
  getter(acc, 'last', function () {
    ensure();
    return function () {
      if (arguments.length) throw exprError(call, '$input.last() should have no arguments');
      return call.items.length && call.items[call.items.length - 1] ? call.items[call.items.length - 1] : undefined;
    };
  });
  getter(acc, 'params', function () {
    ensure();
    var node = call.wf.nodes[sourceNode()];
    return node ? node.parameters : undefined;
  });
  getter(acc, 'context', function () { ensure(); sourceNode(); return {}; });
  return acc;
}

function itemsFunction(call) {
  return function (nodeName, outputIndex, runIndex) {
    if (nodeName === undefined) {
      var prev = call.source && call.source.main[0] ? call.source.main[0].previousNode : undefined;
      var result = call.items;
      if (call.wf.nodes[prev].executeOnce === true) result = result.slice(0, 1);
      return result.length ? result : [];
    }
    return nodeOutputItems(call, nodeName, outputIndex || 0, runIndex === undefined ? -1 : runIndex);
  };
}

function prevNodeView(call) {
  var source = call.source && call.source.main[0];
  if (!source) return { name: undefined, outputIndex: undefined, runIndex: undefined };
  return { name: source.previousNode, outputIndex: source.previousNodeOutput || 0, runIndex: source.previousNodeRun || 0 };
}

function executionView(call) {
  var mode = call.info.mode === 'manual' ? 'test' : 'production';
  return {
    id: call.info.executionId, mode: mode, resumeUrl: call.info.resumeUrl, resumeFormUrl: call.info.resumeUrl ? call.info.resumeUrl.replace('/webhook-waiting/', '/form-waiting/') : call.info.resumeUrl,
    customData: customDataAccessor(call),
  };
}

function envProxy(call) {
  var env = call.info.env || {};
  var blocked = call.info.envBlocked === true;
  return new Proxy({}, {
    has: function () { return true; },
    get: function (t, name) {
      if (blocked) throw new ExpressionError('access to env vars denied', { description: ENV_DENIED_HINT });
      return typeof name === 'string' && hasOwn(env, name) ? env[name] : undefined;
    },
  });
}

function ifEmpty(value, defaultValue) {
  if (arguments.length !== 2) throw new ExpressionError('expected two arguments (value, defaultValue) for this function');
  if (value === undefined || value === null || value === '') return defaultValue;
  if (typeof value === 'object') {
    if (Array.isArray(value) && !value.length) return defaultValue;
    if (!Object.keys(value).length) return defaultValue;
  }
  return value;
}

function numberList(start, end) {
  var size = Math.abs(start - end) + 1;
  var out = new Array(size);
  for (var i = 0, cur = start; i < size; i++) out[i] = start < end ? cur++ : cur--;
  return out;
}

function zip(keys, values) {
  if (!Array.isArray(keys) || !Array.isArray(values)) throw new ExpressionExtensionError('keys and values must be arrays');
  if (keys.length !== values.length) throw new ExpressionExtensionError('keys and values not of equal length');
  var out = {};
  keys.forEach(function (k, i) { setField(out, k, values[i]); });
  return out;
}

function averageArgs() { return averageOf(Array.prototype.slice.call(arguments)); }
function notValue(v) { return !v; }
function ifFunction(test, yes, no) { return test ? yes : no === undefined ? false : no; }
function jmespathSearch(data, query) {
  if (typeof query !== 'string') throw new ExpressionError('$jmespath needs a query string as its second argument');
  return jmespathLib.search(data, query);
}

function evaluateExpressionFor(call) {
  return function (expression, itemIndex) {
    var index = itemIndex || call.itemIndex;
    return withItem(call, index, function () { return evaluateNested(call, String(expression)); });
  };
}

function itemFunction(call) {
  return function (itemIndex, runIndex) {
    var itemView = { itemIndex: function () { return itemIndex; }, defaultRun: runIndex === undefined ? -1 : runIndex };
    var out = {};
    getter(out, '$json', function () { return itemAt(call, call.nodeName, call.items, itemIndex).json; });
    getter(out, '$binary', function () { return binaryWithoutData(itemAt(call, call.nodeName, call.items, itemIndex)); });
    memo(out, '$node', function () { return nodeProxy(call, itemView); });
    return out;
  };
}

/**
 * The call a scope belongs to. Kept out of the scope object itself: user code reads the
 * scope, and the call leads to per-workflow caches other executions share.
 */
var SCOPE_CALLS = new WeakMap();

function callOf(scope) {
  return SCOPE_CALLS.get(scope);
}

/** Lazily built, per-call value: call.lazy[name]. */
function lazyOf(call, name, factory) {
  var lazy = call.lazy || (call.lazy = Object.create(null));
  if (!(name in lazy)) lazy[name] = factory(call);
  return lazy[name];
}

/**
 * Variables shared by expressions and Code, as getters on a frozen prototype reading the
 * call kept for the scope (callOf): building a scope costs one object, not dozens of
 * closures. Per-item values read call.itemIndex.
 */
function commonScopePrototype() {
  var proto = Object.create(null);
  var g = function (name, fn) { Object.defineProperty(proto, name, { get: fn, enumerable: true }); };
  var lazy = function (name, factory) { g(name, function () { return lazyOf(callOf(this), name, factory); }); };
  var value = function (name, v) { Object.defineProperty(proto, name, { value: v, enumerable: true }); };
  g('$runIndex', function () { return callOf(this).runIndex; });
  g('$thisRunIndex', function () { return callOf(this).runIndex; });
  g('$mode', function () { return callOf(this).info.mode; });
  g('$workflow', function () { return callOf(this).session.workflowView; });
  g('$vars', function () { return callOf(this).session.vars; });
  g('$nodeVersion', function () { return callOf(this).node.typeVersion; });
  g('$nodeId', function () { return callOf(this).node.id; });
  g('$webhookId', function () { return callOf(this).node.webhookId; });
  g('$itemIndex', function () { return callOf(this).itemIndex; });
  g('$thisItemIndex', function () { return callOf(this).itemIndex; });
  g('$position', function () { return callOf(this).itemIndex; });
  g('$thisItem', function () { return callOf(this).items[callOf(this).itemIndex]; });
  g('$binary', function () {
    var call = callOf(this);
    return binaryWithoutData(itemAt(call, call.nodeName, call.items, call.itemIndex));
  });
  lazy('$now', function (call) { return DateTime.now(); });
  lazy('$today', function (call) {
    return lazyOf(call, '$now', function () { return DateTime.now(); }).set({ hour: 0, minute: 0, second: 0, millisecond: 0 });
  });
  lazy('$', function (call) { return function (nodeName) { return nodeAccessor(call, nodeName); }; });
  lazy('$items', itemsFunction);
  lazy('$item', itemFunction);
  lazy('$evaluateExpression', evaluateExpressionFor);
  lazy('$input', inputAccessor);
  lazy('$node', function (call) { return nodeProxy(call, currentView(call)); });
  lazy('$prevNode', prevNodeView);
  lazy('$execution', executionView);
  lazy('$env', envProxy);
  lazy('$parameter', function (call) { return parameterProxy(call, call.nodeName, true); });
  lazy('$rawParameter', function (call) { return parameterProxy(call, call.nodeName, false); });
  value('$ifEmpty', ifEmpty);
  value('$min', Math.min);
  value('$max', Math.max);
  value('min', Math.min);
  value('max', Math.max);
  value('$average', averageArgs);
  value('average', averageArgs);
  value('$not', notValue);
  value('not', notValue);
  value('$if', ifFunction);
  value('numberList', numberList);
  value('zip', zip);
  value('$jmespath', jmespathSearch);
  value('$jmesPath', jmespathSearch);
  return proto;
}

var COMMON_SCOPE = commonScopePrototype();
var EXPR_SCOPE = Object.create(COMMON_SCOPE, {
  __ext: { value: extend }, __extOpt: { value: extendOptional },
  __swallow: { value: swallowError }, __str: { value: templatePart },
});
/** For items outside the input (a node run evaluated without input): $json fails as in n8n. */
var EXPR_SCOPE_NO_ITEM = Object.create(EXPR_SCOPE, {
  $json: { get: function () { var c = callOf(this); return itemAt(c, c.nodeName, c.items, c.itemIndex).json; } },
  $data: { get: function () { var c = callOf(this); return itemAt(c, c.nodeName, c.items, c.itemIndex).json; } },
});

/** The scope compiled expressions read (__s); $json is a plain property the item loop sets. */
function buildExprScope(call, jsonFromItem) {
  var scope = Object.create(jsonFromItem ? EXPR_SCOPE_NO_ITEM : EXPR_SCOPE);
  SCOPE_CALLS.set(scope, call);
  return scope;
}

function withItem(call, itemIndex, fn) {
  var saved = call.itemIndex;
  call.itemIndex = itemIndex;
  try {
    return fn();
  } finally {
    call.itemIndex = saved;
  }
}
`;
