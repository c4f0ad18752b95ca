/**
 * n8n's object, date and boolean data transformation functions, and the dispatcher the
 * rewritten calls use: `__ext(x, "name", args)` picks the function by the receiver's type
 * exactly as n8n's `extend()` does (type-specific first, then a native method, then the
 * generic isEmpty/isNotEmpty), with n8n's error messages.
 */
export const OBJECT_DATE_EXTENSIONS_SOURCE = String.raw`
function formUrlEncode(value) {
  return Object.keys(value).map(function (k) {
    var encode = function (s) {
      return encodeURIComponent(String(s)).replace(/[!'()~]/g, function (c) {
        return '%' + c.charCodeAt(0).toString(16).toUpperCase();
      }).replace(/%20/g, '+');
    };
    return encode(k) + '=' + encode(value[k]);
  }).join('&');
}

function requireFieldMatch(args, message) {
  var match = args[0];
  if (typeof match !== 'string' || match === '') throw new ExpressionExtensionError(message);
  return match;
}

var OBJECT_EXT = nullProto({
  isEmpty: function (v) { return Object.keys(v).length === 0; },
  isNotEmpty: function (v) { return Object.keys(v).length !== 0; },
  hasField: function (v, args) { return args[0] in v; },
  removeField: function (v, args) {
    if (!(args[0] in v)) return v;
    var copy = copyOwn(v);
    delete copy[args[0]];
    return copy;
  },
  removeFieldsContaining: function (v, args) {
    var match = requireFieldMatch(args, 'removeFieldsContaining(): expected non-empty string arg');
    var copy = copyOwn(v);
    Object.entries(v).forEach(function (e) {
      if (typeof e[1] === 'string' && e[1].indexOf(match) !== -1) delete copy[e[0]];
    });
    return copy;
  },
  keepFieldsContaining: function (v, args) {
    var match = requireFieldMatch(args, 'argument of keepFieldsContaining must be a non-empty string');
    var copy = copyOwn(v);
    Object.entries(v).forEach(function (e) {
      if (typeof e[1] !== 'string' || e[1].indexOf(match) === -1) delete copy[e[0]];
    });
    return copy;
  },
  compact: function (v) { return compactObject(v); },
  urlEncode: function (v) { return formUrlEncode(v); },
  keys: function (v) { return Object.keys(v); },
  values: function (v) { return Object.values(v); },
  toJsonString: function (v) { return JSON.stringify(v); },
  toInt: function () { return undefined; },
  toFloat: function () { return undefined; },
  toBoolean: function () { return undefined; },
  toDateTime: function () { return undefined; },
});

var DURATION_UNITS = ['milliseconds', 'seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'quarters', 'years'];
var DATE_PARTS = ['day', 'week', 'month', 'year', 'hour', 'minute', 'second', 'millisecond', 'weekNumber', 'yearDayNumber', 'weekday'];
var DURATION_MAP = nullProto({ day: 'days', month: 'months', year: 'years', week: 'weeks', hour: 'hours', minute: 'minutes',
  second: 'seconds', millisecond: 'milliseconds', ms: 'milliseconds', sec: 'seconds', secs: 'seconds', hr: 'hours',
  hrs: 'hours', min: 'minutes', mins: 'minutes' });
var DATETIMEUNIT_MAP = nullProto({ days: 'day', months: 'month', years: 'year', hours: 'hour', minutes: 'minute',
  seconds: 'second', milliseconds: 'millisecond', hrs: 'hour', hr: 'hour', mins: 'minute', min: 'minute',
  secs: 'second', sec: 'second', ms: 'millisecond' });

function isDateTime(v) {
  return v ? DateTime.isDateTime(v) : false;
}

function asDateTime(v) {
  if (isDateTime(v)) return v;
  if (typeof v === 'string') return stringToDateTime(v);
  return DateTime.fromJSDate(v);
}

function looseDateTime(v) {
  if (typeof v === 'string') {
    var parsed = DateTime.fromJSDate(new Date(v));
    return parsed.invalidReason !== null ? undefined : parsed;
  }
  if (v instanceof Date) return DateTime.fromJSDate(v);
  if (DateTime.isDateTime(v)) return v;
  return undefined;
}

function durationObject(value, unit) {
  return setField({}, DURATION_MAP[unit] || unit, value);
}

function shiftDate(date, args, sign) {
  var duration = args.length === 1 ? args[0] : durationObject(args[0] === undefined ? 0 : args[0], args[1] === undefined ? 'minutes' : args[1]);
  var method = sign > 0 ? 'plus' : 'minus';
  if (isDateTime(date)) return date[method](duration);
  return DateTime.fromJSDate(date)[method](duration).toJSDate();
}

function diffDates(date, args) {
  var unit = args[1] === undefined ? 'days' : args[1];
  var units = Array.isArray(unit) ? unit : [unit];
  if (units.length === 0) units = ['days'];
  var allowed = DATE_PARTS.concat(DURATION_UNITS);
  var bad = units.find(function (u) { return allowed.indexOf(u) === -1; });
  if (bad !== undefined) {
    throw new ExpressionExtensionError("Unsupported unit '" + String(bad) + "'. Supported: " +
      DURATION_UNITS.map(function (u) { return "'" + u + "'"; }).join(', ') + '.');
  }
  var result = asDateTime(date).diff(asDateTime(args[0]), units);
  return units.length > 1 ? result.toObject() : result.as(units[0]);
}

var DATE_EXT = nullProto({
  beginningOf: function (date, args) {
    var raw = args[0] === undefined ? 'week' : args[0];
    var unit = DATETIMEUNIT_MAP[raw] || raw;
    if (isDateTime(date)) return date.startOf(unit);
    return DateTime.fromJSDate(date).startOf(unit).toJSDate();
  },
  endOfMonth: function (date) {
    if (isDateTime(date)) return date.endOf('month');
    return DateTime.fromJSDate(date).endOf('month').toJSDate();
  },
  extract: function (date, args) {
    var part = args[0] === undefined ? 'week' : args[0];
    if (part === 'yearDayNumber') {
      var d = isDateTime(date) ? date.toJSDate() : date;
      var start = new Date(d.getFullYear(), 0, 0);
      var diff = d.getTime() - start.getTime() + (start.getTimezoneOffset() - d.getTimezoneOffset()) * 60000;
      return Math.floor(diff / 86400000);
    }
    if (part === 'week') part = 'weekNumber';
    var unit = DATETIMEUNIT_MAP[part] || part;
    return (isDateTime(date) ? date : DateTime.fromJSDate(date)).get(unit);
  },
  isBetween: function (date, args) {
    if (args.length !== 2) throw new ExpressionExtensionError('isBetween(): expected exactly two args');
    var a = looseDateTime(args[0]);
    var b = looseDateTime(args[1]);
    if (!a || !b) return undefined;
    if (a > b) return b < date && date < a;
    return b > date && date > a;
  },
  isDst: function (date) { return (isDateTime(date) ? date : DateTime.fromJSDate(date)).isInDST; },
  isInLast: function (date, args) {
    var past = DateTime.now().minus(durationObject(args[0] === undefined ? 0 : args[0], args[1] === undefined ? 'minutes' : args[1]));
    var d = isDateTime(date) ? date : DateTime.fromJSDate(date);
    return past <= d && d <= DateTime.now();
  },
  isWeekend: function (date) {
    var weekday = (isDateTime(date) ? date : DateTime.fromJSDate(date)).weekday;
    return weekday === 6 || weekday === 7;
  },
  minus: function (date, args) { return shiftDate(date, args, -1); },
  plus: function (date, args) { return shiftDate(date, args, 1); },
  format: function (date, args) {
    var opts = copyOwn(args[1] || {});
    return (isDateTime(date) ? date : DateTime.fromJSDate(date)).toFormat(args[0], opts);
  },
  toDateTime: function (date) { return asDateTime(date); },
  diffTo: diffDates,
  diffToNow: function (date, args) { return diffDates(date, [DateTime.now(), args[0]]); },
  toInt: function (date) { return isDateTime(date) ? date.toMillis() : date.getTime(); },
  toFloat: function (date) { return isDateTime(date) ? date.toMillis() : date.getTime(); },
  toBoolean: function () { return undefined; },
  isEmpty: function () { return false; },
  isNotEmpty: function () { return true; },
});

var BOOLEAN_EXT = nullProto({
  toBoolean: function (v) { return v; },
  toInt: function (v) { return v ? 1 : 0; },
  toFloat: function (v) { return v ? 1 : 0; },
  toNumber: function (v) { return v ? 1 : 0; },
  toDateTime: function () { return undefined; },
});

var GENERIC_EXT = nullProto({
  isEmpty: function (v) { return v === null || v === undefined || !v; },
  isNotEmpty: function (v) { return !(v === null || v === undefined || !v); },
});

var EXTENSION_TABLES = [
  ['Array', ARRAY_EXT], ['Date', DATE_EXT], ['Number', NUMBER_EXT],
  ['Object', OBJECT_EXT], ['String', STRING_EXT], ['Boolean', BOOLEAN_EXT],
];

function extensionNames() {
  var names = new Set(Object.keys(GENERIC_EXT));
  EXTENSION_TABLES.forEach(function (t) { Object.keys(t[1]).forEach(function (n) { names.add(n); }); });
  return names;
}
var KNOWN_EXTENSIONS = extensionNames();

function isIsoDateString(v) {
  if (typeof v !== 'string' || !v.length) return false;
  if (!/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}.\d{3}Z/.test(v)) return false;
  var d = new Date(v);
  return !isNaN(d.valueOf()) && d.toISOString() === v;
}

/** n8n's findExtendedFunction: the function a call resolves to, and the receiver it gets. */
function findExtension(input, name) {
  if (!KNOWN_EXTENSIONS.has(name)) {
    throw new ExpressionExtensionError('Cannot access "' + String(name) + '" via expression extension due to security concerns');
  }
  var fn;
  if (Array.isArray(input)) fn = ARRAY_EXT[name];
  else if (isIsoDateString(input) && name !== 'toDate' && name !== 'toDateTime') {
    input = new Date(input);
    fn = DATE_EXT[name];
  } else if (typeof input === 'string') fn = STRING_EXT[name];
  else if (typeof input === 'number') fn = NUMBER_EXT[name];
  else if (input && (DateTime.isDateTime(input) || input instanceof Date)) fn = DATE_EXT[name];
  else if (input !== null && typeof input === 'object') fn = OBJECT_EXT[name];
  else if (typeof input === 'boolean') fn = BOOLEAN_EXT[name];
  if (fn) return { native: false, fn: fn, input: input };
  if (input && typeof input[name] === 'function') return { native: true, fn: input[name], input: input };
  fn = GENERIC_EXT[name];
  return fn ? { native: false, fn: fn, input: input } : undefined;
}

function extend(input, name, args) {
  var found = findExtension(input, name);
  if (!found) {
    if (input === undefined || input === null) {
      throw new ExpressionExtensionError(name + " can't be used on " + String(input) + ' value', {
        description: 'To ignore this error, add a ? to the variable before this function, e.g. my_var?.' + name,
      });
    }
    var types = EXTENSION_TABLES.filter(function (t) { return name in t[1]; }).map(function (t) { return '"' + t[0] + '"'; });
    if (types.length === 0) throw new ExpressionExtensionError('Unknown expression function: ' + name);
    if (types.length === 1) throw new ExpressionExtensionError(name + '() is only callable on type ' + types[0]);
    var last = types.pop();
    throw new ExpressionExtensionError(name + '() is only callable on types ' + types.join(', ') + ', and ' + last);
  }
  return found.native ? found.fn.apply(found.input, args) : found.fn(found.input, args);
}

function extendOptional(input, name, args) {
  var found = findExtension(input, name);
  if (!found) return undefined;
  return found.native ? found.fn.apply(found.input, args) : found.fn(found.input, args);
}
`;
