/**
 * Runtime core, evaluated inside the isolate (plain JavaScript, strict mode, sharing one
 * function scope with the other runtime parts): n8n's error classes, JSON helpers, UTF-8 and
 * base64 (a bare V8 has no btoa/TextEncoder), and the deep freeze used to harden the realm.
 */
export const CORE_SOURCE = String.raw`
// Names live on the prototypes: once Error.prototype is frozen, assigning an instance's
// name would fail (an inherited read-only property cannot be shadowed by assignment).
class ExpressionError extends Error {
  constructor(message, options) {
    super(message);
    var o = options || {};
    if (o.description !== undefined) this.description = o.description;
    if (o.type !== undefined) this.type = o.type;
    if (o.nodeCause !== undefined) this.nodeCause = o.nodeCause;
  }
}
class ExpressionExtensionError extends ExpressionError {}
Object.defineProperty(ExpressionError.prototype, 'name', { value: 'ExpressionError', writable: true, configurable: true });
Object.defineProperty(ExpressionExtensionError.prototype, 'name', { value: 'ExpressionExtensionError', writable: true, configurable: true });

function isExpressionError(e) {
  return e instanceof ExpressionError;
}

function hasOwn(obj, key) {
  return obj !== null && obj !== undefined && Object.prototype.hasOwnProperty.call(obj, key);
}

/** Defines an own data property; plain assignment fails for keys like toString once Object.prototype is frozen. */
function setField(obj, key, value) {
  Object.defineProperty(obj, key, { value: value, writable: true, enumerable: true, configurable: true });
  return obj;
}

/** A shallow copy of an object's own enumerable properties. */
function copyOwn(source) {
  return { ...source };
}

function nullProto(source) {
  var out = Object.create(null);
  if (source) Object.keys(source).forEach(function (k) { out[k] = source[k]; });
  return out;
}

function deepFreeze(root) {
  var seen = new Set();
  var stack = [root];
  while (stack.length) {
    var obj = stack.pop();
    if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function') || seen.has(obj)) continue;
    seen.add(obj);
    try {
      Object.freeze(obj);
    } catch (e) {
      // Exotic objects some embedders provide (a proxied global) refuse; V8's own intrinsics do not.
    }
    var proto = Object.getPrototypeOf(obj);
    if (proto) stack.push(proto);
    var keys = Reflect.ownKeys(obj);
    for (var i = 0; i < keys.length; i++) {
      var d = Object.getOwnPropertyDescriptor(obj, keys[i]);
      if (!d) continue;
      if ('value' in d) stack.push(d.value);
      if (d.get) stack.push(d.get);
      if (d.set) stack.push(d.set);
    }
  }
  return root;
}

function utf8Encode(str) {
  var bytes = [];
  for (var i = 0; i < str.length; i++) {
    var c = str.codePointAt(i);
    if (c > 0xffff) i++;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return bytes;
}

function utf8Decode(bytes) {
  var out = '';
  for (var i = 0; i < bytes.length; ) {
    var b = bytes[i++];
    var c;
    if (b < 0x80) c = b;
    else if (b < 0xe0) c = ((b & 31) << 6) | (bytes[i++] & 63);
    else if (b < 0xf0) c = ((b & 15) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
    else c = ((b & 7) << 18) | ((bytes[i++] & 63) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
    out += String.fromCodePoint(c);
  }
  return out;
}

var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function bytesToBase64(bytes) {
  var out = '';
  for (var i = 0; i < bytes.length; i += 3) {
    var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

function base64ToBytes(text) {
  var clean = String(text).replace(/[\s=]/g, '').replace(/-/g, '+').replace(/_/g, '/');
  var bytes = [];
  for (var i = 0; i < clean.length; i += 4) {
    var n = 0;
    var count = 0;
    for (var j = 0; j < 4; j++) {
      var idx = i + j < clean.length ? B64.indexOf(clean[i + j]) : -1;
      if (idx >= 0) count++;
      n = (n << 6) | (idx < 0 ? 0 : idx);
    }
    bytes.push((n >> 16) & 255);
    if (count > 2) bytes.push((n >> 8) & 255);
    if (count > 3) bytes.push(n & 255);
  }
  return bytes;
}

function base64Encode(text) {
  return bytesToBase64(utf8Encode(String(text)));
}

function base64Decode(text) {
  return utf8Decode(base64ToBytes(text));
}

function btoaShim(text) {
  var s = String(text);
  var bytes = [];
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c > 255) throw new Error("Failed to execute 'btoa': The string to be encoded contains characters outside of the Latin1 range.");
    bytes.push(c);
  }
  return bytesToBase64(bytes);
}

function atobShim(text) {
  return base64ToBytes(text).map(function (b) { return String.fromCharCode(b); }).join('');
}

/** JSON text of a value, or an error message when it has no JSON form (BigInt, cycles). */
function toJsonText(value) {
  try {
    return { ok: true, text: JSON.stringify(value) };
  } catch (e) {
    return { ok: false, message: e && e.message ? String(e.message) : String(e) };
  }
}

function describeError(e) {
  // As n8n's runner: only a string message makes a thrown value error-like; anything else
  // is reported as its JSON text.
  var text;
  if (e !== null && typeof e === 'object') {
    var message = e.message;
    var errorLike = typeof message === 'string';
    if (!errorLike) {
      try { text = JSON.stringify(e); } catch (x) { text = String(e); }
    }
    return {
      name: typeof e.name === 'string' ? e.name : 'Error',
      message: typeof message === 'string' ? message : message === undefined ? undefined : String(message),
      stack: typeof e.stack === 'string' ? e.stack : undefined,
      description: typeof e.description === 'string' ? e.description : undefined,
      expression: isExpressionError(e),
      errorLike: errorLike,
      thrown: text,
    };
  }
  try { text = JSON.stringify(e); } catch (x) { text = String(e); }
  return { name: 'Error', message: text, expression: false, errorLike: false, thrown: text };
}
`;
