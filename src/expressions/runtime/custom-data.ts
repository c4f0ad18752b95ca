/**
 * `$execution.customData` inside the sandbox, as n8n's createExecutionCustomData: the
 * execution's one custom data (the Execution Data node writes the same), at most 10 keys of
 * letters, digits, marks and underscores, string/number/bigint values kept as strings, keys
 * cut to 50 characters and values to 512. A refused key or value throws in manual runs and is
 * skipped in production ones. The host sends the current data with every call and takes the
 * new data back when a call changed it.
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
  data[key.slice(0, 50)] = String(value).slice(0, 512);
  return true;
}

function customDataAccessor(call) {
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
