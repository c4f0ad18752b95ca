/**
 * The runtime's entry points (called by the host), the Code-node scope, compiled-function
 * caches, and the hardening that freezes every intrinsic before any user code runs, so
 * that one execution cannot change what another sees.
 */
export const ENTRIES_SOURCE = String.raw`
var EXPR_FNS = new Map();
/** Expression functions by the id the host gave their source (sources travel once per isolate). */
var SLOT_FNS = new Map();
var NESTED_FNS = new Map();
var ACTIVE_CALLS = new Map();
var CACHE_LIMIT = 5000;
/** n8n 2.x's isolated-vm evaluator cannot hand a function out of its isolate. */
function functionFailureText(fn) {
  var text;
  try { text = String(fn); } catch (e) { text = 'function'; }
  return 'Expression evaluation failed: ' + text + ' could not be cloned.';
}
var FAILURE_DATETIME = 'this is a DateTime, please access its methods';

function cacheSet(map, key, value) {
  if (map.size >= CACHE_LIMIT) map.clear();
  map.set(key, value);
  return value;
}

function compileFunction(source) {
  var fn = (0, eval)(source);
  Object.freeze(fn.prototype);
  return Object.freeze(fn);
}

function swallowError(e) {
  if (isExpressionError(e)) throw e;
  return undefined;
}

function templatePart(v) {
  return v || v === 0 || v === false ? String(v) : '';
}

function failure(message, description) {
  var out = { __expressionError: true, message: message };
  if (description !== undefined) out.description = description;
  return out;
}

function failureOf(e) {
  if (isExpressionError(e)) return failure(e.message, e.description);
  return failure(e && e.message ? String(e.message) : String(e));
}

function exprFunction(source) {
  var hit = EXPR_FNS.get(source);
  if (hit) return hit;
  var compiled;
  try {
    compiled = { fn: compileFunction(source) };
  } catch (e) {
    compiled = { failure: failure('invalid syntax') };
  }
  return cacheSet(EXPR_FNS, source, compiled);
}

function evaluateNested(call, template) {
  var compiled = NESTED_FNS.get(template);
  if (!compiled) {
    var result = JSON.parse(hostCompile(template));
    if (!result.ok) compiled = { error: result.message, description: result.description };
    else {
      try {
        compiled = { fn: compileFunction(result.source) };
      } catch (e) {
        compiled = { error: 'invalid syntax' };
      }
    }
    cacheSet(NESTED_FNS, template, compiled);
  }
  if (compiled.error) throw new ExpressionError(compiled.error, { description: compiled.description });
  if (!call.nestedScope) call.nestedScope = buildExprScope(call, true);
  var value = compiled.fn(call.nestedScope);
  if (typeof value === 'function') throw new ExpressionError(value === DateTime ? FAILURE_DATETIME : functionFailureText(value));
  return value;
}

function evaluateSlot(compiled, scope) {
  if (compiled.failure) return compiled.failure;
  var value;
  try {
    value = compiled.fn(scope);
  } catch (e) {
    return failureOf(e);
  }
  if (typeof value === 'function') return failure(value === DateTime ? FAILURE_DATETIME : functionFailureText(value));
  return value;
}

function serializeRows(rows) {
  var whole = toJsonText(rows);
  if (whole.ok) return whole.text;
  var safe = rows.map(function (row) {
    return row.map(function (value) {
      var one = toJsonText(value);
      return one.ok ? value : failure(one.message);
    });
  });
  return JSON.stringify(safe);
}

/** Housekeeping every call carries: sessions the host closed, expression sources it defines. */
function applyHostNotes(p) {
  if (p.closed) p.closed.forEach(function (id) { SESSIONS.delete(id); });
  if (p.resetSlots) SLOT_FNS.clear();
  if (p.defs) Object.keys(p.defs).forEach(function (id) { SLOT_FNS.set(Number(id), exprFunction(p.defs[id])); });
}

var UNKNOWN_SLOT = { failure: failure('The expression was not loaded into the sandbox') };

/** Evaluates every expression slot for items [itemStart, itemEnd) of one node run. */
function resolveEntry(sessionId, payloadText) {
  var p = JSON.parse(payloadText);
  applyHostNotes(p);
  var call = createCall(sessionId, p);
  var compiled = p.slots.map(function (id) { return SLOT_FNS.get(id) || UNKNOWN_SLOT; });
  var inRange = p.itemEnd <= call.items.length;
  var scope = buildExprScope(call, !inRange);
  var rows = [];
  var undef = [];
  var nonFinite = [];
  var width = compiled.length;
  for (var i = p.itemStart; i < p.itemEnd; i++) {
    call.itemIndex = i;
    if (inRange) {
      var json = call.items[i].json;
      scope.$json = json;
      scope.$data = json;
    }
    var row = new Array(width);
    for (var s = 0; s < width; s++) {
      var value = evaluateSlot(compiled[s], scope);
      if (value === undefined) undef.push((i - p.itemStart) * width + s);
      // JSON has no NaN or Infinity; they travel by name so that a string field gets "NaN" as in n8n.
      else if (typeof value === 'number' && !isFinite(value)) nonFinite.push([(i - p.itemStart) * width + s, String(value)]);
      row[s] = value;
    }
    rows.push(row);
  }
  return withSessionState(call.session, '{"undef":' + JSON.stringify(undef) + ',"nonFinite":' + JSON.stringify(nonFinite) + ',"rows":' + serializeRows(rows) + '}');
}

function formatLogArg(arg) {
  if (typeof arg === 'string') return "'" + arg + "'";
  var seen = new WeakSet();
  try {
    var text = JSON.stringify(arg, function (k, v) {
      if (v && typeof v === 'object') {
        if (seen.has(v)) return '[Circular Reference]';
        seen.add(v);
      }
      return v;
    });
    return text === undefined ? String(arg) : text;
  } catch (e) {
    return String(arg);
  }
}

function codeConsole(call) {
  var log = function () {
    var text = Array.prototype.map.call(arguments, formatLogArg).join(' ');
    hostLog(call.session.id, call.nodeName, text);
  };
  var noop = function () {};
  return { log: log, info: log, warn: log, error: log, debug: noop, trace: noop, dir: noop, table: noop, time: noop, timeEnd: noop };
}

function codeTimers(call, store) {
  var arm = function (fn, ms, args, repeat) {
    if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function');
    call.timerSeq += 1;
    var id = call.timerSeq;
    var delay = Math.max(0, Number(ms) || 0);
    call.timers.set(id, { fn: fn, args: args, repeat: repeat, ms: delay });
    hostTimer(call.callId, id, delay);
    return id;
  };
  var clear = function (id) { call.timers.delete(id); };
  store.setTimeout = function (fn, ms) { return arm(fn, ms, Array.prototype.slice.call(arguments, 2), false); };
  store.setInterval = function (fn, ms) { return arm(fn, ms, Array.prototype.slice.call(arguments, 2), true); };
  store.setImmediate = function (fn) { return arm(fn, 0, Array.prototype.slice.call(arguments, 1), false); };
  store.clearTimeout = clear;
  store.clearInterval = clear;
  store.clearImmediate = clear;
}

/** Asks the host for something user code awaits; settleRequestEntry answers it later. */
function askHost(call, method, args) {
  return new Promise(function (resolve, reject) {
    call.requestSeq += 1;
    var id = call.requestSeq;
    call.requests.set(id, { resolve: resolve, reject: reject });
    hostRequest(call.callId, id, method, JSON.stringify(args));
  });
}

function bytesArg(value, method) {
  if (typeof value === 'string') return Buffer.from(value).toString('base64');
  if (!(value instanceof Uint8Array)) throw new TypeError('helpers.' + method + ' expects a Buffer');
  return Buffer.from(value).toString('base64');
}

function unsupportedHelper(name) {
  return function () { throw new Error('helpers.' + name + ' is not supported in the Code node on this service'); };
}

/**
 * n8n's Code-node helpers (its task runner's RPC list): binary data through the host, bytes
 * as Buffers on this side and base64 text across the boundary.
 */
function codeHelpers(call) {
  var helpers = {
    getBinaryDataBuffer: function (itemIndex, propertyName) {
      return askHost(call, 'getBinaryDataBuffer', [Number(itemIndex), String(propertyName)]).then(function (text) { return Buffer.from(text, 'base64'); });
    },
    prepareBinaryData: function (binaryData, filePath, mimeType) {
      return askHost(call, 'prepareBinaryData', [bytesArg(binaryData, 'prepareBinaryData'), filePath === undefined ? null : String(filePath), mimeType === undefined ? null : String(mimeType)]);
    },
    setBinaryDataBuffer: function (metadata, buffer) {
      return askHost(call, 'setBinaryDataBuffer', [JSON.parse(JSON.stringify(metadata)), bytesArg(buffer, 'setBinaryDataBuffer')]).then(function (stored) {
        Object.keys(stored).forEach(function (key) { metadata[key] = stored[key]; });
        return metadata;
      });
    },
    assertBinaryData: function (itemIndex, propertyName) {
      return askHost(call, 'assertBinaryData', [Number(itemIndex), String(propertyName)]);
    },
    binaryToString: function (body, encoding) {
      return Promise.resolve(Buffer.from(body).toString(encoding || 'utf8'));
    },
  };
  ['httpRequest', 'request', 'httpRequestWithAuthentication', 'copyBinaryFile', 'getBinaryStream', 'binaryToBuffer', 'getBinaryMetadata', 'createReadStream'].forEach(function (name) {
    helpers[name] = unsupportedHelper(name);
  });
  return helpers;
}

function settleRequestEntry(callId, requestId, ok, payload) {
  var call = ACTIVE_CALLS.get(callId);
  if (!call) return;
  var pending = call.requests.get(requestId);
  if (!pending) return;
  call.requests.delete(requestId);
  Settings.defaultZone = call.session.zone;
  if (ok) pending.resolve(JSON.parse(payload));
  else pending.reject(new Error(payload));
}

var CODE_EACH_SCOPE = Object.create(COMMON_SCOPE, {
  $json: { get: function () { return callOf(this).items[callOf(this).itemIndex].json; }, enumerable: true },
  $data: { get: function () { return callOf(this).items[callOf(this).itemIndex].json; }, enumerable: true },
  item: { get: function () { return callOf(this).items[callOf(this).itemIndex]; }, enumerable: true },
});

function buildCodeStore(call, p) {
  var store = Object.create(p.mode === 'runOnceForEachItem' ? CODE_EACH_SCOPE : COMMON_SCOPE);
  SCOPE_CALLS.set(store, call);
  if (p.mode !== 'runOnceForEachItem') {
    store.$json = call.items[0] ? call.items[0].json : undefined;
    store.items = call.items;
  }
  store.console = codeConsole(call);
  store.require = function (name) { throw new Error("Module '" + String(name) + "' is disallowed"); };
  store.module = { exports: {} };
  store.global = globalThis;
  store.btoa = btoaShim;
  store.atob = atobShim;
  store.Buffer = Buffer;
  store.TextEncoder = TextEncoder;
  store.TextDecoder = TextDecoder;
  store.$getWorkflowStaticData = function () {
    // The object is handed out and may change at any time until the call ends.
    call.session.stateDirty = true;
    if (!call.session.staticData) call.session.staticData = JSON.parse(JSON.stringify(call.info.staticData || {}));
    return call.session.staticData;
  };
  codeTimers(call, store);
  store.helpers = codeHelpers(call);
  return store;
}

/** The scope of user code: unknown names become per-call variables instead of globals. */
function withScope(store) {
  return new Proxy(store, {
    has: function (t, key) { return typeof key === 'string' && (key in t || !(key in globalThis)); },
    get: function (t, key) {
      if (key === Symbol.unscopables) return undefined;
      if (key in t) return t[key];
      throw new ReferenceError(String(key) + ' is not defined');
    },
    set: function (t, key, value) {
      // Define rather than assign: the store's prototype holds read-only n8n variables.
      Object.defineProperty(t, key, { value: value, writable: true, enumerable: true, configurable: true });
      return true;
    },
  });
}

function codeResult(result) {
  var text = toJsonText(result);
  if (text.ok) return text.text;
  return JSON.stringify({ ok: false, error: { name: 'TypeError', message: text.message, expression: false, errorLike: true } });
}

async function runAll(call, fn, scope, self) {
  try {
    var value = await fn.call(self, scope);
    return { ok: true, value: value, undef: value === undefined };
  } catch (e) {
    return { ok: false, error: describeError(e) };
  }
}

async function runEach(call, fn, scope, self, continueOnFail) {
  var values = [];
  var errors = {};
  for (var i = 0; i < call.items.length; i++) {
    call.itemIndex = i;
    try {
      var value = await fn.call(self, scope);
      values.push(value === undefined ? null : value);
    } catch (e) {
      if (!continueOnFail) return { ok: false, error: describeError(e), itemIndex: i };
      errors[i] = describeError(e);
      values.push(null);
    }
  }
  return { ok: true, values: values, errors: errors };
}

/**
 * Runs Code-node JavaScript; resolves to the JSON text of { ok, value | values, error }.
 * The wrapper is the user's code compiled by the host as a function of the scope object;
 * it is cached across calls, hence frozen here.
 */
function runCodeEntry(sessionId, payloadText, wrapper, callId) {
  var p = JSON.parse(payloadText);
  applyHostNotes(p);
  var call = createCall(sessionId, p);
  call.callId = callId;
  call.timers = new Map();
  call.timerSeq = 0;
  call.requests = new Map();
  call.requestSeq = 0;
  if (!Object.isFrozen(wrapper)) {
    Object.freeze(wrapper.prototype);
    Object.freeze(wrapper);
  }
  var store = buildCodeStore(call, p);
  var scope = withScope(store);
  ACTIVE_CALLS.set(callId, call);
  // As n8n's runner, static data changes count only when the code succeeds: a retried try
  // starts again from what the last successful run left.
  var staticBefore = call.session.staticData ? JSON.stringify(call.session.staticData) : undefined;
  // \x60this\x60 in user code is the realm's global object, as before, plus n8n's \x60this.helpers\x60.
  var self = Object.create(globalThis, { helpers: { value: store.helpers, enumerable: true } });
  var run = p.mode === 'runOnceForEachItem' ? runEach(call, wrapper, scope, self, p.continueOnFail === true) : runAll(call, wrapper, scope, self);
  return run.then(function (outcome) {
    if (!outcome.ok) call.session.staticData = staticBefore === undefined ? undefined : JSON.parse(staticBefore);
    return withSessionState(call.session, codeResult(outcome));
  }).finally(function () {
    ACTIVE_CALLS.delete(callId);
    call.timers.clear();
    call.requests.clear();
  });
}

function fireTimerEntry(callId, timerId) {
  var call = ACTIVE_CALLS.get(callId);
  if (!call) return;
  var timer = call.timers.get(timerId);
  if (!timer) return;
  if (timer.repeat) hostTimer(callId, timerId, timer.ms);
  else call.timers.delete(timerId);
  // Other sessions ran meanwhile: this call's code continues in its own timezone.
  Settings.defaultZone = call.session.zone;
  try {
    timer.fn.apply(undefined, timer.args);
  } catch (e) {
    hostLog(call.session.id, call.nodeName, 'Uncaught error in timer: ' + (e && e.message ? e.message : String(e)));
  }
}

function cancelCallEntry(callId) {
  var call = ACTIVE_CALLS.get(callId);
  if (call) call.timers.clear();
  ACTIVE_CALLS.delete(callId);
}

/** Drops sessions the host closed; the argument is a JSON array of session ids. */
function closeSessionEntry(idsText) {
  JSON.parse(idsText).forEach(function (id) { SESSIONS.delete(id); });
}

var LEGACY_REGEXP_STATICS = ['$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9', 'input', '$_', 'lastMatch', '$&',
  'lastParen', '$+', 'leftContext', '$\x60', 'rightContext', "$'"];

/**
 * Frozen prototypes make a plain assignment such as \x60this.name = 'MyError'\x60 in a custom
 * error class throw (the "override mistake"). These properties become accessors whose
 * setter defines the property on the instance instead, as in an unfrozen realm.
 */
function enablePropertyOverride(proto, key) {
  var desc = Object.getOwnPropertyDescriptor(proto, key);
  if (!desc || !('value' in desc) || !desc.configurable) return;
  var value = desc.value;
  var getter = function () { return value; };
  var setter = function (next) {
    if (this === proto) throw new TypeError("Cannot assign to read only property '" + String(key) + "' of object");
    Object.defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
  };
  Object.freeze(getter);
  Object.freeze(setter);
  Object.defineProperty(proto, key, { get: getter, set: setter, enumerable: desc.enumerable, configurable: false });
}

var OVERRIDABLE = [
  [Error.prototype, ['name', 'message', 'constructor', 'toString']],
  [TypeError.prototype, ['name', 'message', 'constructor']],
  [RangeError.prototype, ['name', 'message', 'constructor']],
  [SyntaxError.prototype, ['name', 'message', 'constructor']],
  [ReferenceError.prototype, ['name', 'message', 'constructor']],
  [EvalError.prototype, ['name', 'message', 'constructor']],
  [URIError.prototype, ['name', 'message', 'constructor']],
  [Object.prototype, ['toString', 'valueOf', 'constructor', 'toLocaleString']],
];

function harden() {
  OVERRIDABLE.forEach(function (entry) {
    entry[1].forEach(function (key) { enablePropertyOverride(entry[0], key); });
  });
  LEGACY_REGEXP_STATICS.forEach(function (key) {
    try { delete RegExp[key]; } catch (e) { /* not configurable here: nothing to remove */ }
  });
  [
    globalThis,
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(async function* () {}),
    Object.getPrototypeOf((function* () {})()),
    Object.getPrototypeOf((async function* () {})()),
    Object.getPrototypeOf([][Symbol.iterator]()),
    Object.getPrototypeOf(new Map()[Symbol.iterator]()),
    Object.getPrototypeOf(new Set()[Symbol.iterator]()),
    Object.getPrototypeOf(''[Symbol.iterator]()),
    Object.getPrototypeOf(/a/[Symbol.matchAll]('a')),
    Object.getPrototypeOf(Int8Array),
    ExpressionError, ExpressionExtensionError, COMMON_SCOPE, EXPR_SCOPE, EXPR_SCOPE_NO_ITEM, CODE_EACH_SCOPE,
    extend, extendOptional, swallowError, templatePart, ifEmpty, averageArgs, notValue, ifFunction,
    numberList, zip, jmespathSearch, jmespathLib, btoaShim, atobShim, Buffer, TextEncoder, TextDecoder,
  ].forEach(deepFreeze);
}
`;
