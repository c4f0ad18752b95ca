/** n8n's number and array data transformation functions, inside the isolate. */
export const NUMBER_ARRAY_EXTENSIONS_SOURCE = String.raw`
function numberToDateTime(value, args) {
  var format = args[0] === undefined ? 'ms' : args[0];
  if (['ms', 's', 'us', 'excel'].indexOf(format) === -1) {
    throw new ExpressionExtensionError("Unsupported format '" + String(format) + "'. toDateTime() supports 'ms', 's', 'us' and 'excel'.");
  }
  if (format === 'excel') return DateTime.fromSeconds((value - (25567 + 2)) * 86400);
  if (format === 's') return DateTime.fromSeconds(value);
  if (format === 'us') return DateTime.fromMillis(value / 1000);
  return DateTime.fromMillis(value);
}

function roundNumber(value, args) {
  var places = args[0] === undefined ? 0 : args[0];
  return +value.toFixed(places);
}

var NUMBER_EXT = nullProto({
  ceil: function (v) { return Math.ceil(v); },
  floor: function (v) { return Math.floor(v); },
  format: function (v, args) {
    var locales = args[0] === undefined ? 'en-US' : args[0];
    var config = args[1] === undefined ? {} : args[1];
    return new Intl.NumberFormat(locales, config).format(v);
  },
  round: roundNumber,
  abs: function (v) { return Math.abs(v); },
  isInteger: function (v) { return Number.isInteger(v); },
  isEven: function (v) {
    if (!Number.isInteger(v)) throw new ExpressionExtensionError('isEven() is only callable on integers');
    return v % 2 === 0;
  },
  isOdd: function (v) {
    if (!Number.isInteger(v)) throw new ExpressionExtensionError('isOdd() is only callable on integers');
    return Math.abs(v) % 2 === 1;
  },
  toBoolean: function (v) { return v !== 0; },
  toInt: function (v) { return roundNumber(v, []); },
  toFloat: function (v) { return v; },
  toDateTime: numberToDateTime,
});

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return a !== a && b !== b;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  var ka = Object.keys(a);
  var kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (var i = 0; i < ka.length; i++) {
    if (!hasOwn(b, ka[i]) || !deepEqual(a[ka[i]], b[ka[i]])) return false;
  }
  return true;
}

function uniqueBy(values, keys) {
  var pick = function (item) {
    if (keys.length > 0 && item && typeof item === 'object') {
      var picked = {};
      keys.forEach(function (k) { setField(picked, k, item[k]); });
      return picked;
    }
    return item;
  };
  var out = [];
  var seen = [];
  values.forEach(function (item) {
    var key = pick(item);
    for (var i = 0; i < seen.length; i++) if (deepEqual(seen[i], key)) return;
    seen.push(key);
    out.push(item);
  });
  return out;
}

function ensureNumbers(values, fnName) {
  if (values.some(function (v) { return typeof v !== 'number'; })) {
    throw new ExpressionExtensionError(fnName + '(): all array elements must be numbers');
  }
}

function sumOf(values) {
  ensureNumbers(values, 'sum');
  return values.reduce(function (p, c) { return p + c; }, 0);
}

function averageOf(values) {
  ensureNumbers(values, 'average');
  if (values.length === 0) return 0;
  return sumOf(values) / values.length;
}

function compactObject(value) {
  var out = {};
  Object.entries(value).forEach(function (entry) {
    var k = entry[0];
    var v = entry[1];
    if (v === null || v === undefined || v === 'nil' || v === '') return;
    if (typeof v === 'object') {
      if (Object.keys(v).length === 0) return;
      setField(out, k, compactObject(v));
    } else {
      setField(out, k, v);
    }
  });
  return out;
}

function chunkArray(values, args) {
  var size = args[0];
  if (typeof size !== 'number' || size === 0) {
    throw new ExpressionExtensionError('chunk(): expected non-zero numeric arg, e.g. .chunk(5)');
  }
  var chunks = [];
  for (var i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
}

function mergeInto(value, other) {
  if (!other) return value;
  if (typeof other !== 'object') throw new ExpressionExtensionError('merge(): expected object arg');
  var merged = copyOwn(value);
  Object.entries(other).forEach(function (entry) {
    if (!(entry[0] in merged)) setField(merged, entry[0], entry[1]);
  });
  return merged;
}

function requireArrayArg(args, name, example) {
  if (!Array.isArray(args[0])) {
    throw new ExpressionExtensionError(name + '(): expected array arg, e.g. .' + name + '(' + example + ')');
  }
  return args[0];
}

var ARRAY_EXT = nullProto({
  removeDuplicates: function (v, args) { return uniqueBy(v, args); },
  unique: function (v, args) { return uniqueBy(v, args); },
  first: function (v) { return v[0]; },
  last: function (v) { return v[v.length - 1]; },
  pluck: function (v, args) {
    if (args.length === 0) return v;
    return v.reduce(function (acc, current) {
      if (current && typeof current === 'object') {
        var picked = [];
        Object.keys(current).forEach(function (k) {
          args.forEach(function (field) { if (field === k) picked.push(current[k]); });
        });
        if (picked.length > 0) acc.push(picked.length === 1 ? picked[0] : picked);
      }
      return acc;
    }, []);
  },
  randomItem: function (v) { return v.length ? v[Math.floor(Math.random() * v.length)] : undefined; },
  sum: function (v) { return sumOf(v); },
  min: function (v) { ensureNumbers(v, 'min'); return Math.min.apply(null, v); },
  max: function (v) { ensureNumbers(v, 'max'); return Math.max.apply(null, v); },
  average: function (v) { return averageOf(v); },
  isEmpty: function (v) { return v.length === 0; },
  isNotEmpty: function (v) { return v.length > 0; },
  compact: function (v) {
    return v.filter(function (x) {
      if (x && typeof x === 'object' && Object.keys(x).length === 0) return false;
      return x !== null && x !== undefined && x !== 'nil' && x !== '';
    }).map(function (x) { return typeof x === 'object' && x !== null ? compactObject(x) : x; });
  },
  smartJoin: function (v, args) {
    var keyField = args[0];
    var valueField = args[1];
    if (!keyField || !valueField || typeof keyField !== 'string' || typeof valueField !== 'string') {
      throw new ExpressionExtensionError('smartJoin(): expected two string args, e.g. .smartJoin("name", "value")');
    }
    return v.reduce(function (o, x) {
      if (typeof x === 'object' && x !== null && keyField in x && valueField in x) setField(o, x[keyField], x[valueField]);
      return o;
    }, {});
  },
  chunk: chunkArray,
  renameKeys: function (v, args) {
    if (args.length === 0 || args.length % 2 !== 0) {
      throw new ExpressionExtensionError('renameKeys(): expected an even amount of args: from1, to1 [, from2, to2, ...]. e.g. .renameKeys("name", "title")');
    }
    var pairs = chunkArray(args, [2]);
    return v.map(function (x) {
      if (typeof x !== 'object' || x === null) return x;
      var copy = copyOwn(x);
      pairs.forEach(function (pair) {
        if (pair[0] in copy) {
          setField(copy, pair[1], copy[pair[0]]);
          delete copy[pair[0]];
        }
      });
      return copy;
    });
  },
  merge: function (v, args) {
    var others = args[0];
    if (others === undefined) {
      return v.reduce(function (acc, cur) {
        return cur !== null && typeof cur === 'object' && !Array.isArray(cur) ? mergeInto(acc, cur) : acc;
      }, {});
    }
    if (!Array.isArray(others)) {
      throw new ExpressionExtensionError('merge(): expected array arg, e.g. .merge([{ id: 1, otherValue: 3 }])');
    }
    var length = Math.max(v.length, others.length);
    var merged = {};
    for (var i = 0; i < length; i++) {
      if (v[i] !== undefined && typeof v[i] === 'object' && typeof others[i] === 'object') {
        merged = { ...merged, ...mergeInto(v[i], others[i]) };
      }
    }
    return merged;
  },
  union: function (v, args) {
    var others = requireArrayArg(args, 'union', '[1, 2, 3, 4]');
    var out = Array.from(v);
    others.forEach(function (x) {
      if (out.findIndex(function (w) { return deepEqual(w, x); }) === -1) out.push(x);
    });
    return uniqueBy(out, []);
  },
  difference: function (v, args) {
    var others = requireArrayArg(args, 'difference', '[1, 2, 3, 4]');
    return uniqueBy(v.filter(function (x) {
      return others.findIndex(function (w) { return deepEqual(w, x); }) === -1;
    }), []);
  },
  intersection: function (v, args) {
    var others = requireArrayArg(args, 'intersection', '[1, 2, 3, 4]');
    var out = v.filter(function (x) { return others.findIndex(function (w) { return deepEqual(w, x); }) !== -1; });
    others.forEach(function (x) {
      if (v.findIndex(function (w) { return deepEqual(w, x); }) !== -1) out.push(x);
    });
    return uniqueBy(out, []);
  },
  append: function (v, args) { return v.concat(args); },
  toJsonString: function (v) { return JSON.stringify(v); },
  toInt: function () { return undefined; },
  toFloat: function () { return undefined; },
  toBoolean: function () { return undefined; },
  toDateTime: function () { return undefined; },
});
`;
