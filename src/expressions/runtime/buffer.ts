/**
 * A small Buffer and TextEncoder/TextDecoder for Code nodes (n8n's Code node has Node's;
 * a bare isolate has neither): the encodings workflows use, utf8, base64, base64url, hex,
 * latin1/binary and ascii. Buffer is a Uint8Array, so byte-level code works unchanged.
 */
export const BUFFER_SOURCE = String.raw`
function normalizeEncoding(encoding) {
  var e = String(encoding === undefined ? 'utf8' : encoding).toLowerCase();
  if (e === 'utf-8') return 'utf8';
  if (e === 'binary') return 'latin1';
  if (['utf8', 'base64', 'base64url', 'hex', 'latin1', 'ascii'].indexOf(e) === -1) {
    throw new TypeError('Unknown encoding: ' + encoding);
  }
  return e;
}

function encodeText(text, encoding) {
  var e = normalizeEncoding(encoding);
  if (e === 'utf8') return utf8Encode(text);
  if (e === 'base64' || e === 'base64url') return base64ToBytes(text);
  if (e === 'hex') {
    var out = [];
    for (var i = 0; i + 1 < text.length; i += 2) {
      var byte = parseInt(text.substr(i, 2), 16);
      if (isNaN(byte)) break;
      out.push(byte);
    }
    return out;
  }
  var bytes = [];
  for (var j = 0; j < text.length; j++) bytes.push(text.charCodeAt(j) & (e === 'ascii' ? 127 : 255));
  return bytes;
}

function decodeBytes(bytes, encoding) {
  var e = normalizeEncoding(encoding);
  if (e === 'utf8') return utf8Decode(bytes);
  if (e === 'base64') return bytesToBase64(bytes);
  if (e === 'base64url') return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  if (e === 'hex') return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  var out = '';
  for (var i = 0; i < bytes.length; i++) out += String.fromCharCode(e === 'ascii' ? bytes[i] & 127 : bytes[i]);
  return out;
}

class Buffer extends Uint8Array {
  static from(value, encodingOrOffset, length) {
    if (typeof value === 'string') return Buffer.fromBytes(encodeText(value, encodingOrOffset));
    if (value instanceof ArrayBuffer) return new Buffer(value, encodingOrOffset || 0, length);
    if (ArrayBuffer.isView(value) || Array.isArray(value)) return Buffer.fromBytes(value);
    if (value && value.type === 'Buffer' && Array.isArray(value.data)) return Buffer.fromBytes(value.data);
    throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
  }
  static fromBytes(bytes) {
    var buffer = new Buffer(bytes.length);
    buffer.set(bytes);
    return buffer;
  }
  static alloc(size, fill, encoding) {
    var buffer = new Buffer(size);
    if (typeof fill === 'number') buffer.fill(fill);
    else if (typeof fill === 'string' && fill.length > 0) {
      var pattern = encodeText(fill, encoding);
      for (var i = 0; i < size; i++) buffer[i] = pattern[i % pattern.length];
    }
    return buffer;
  }
  static isBuffer(value) { return value instanceof Buffer; }
  static byteLength(value, encoding) {
    return typeof value === 'string' ? encodeText(value, encoding).length : value.byteLength;
  }
  static concat(list, totalLength) {
    var total = totalLength === undefined ? list.reduce(function (n, b) { return n + b.length; }, 0) : totalLength;
    var out = new Buffer(total);
    var offset = 0;
    list.forEach(function (b) {
      out.set(b.subarray(0, Math.max(0, total - offset)), offset);
      offset += b.length;
    });
    return out;
  }
  toString(encoding, start, end) {
    return decodeBytes(this.subarray(start || 0, end === undefined ? this.length : end), encoding);
  }
  toJSON() { return { type: 'Buffer', data: Array.from(this) }; }
  equals(other) { return this.length === other.length && this.every(function (b, i) { return b === other[i]; }); }
  write(text, offset, length, encoding) {
    var bytes = encodeText(text, encoding);
    var at = offset || 0;
    var count = Math.min(bytes.length, length === undefined ? this.length - at : length);
    this.set(bytes.slice(0, count), at);
    return count;
  }
}

class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(text) { return Uint8Array.from(utf8Encode(String(text === undefined ? '' : text))); }
}

class TextDecoder {
  get encoding() { return 'utf-8'; }
  decode(bytes) { return bytes === undefined ? '' : utf8Decode(ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes)); }
}
`;
