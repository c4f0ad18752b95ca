/**
 * n8n's string data transformation functions, inside the isolate. Each takes the receiver
 * and the call's argument array, as n8n's extensions do. Semantics follow n8n's
 * string-extensions.ts; `replaceSpecialChars` and `toTitleCase` approximate the libraries
 * n8n uses (transliteration, title-case).
 */
export const STRING_EXTENSIONS_SOURCE = String.raw`
var CURRENCY_RE = /(\u004c\u0065\u006b|\u060b|\u0024|\u0192|\u20bc|\u0042\u0072|\u0042\u005a\u0024|\u0024\u0062|\u004b\u004d|\u0050|\u043b\u0432|\u0052\u0024|\u17db|\u00a5|\u20a1|\u006b\u006e|\u20b1|\u004b\u010d|\u006b\u0072|\u0052\u0044\u0024|\u00a3|\u20ac|\u00a2|\u0051|\u004c|\u0046\u0074|\u20b9|\u0052\u0070|\ufdfc|\u20aa|\u004a\u0024|\u20a9|\u20ad|\u0434\u0435\u043d|\u0052\u004d|\u20a8|\u20ae|\u004d\u0054|\u0043\u0024|\u20a6|\u0042\u002f\u002e|\u0047\u0073|\u0053\u002f\u002e|\u007a\u0142|\u006c\u0065\u0069|\u20bd|\u0414\u0438\u043d\u002e|\u0053|\u0052|\u0043\u0048\u0046|\u004e\u0054\u0024|\u0e3f|\u0054\u0054\u0024|\u20ba|\u20b4|\u0024\u0055|\u0042\u0073|\u20ab|\u005a\u0024)/gu;
var DOMAIN_EXTRACT_RE = /^(?:(?:https?|ftp):\/\/)?(?:mailto:)?(?:\/\/)?((?:www\.)?(?:(?:[-\w]+\.)+(?:[a-zA-Z]{2,}|xn--[a-zA-Z0-9]+)|localhost|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}))(?::\d+)?(?:\/[^\s?]*)?(?:\?[^\s#]*)?(?:#[^\s]*)?$/i;
var DOMAIN_RE = /^(?:www\.)?((?:(?:[-\w]+\.)+(?:[a-zA-Z]{2,}|xn--[a-zA-Z0-9]+)|localhost|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}))(?::\d+)?(?:\/[^\s?]*)?(?:\?[^\s#]*)?(?:#[^\s]*)?$/i;
var EMAIL_RE = /(([^<>()\[\]\\.,;:\s@"]+(\.[^<>()\[\]\\.,;:\s@"]+)*)|(".+"))@(?<domain>(\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))/;
var URL_EXACT_RE = /^(?:(?:https?|ftp):\/\/)(?:www\.)?((?:(?:[-\w]+\.)+(?:[a-zA-Z]{2,}|xn--[a-zA-Z0-9]+)|localhost|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}))(?::\d+)?(?:\/[^\s?#]*)?(?:\?[^\s#]*)?(?=([^\s]+#.*)?)#?[^\s]*$/i;
var URL_RE = /(?:(?:https?|ftp):\/\/)(?:www\.)?((?:(?:[-\w]+\.)+(?:[a-zA-Z]{2,}|xn--[a-zA-Z0-9]+)|localhost|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}))(?::\d+)?(?:\/[^\s?#]*)?(?:\?[^\s#]*)?(?=([^\s]+#.*)?)#?[^\s]*/i;
var LETTER_RE = /\p{L}/u;
var SENTENCE_END_RE = /[!?.]/;
var SMALL_WORDS_RE = /\b(?:an?d?|a[st]|because|but|by|en|for|i[fn]|neither|nor|o[fnr]|only|over|per|so|some|tha[tn]|the|to|up|upon|vs?\.?|versus|via|when|with|without|yet)\b/i;
var TITLE_TOKENS_RE = /[^\s:\u2013\u2014-]+|./g;
var MANUAL_CASE_RE = /.(?=[A-Z]|\..)/;
var ALNUM_RE = /[A-Za-z0-9\u00C0-\u00FF]/;
var TRANSLIT = { '\u00df': 'ss', '\u00e6': 'ae', '\u00c6': 'AE', '\u00f8': 'o', '\u00d8': 'O', '\u0153': 'oe', '\u0152': 'OE',
  '\u0111': 'd', '\u0110': 'D', '\u0142': 'l', '\u0141': 'L', '\u00fe': 'th', '\u00de': 'TH', '\u00f0': 'd', '\u00d0': 'D',
  '\u0131': 'i', '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u2013': '-', '\u2014': '-', '\u2026': '...', '\u00a0': ' ' };

function stringToDate(value) {
  var date = new Date(Date.parse(value));
  if (date.toString() === 'Invalid Date') throw new ExpressionExtensionError('cannot convert to date');
  if (!/:/.test(value)) date.setHours(0, 0, 0);
  return date;
}

function parseDateTime(value) {
  if (DateTime.isDateTime(value) && value.isValid) return value;
  if (value instanceof Date) {
    var fromJs = DateTime.fromJSDate(value);
    if (fromJs.isValid) return fromJs;
  }
  var text = String(value).trim();
  var attempts = [
    function () { return DateTime.fromISO(text, { setZone: true }); },
    function () { return DateTime.fromHTTP(text, { setZone: true }); },
    function () { return DateTime.fromRFC2822(text, { setZone: true }); },
    function () { return DateTime.fromSQL(text, { setZone: true }); },
    function () { return DateTime.fromMillis(Date.parse(text)); },
  ];
  for (var i = 0; i < attempts.length; i++) {
    var dt = attempts[i]();
    if (dt.isValid) return dt;
  }
  throw new Error('Value is not a valid date');
}

function stringToDateTime(value, args) {
  try {
    var format = args && args[0];
    if (format) {
      if (format === 'ms' || format === 's' || format === 'us' || format === 'excel') {
        return numberToDateTime(Number(value), [format]);
      }
      return DateTime.fromFormat(value, format);
    }
    return parseDateTime(value);
  } catch (e) {
    throw new ExpressionExtensionError('cannot convert to Luxon DateTime');
  }
}

function titleCase(input) {
  var result = '';
  var m;
  TITLE_TOKENS_RE.lastIndex = 0;
  while ((m = TITLE_TOKENS_RE.exec(input)) !== null) {
    var token = m[0];
    var index = m.index;
    var atEdge = index === 0 || index + token.length === input.length;
    var beforeColon = input.charAt(index + token.length) === ':' && !/\s/.test(input.charAt(index + token.length + 1));
    if (!MANUAL_CASE_RE.test(token) && (!SMALL_WORDS_RE.test(token) || atEdge) && !beforeColon) {
      result += token.replace(ALNUM_RE, function (c) { return c.toUpperCase(); });
    } else {
      result += token;
    }
  }
  return result;
}

function sentenceCase(value) {
  var current = value.slice();
  var buffer = '';
  while (LETTER_RE.test(current)) {
    var at = current.search(LETTER_RE);
    current = current.slice(0, at) + current[at].toLocaleUpperCase() + current.slice(at + 1).toLocaleLowerCase();
    var end = current.search(SENTENCE_END_RE);
    if (end === -1) {
      buffer += current;
      current = '';
      break;
    }
    buffer += current.slice(0, end + 1);
    current = current.slice(end + 1);
  }
  return buffer + current;
}

function transliterate(value) {
  var out = '';
  var text = String(value);
  for (var i = 0; i < text.length; i++) {
    var ch = text[i];
    if (ch.charCodeAt(0) < 128) { out += ch; continue; }
    if (hasOwn(TRANSLIT, ch)) { out += TRANSLIT[ch]; continue; }
    var base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out += base.length > 0 && base.charCodeAt(0) < 128 ? base : '?';
  }
  return out;
}

function isEmailString(value) {
  return EMAIL_RE.test(value) && value.indexOf(' ') === -1;
}

function urlPath(value) {
  var m = /^[a-z][a-z\d+\-.]*:\/\/[^/?#]*([^?#]*)/i.exec(value);
  if (!m) return undefined;
  return m[1] === '' ? '/' : m[1];
}

var STRING_EXT = nullProto({
  removeMarkdown: function (v) {
    var out = v;
    try {
      out = out.replace(/^([\s\t]*)([*\-+]|\d\.)\s+/gm, '$1');
      out = out.replace(/\n={2,}/g, '\n').replace(/~~/g, '').replace(/\x60{3}.*\n/g, '');
      out = out
        .replace(/<[\w|\s|=|'|"|:|(|)|,|;|/|0-9|.|-]+[>|\\>]/g, '')
        .replace(/^[=-]{2,}\s*$/g, '')
        .replace(/\[\^.+?\](: .*?$)?/g, '')
        .replace(/\s{0,2}\[.*?\]: .*?$/g, '')
        .replace(/!\[.*?\][[(].*?[\])]/g, '')
        .replace(/\[(.*?)\][[(].*?[\])]/g, '$1')
        .replace(/>/g, '')
        .replace(/^\s{1,2}\[(.*?)\]: (\S+)( ".*?")?\s*$/g, '')
        .replace(/^#{1,6}\s*([^#]*)\s*(#{1,6})?/gm, '$1')
        .replace(/([*_]{1,3})(\S.*?\S)\1/g, '$2')
        .replace(/(\x60{3,})(.*?)\1/gm, '$2')
        .replace(/^-{3,}\s*$/g, '')
        .replace(/\x60(.+?)\x60/g, '$1')
        .replace(/\n{2,}/g, '\n\n');
    } catch (e) {
      return v;
    }
    return out;
  },
  removeTags: function (v) { return v.replace(/<[^>]*>?/gm, ''); },
  toDate: function (v) { return stringToDate(v); },
  toDateTime: stringToDateTime,
  toBoolean: function (v) {
    var n = v.toLowerCase();
    return n.length > 0 && n !== 'false' && n !== 'no' && n !== '0';
  },
  toDecimalNumber: function (v) { return STRING_EXT.toFloat(v); },
  toNumber: function (v) {
    var num = Number(v.replace(CURRENCY_RE, ''));
    if (isNaN(num)) throw new ExpressionExtensionError('cannot convert to number');
    return num;
  },
  toFloat: function (v) {
    if (v.indexOf(',') !== -1) throw new ExpressionExtensionError('cannot convert to float, expected . as decimal separator');
    var f = parseFloat(v.replace(CURRENCY_RE, ''));
    if (isNaN(f)) throw new ExpressionExtensionError('cannot convert to float');
    return f;
  },
  toInt: function (v, args) {
    var n = parseInt(v.replace(CURRENCY_RE, ''), args[0]);
    if (isNaN(n)) throw new ExpressionExtensionError('cannot convert to integer');
    return n;
  },
  toWholeNumber: function (v, args) { return STRING_EXT.toInt(v, args); },
  toSentenceCase: function (v) { return sentenceCase(v); },
  toSnakeCase: function (v) {
    return v.toLocaleLowerCase().replace(/[ \-]/g, '_').replace(/[\u2000-\u206F\u2E00-\u2E7F\\'!"#$%&()*+,.\/:;<=>?@\[\]^\x60{|}~]/g, '');
  },
  toTitleCase: function (v) { return titleCase(v); },
  urlDecode: function (v, args) { return args[0] ? decodeURI(String(v)) : decodeURIComponent(String(v)); },
  urlEncode: function (v, args) { return args[0] ? encodeURI(String(v)) : encodeURIComponent(String(v)); },
  quote: function (v, args) {
    var q = args[0] === undefined ? '"' : String(args[0]);
    var escaped = v.replace(/\\/g, '\\\\').split(q).join('\\' + q);
    return q + escaped + q;
  },
  replaceSpecialChars: function (v) { return transliterate(v); },
  length: function (v) { return v.length; },
  isDomain: function (v) { return DOMAIN_RE.test(v); },
  isEmail: function (v) { return isEmailString(v); },
  isNumeric: function (v) {
    if (v.indexOf(' ') !== -1) return false;
    return !isNaN(v) && !isNaN(parseFloat(v));
  },
  isUrl: function (v) { return URL_EXACT_RE.test(v); },
  isEmpty: function (v) { return v === ''; },
  isNotEmpty: function (v) { return v !== ''; },
  isBlank: function (v) { return v.trim() === ''; },
  isNotBlank: function (v) { return v.trim() !== ''; },
  toJsonString: function (v) { return JSON.stringify(v); },
  extractEmail: function (v) {
    var m = EMAIL_RE.exec(v);
    return m ? m[0] : undefined;
  },
  extractDomain: function (v) {
    if (isEmailString(v)) {
      var m = EMAIL_RE.exec(v);
      return m && m.groups ? m.groups.domain : undefined;
    }
    var d = v.match(DOMAIN_EXTRACT_RE);
    return d ? d[1] : undefined;
  },
  extractUrl: function (v) {
    var m = URL_RE.exec(v);
    return m ? m[0] : undefined;
  },
  extractUrlPath: function (v) { return urlPath(v); },
  parseJson: function (v) {
    try {
      return JSON.parse(v);
    } catch (e) {
      if (v.indexOf("'") !== -1) throw new ExpressionExtensionError("Parsing failed. Check you're using double quotes");
      throw new ExpressionExtensionError('Parsing failed');
    }
  },
  base64Encode: function (v) { return base64Encode(v); },
  base64Decode: function (v) { return base64Decode(v); },
  // Digests are computed by the host (node:crypto); md5 by default, as n8n.
  hash: function (v, args) {
    var algorithm = args[0] === undefined || args[0] === null ? 'md5' : String(args[0]).toLowerCase();
    if (algorithm === 'base64') return base64Encode(v);
    if (HASH_ALGORITHMS.indexOf(algorithm) === -1) {
      throw new ExpressionExtensionError('Unknown algorithm ' + algorithm + '. Available algorithms are: ' + HASH_ALGORITHMS.join() + ', and Base64.');
    }
    return hostHash(algorithm, String(v));
  },
});
var HASH_ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3'];
`;
