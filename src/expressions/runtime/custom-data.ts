/**
 * `$execution.customData` inside the sandbox, as n8n's createExecutionCustomData: the
 * execution's one custom data (the Execution Data node writes the same), at most 10 keys of
 * letters, digits, marks and underscores, string/number/bigint values kept as strings. A key
 * over 50 characters or a value over 255 is refused, as n8n's Code node does (its Execution Data
 * node cuts them instead). A refused key or value throws in manual runs and is skipped in
 * production ones. The host sends the current data with every call and takes the
 * new data back when a call changed it. Expressions see it inert, as in n8n 2.40.7.
 */
export const CUSTOM_DATA_SOURCE = String.raw`
var CUSTOM_DATA_MAX_KEYS = 10;

function customDataError(message) {
  var error = new Error(message);
  error.name = 'InvalidExecutionMetadataError';
  return error;
}

function setCustomDataValue(data, key, value) {
  if (!(typeof key === 'string' && hasOwn(data, key)) && Object.keys(data).length >= CUSTOM_DATA_MAX_KEYS) return false;
  if (typeof key !== 'string') throw customDataError('Custom data keys must be a string (key "' + String(key) + '")');
  if (key.replace(/[\p{L}\p{N}\p{M}_]/gu, '').length !== 0) {
    throw customDataError('Custom data key can only contain letters, numbers, and underscores (key "' + key + '")');
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
    throw customDataError('Custom data values must be a string (key "' + key + '")');
  }
  var text = String(value);
  // n8n's own code cuts these (50/512) after logging; its Code nodes, run by its task runner,
  // lose such a pair instead (seen against n8n 2.40.7), and this is that place.
  if (key.length > 50) throw customDataError('Custom data key over 50 characters long (key "' + key + '")');
  if (text.length > 255) throw customDataError('Custom data value over 255 characters long (key "' + key + '")');
  data[key] = text;
  return true;
}

/**
 * n8n 2.40.7 evaluates expressions in its VM engine, whose bridge does not carry functions:
 * there, customData's methods do nothing and read undefined (seen against n8n: a getAll() in
 * a Set node gives null, a set() keeps nothing). Only Code nodes reach the custom data.
 */
var INERT_CUSTOM_DATA = Object.freeze({
  set: function () { return undefined; },
  setAll: function () { return undefined; },
  get: function () { return undefined; },
  getAll: function () { return undefined; },
});

function customDataAccessor(call) {
  if (call.callId === undefined) return INERT_CUSTOM_DATA;
  var session = call.session;
  if (!session.customData) session.customData = nullProto({});
  var data = session.customData;
  var manual = call.info.mode === 'manual';
  function guarded(write) {
    try {
      write();
    } catch (error) {
      if (manual) throw error;
    } finally {
      session.stateDirty = true;
    }
  }
  return {
    set: function (key, value) { guarded(function () { setCustomDataValue(data, key, value); }); },
    setAll: function (values) {
      guarded(function () {
        var errors = [];
        Object.keys(values || {}).forEach(function (key) {
          try { setCustomDataValue(data, key, values[key]); } catch (error) { errors.push(error); }
        });
        if (errors.length) throw errors[0];
      });
    },
    get: function (key) { return data[String(key).slice(0, 50)]; },
    getAll: function () { return copyOwn(data); },
  };
}
`;
