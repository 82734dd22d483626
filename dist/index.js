/******/ (() => { // webpackBootstrap
/******/ 	var __webpack_modules__ = ({

/***/ 776:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(4488);


/***/ }),

/***/ 4488:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var net = __nccwpck_require__(9278);
var tls = __nccwpck_require__(4756);
var http = __nccwpck_require__(8611);
var https = __nccwpck_require__(5692);
var events = __nccwpck_require__(4434);
var assert = __nccwpck_require__(2613);
var util = __nccwpck_require__(9023);


exports.httpOverHttp = httpOverHttp;
exports.httpsOverHttp = httpsOverHttp;
exports.httpOverHttps = httpOverHttps;
exports.httpsOverHttps = httpsOverHttps;


function httpOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  return agent;
}

function httpsOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}

function httpOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  return agent;
}

function httpsOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}


function TunnelingAgent(options) {
  var self = this;
  self.options = options || {};
  self.proxyOptions = self.options.proxy || {};
  self.maxSockets = self.options.maxSockets || http.Agent.defaultMaxSockets;
  self.requests = [];
  self.sockets = [];

  self.on('free', function onFree(socket, host, port, localAddress) {
    var options = toOptions(host, port, localAddress);
    for (var i = 0, len = self.requests.length; i < len; ++i) {
      var pending = self.requests[i];
      if (pending.host === options.host && pending.port === options.port) {
        // Detect the request to connect same origin server,
        // reuse the connection.
        self.requests.splice(i, 1);
        pending.request.onSocket(socket);
        return;
      }
    }
    socket.destroy();
    self.removeSocket(socket);
  });
}
util.inherits(TunnelingAgent, events.EventEmitter);

TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
  var self = this;
  var options = mergeOptions({request: req}, self.options, toOptions(host, port, localAddress));

  if (self.sockets.length >= this.maxSockets) {
    // We are over limit so we'll add it to the queue.
    self.requests.push(options);
    return;
  }

  // If we are under maxSockets create a new one.
  self.createSocket(options, function(socket) {
    socket.on('free', onFree);
    socket.on('close', onCloseOrRemove);
    socket.on('agentRemove', onCloseOrRemove);
    req.onSocket(socket);

    function onFree() {
      self.emit('free', socket, options);
    }

    function onCloseOrRemove(err) {
      self.removeSocket(socket);
      socket.removeListener('free', onFree);
      socket.removeListener('close', onCloseOrRemove);
      socket.removeListener('agentRemove', onCloseOrRemove);
    }
  });
};

TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
  var self = this;
  var placeholder = {};
  self.sockets.push(placeholder);

  var connectOptions = mergeOptions({}, self.proxyOptions, {
    method: 'CONNECT',
    path: options.host + ':' + options.port,
    agent: false,
    headers: {
      host: options.host + ':' + options.port
    }
  });
  if (options.localAddress) {
    connectOptions.localAddress = options.localAddress;
  }
  if (connectOptions.proxyAuth) {
    connectOptions.headers = connectOptions.headers || {};
    connectOptions.headers['Proxy-Authorization'] = 'Basic ' +
        new Buffer(connectOptions.proxyAuth).toString('base64');
  }

  debug('making CONNECT request');
  var connectReq = self.request(connectOptions);
  connectReq.useChunkedEncodingByDefault = false; // for v0.6
  connectReq.once('response', onResponse); // for v0.6
  connectReq.once('upgrade', onUpgrade);   // for v0.6
  connectReq.once('connect', onConnect);   // for v0.7 or later
  connectReq.once('error', onError);
  connectReq.end();

  function onResponse(res) {
    // Very hacky. This is necessary to avoid http-parser leaks.
    res.upgrade = true;
  }

  function onUpgrade(res, socket, head) {
    // Hacky.
    process.nextTick(function() {
      onConnect(res, socket, head);
    });
  }

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode !== 200) {
      debug('tunneling socket could not be established, statusCode=%d',
        res.statusCode);
      socket.destroy();
      var error = new Error('tunneling socket could not be established, ' +
        'statusCode=' + res.statusCode);
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    if (head.length > 0) {
      debug('got illegal response body from proxy');
      socket.destroy();
      var error = new Error('got illegal response body from proxy');
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    debug('tunneling connection has established');
    self.sockets[self.sockets.indexOf(placeholder)] = socket;
    return cb(socket);
  }

  function onError(cause) {
    connectReq.removeAllListeners();

    debug('tunneling socket could not be established, cause=%s\n',
          cause.message, cause.stack);
    var error = new Error('tunneling socket could not be established, ' +
                          'cause=' + cause.message);
    error.code = 'ECONNRESET';
    options.request.emit('error', error);
    self.removeSocket(placeholder);
  }
};

TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
  var pos = this.sockets.indexOf(socket)
  if (pos === -1) {
    return;
  }
  this.sockets.splice(pos, 1);

  var pending = this.requests.shift();
  if (pending) {
    // If we have pending requests and a socket gets closed a new one
    // needs to be created to take over in the pool for the one that closed.
    this.createSocket(pending, function(socket) {
      pending.request.onSocket(socket);
    });
  }
};

function createSecureSocket(options, cb) {
  var self = this;
  TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
    var hostHeader = options.request.getHeader('host');
    var tlsOptions = mergeOptions({}, self.options, {
      socket: socket,
      servername: hostHeader ? hostHeader.replace(/:.*$/, '') : options.host
    });

    // 0 is dummy port for v0.6
    var secureSocket = tls.connect(0, tlsOptions);
    self.sockets[self.sockets.indexOf(socket)] = secureSocket;
    cb(secureSocket);
  });
}


function toOptions(host, port, localAddress) {
  if (typeof host === 'string') { // since v0.10
    return {
      host: host,
      port: port,
      localAddress: localAddress
    };
  }
  return host; // for v0.11 or later
}

function mergeOptions(target) {
  for (var i = 1, len = arguments.length; i < len; ++i) {
    var overrides = arguments[i];
    if (typeof overrides === 'object') {
      var keys = Object.keys(overrides);
      for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
        var k = keys[j];
        if (overrides[k] !== undefined) {
          target[k] = overrides[k];
        }
      }
    }
  }
  return target;
}


var debug;
if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
  debug = function() {
    var args = Array.prototype.slice.call(arguments);
    if (typeof args[0] === 'string') {
      args[0] = 'TUNNEL: ' + args[0];
    } else {
      args.unshift('TUNNEL:');
    }
    console.error.apply(console, args);
  }
} else {
  debug = function() {};
}
exports.debug = debug; // for test


/***/ }),

/***/ 2613:
/***/ ((module) => {

"use strict";
module.exports = require("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

"use strict";
module.exports = require("buffer");

/***/ }),

/***/ 4434:
/***/ ((module) => {

"use strict";
module.exports = require("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

"use strict";
module.exports = require("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

"use strict";
module.exports = require("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

"use strict";
module.exports = require("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

"use strict";
module.exports = require("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

"use strict";
module.exports = require("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

"use strict";
module.exports = require("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

"use strict";
module.exports = require("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

"use strict";
module.exports = require("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

"use strict";
module.exports = require("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

"use strict";
module.exports = require("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

"use strict";
module.exports = require("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

"use strict";
module.exports = require("node:events");

/***/ }),

/***/ 7067:
/***/ ((module) => {

"use strict";
module.exports = require("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

"use strict";
module.exports = require("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

"use strict";
module.exports = require("node:net");

/***/ }),

/***/ 643:
/***/ ((module) => {

"use strict";
module.exports = require("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

"use strict";
module.exports = require("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

"use strict";
module.exports = require("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

"use strict";
module.exports = require("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

"use strict";
module.exports = require("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

"use strict";
module.exports = require("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

"use strict";
module.exports = require("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

"use strict";
module.exports = require("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

"use strict";
module.exports = require("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

"use strict";
module.exports = require("os");

/***/ }),

/***/ 932:
/***/ ((module) => {

"use strict";
module.exports = require("process");

/***/ }),

/***/ 3193:
/***/ ((module) => {

"use strict";
module.exports = require("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

"use strict";
module.exports = require("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

"use strict";
module.exports = require("util");

/***/ }),

/***/ 3043:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var Scalar = __nccwpck_require__(1543);
var YAMLMap = __nccwpck_require__(1856);
var YAMLSeq = __nccwpck_require__(3013);
var resolveBlockMap = __nccwpck_require__(9573);
var resolveBlockSeq = __nccwpck_require__(1120);
var resolveFlowCollection = __nccwpck_require__(8884);

function resolveCollection(CN, ctx, token, onError, tagName, tag) {
    const coll = token.type === 'block-map'
        ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag)
        : token.type === 'block-seq'
            ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag)
            : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
    const Coll = coll.constructor;
    // If we got a tagName matching the class, or the tag name is '!',
    // then use the tagName from the node class used to create it.
    if (tagName === '!' || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
    }
    if (tagName)
        coll.tag = tagName;
    return coll;
}
function composeCollection(CN, ctx, token, props, onError) {
    const tagToken = props.tag;
    const tagName = !tagToken
        ? null
        : ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg));
    if (token.type === 'block-seq') {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken
            ? anchor.offset > tagToken.offset
                ? anchor
                : tagToken
            : (anchor ?? tagToken);
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
            const message = 'Missing newline after block sequence props';
            onError(lastProp, 'MISSING_CHAR', message);
        }
    }
    const expType = token.type === 'block-map'
        ? 'map'
        : token.type === 'block-seq'
            ? 'seq'
            : token.start.source === '{'
                ? 'map'
                : 'seq';
    // shortcut: check if it's a generic YAMLMap or YAMLSeq
    // before jumping into the custom tag logic.
    if (!tagToken ||
        !tagName ||
        tagName === '!' ||
        (tagName === YAMLMap.YAMLMap.tagName && expType === 'map') ||
        (tagName === YAMLSeq.YAMLSeq.tagName && expType === 'seq')) {
        return resolveCollection(CN, ctx, token, onError, tagName);
    }
    let tag = ctx.schema.tags.find(t => t.tag === tagName && t.collection === expType);
    if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
            ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
            tag = kt;
        }
        else {
            if (kt) {
                onError(tagToken, 'BAD_COLLECTION_TYPE', `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? 'scalar'}`, true);
            }
            else {
                onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, true);
            }
            return resolveCollection(CN, ctx, token, onError, tagName);
        }
    }
    const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
    const res = tag.resolve?.(coll, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg), ctx.options) ?? coll;
    const node = identity.isNode(res)
        ? res
        : new Scalar.Scalar(res);
    node.range = coll.range;
    node.tag = tagName;
    if (tag?.format)
        node.format = tag.format;
    return node;
}

exports.composeCollection = composeCollection;


/***/ }),

/***/ 4153:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Document = __nccwpck_require__(3915);
var composeNode = __nccwpck_require__(7691);
var resolveEnd = __nccwpck_require__(2022);
var resolveProps = __nccwpck_require__(3121);

function composeDoc(options, directives, { offset, start, value, end }, onError) {
    const opts = Object.assign({ _directives: directives }, options);
    const doc = new Document.Document(undefined, opts);
    const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
    };
    const props = resolveProps.resolveProps(start, {
        indicator: 'doc-start',
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
    });
    if (props.found) {
        doc.directives.docStart = true;
        if (value &&
            (value.type === 'block-map' || value.type === 'block-seq') &&
            !props.hasNewline)
            onError(props.end, 'MISSING_CHAR', 'Block collection cannot start on same line with directives-end marker');
    }
    // @ts-expect-error If Contents is set, let's trust the user
    doc.contents = value
        ? composeNode.composeNode(ctx, value, props, onError)
        : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
    const contentEnd = doc.contents.range[2];
    const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
    if (re.comment)
        doc.comment = re.comment;
    doc.range = [offset, contentEnd, re.offset];
    return doc;
}

exports.composeDoc = composeDoc;


/***/ }),

/***/ 7691:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Alias = __nccwpck_require__(7);
var identity = __nccwpck_require__(1737);
var composeCollection = __nccwpck_require__(3043);
var composeScalar = __nccwpck_require__(6547);
var resolveEnd = __nccwpck_require__(2022);
var utilEmptyScalarPosition = __nccwpck_require__(3933);

const CN = { composeNode, composeEmptyNode };
function composeNode(ctx, token, props, onError) {
    const atKey = ctx.atKey;
    const { spaceBefore, comment, anchor, tag } = props;
    let node;
    let isSrcToken = true;
    switch (token.type) {
        case 'alias':
            node = composeAlias(ctx, token, onError);
            if (anchor || tag)
                onError(token, 'ALIAS_PROPS', 'An alias node must not specify any properties');
            break;
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'block-scalar':
            node = composeScalar.composeScalar(ctx, token, tag, onError);
            if (anchor)
                node.anchor = anchor.source.substring(1);
            break;
        case 'block-map':
        case 'block-seq':
        case 'flow-collection':
            try {
                node = composeCollection.composeCollection(CN, ctx, token, props, onError);
                if (anchor)
                    node.anchor = anchor.source.substring(1);
            }
            catch (error) {
                // Almost certainly here due to a stack overflow
                const message = error instanceof Error ? error.message : String(error);
                onError(token, 'RESOURCE_EXHAUSTION', message);
            }
            break;
        default: {
            const message = token.type === 'error'
                ? token.message
                : `Unsupported token (type: ${token.type})`;
            onError(token, 'UNEXPECTED_TOKEN', message);
            isSrcToken = false;
        }
    }
    node ?? (node = composeEmptyNode(ctx, token.offset, undefined, null, props, onError));
    if (anchor && node.anchor === '')
        onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    if (atKey &&
        ctx.options.stringKeys &&
        (!identity.isScalar(node) ||
            typeof node.value !== 'string' ||
            (node.tag && node.tag !== 'tag:yaml.org,2002:str'))) {
        const msg = 'With stringKeys, all keys must be strings';
        onError(tag ?? token, 'NON_STRING_KEY', msg);
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        if (token.type === 'scalar' && token.source === '')
            node.comment = comment;
        else
            node.commentBefore = comment;
    }
    // @ts-expect-error Type checking misses meaning of isSrcToken
    if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
    return node;
}
function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
    const token = {
        type: 'scalar',
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ''
    };
    const node = composeScalar.composeScalar(ctx, token, tag, onError);
    if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === '')
            onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        node.comment = comment;
        node.range[2] = end;
    }
    return node;
}
function composeAlias({ options }, { offset, source, end }, onError) {
    const alias = new Alias.Alias(source.substring(1));
    if (alias.source === '')
        onError(offset, 'BAD_ALIAS', 'Alias cannot be an empty string');
    if (alias.source.endsWith(':'))
        onError(offset + source.length - 1, 'BAD_ALIAS', 'Alias ending in : is ambiguous', true);
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
    alias.range = [offset, valueEnd, re.offset];
    if (re.comment)
        alias.comment = re.comment;
    return alias;
}

exports.composeEmptyNode = composeEmptyNode;
exports.composeNode = composeNode;


/***/ }),

/***/ 6547:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var Scalar = __nccwpck_require__(1543);
var resolveBlockScalar = __nccwpck_require__(1399);
var resolveFlowScalar = __nccwpck_require__(2976);

function composeScalar(ctx, token, tagToken, onError) {
    const { value, type, comment, range } = token.type === 'block-scalar'
        ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError)
        : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
    const tagName = tagToken
        ? ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg))
        : null;
    let tag;
    if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
    }
    else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
    else if (token.type === 'scalar')
        tag = findScalarTagByTest(ctx, value, token, onError);
    else
        tag = ctx.schema[identity.SCALAR];
    let scalar;
    try {
        const res = tag.resolve(value, msg => onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
    }
    catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg);
        scalar = new Scalar.Scalar(value);
    }
    scalar.range = range;
    scalar.source = value;
    if (type)
        scalar.type = type;
    if (tagName)
        scalar.tag = tagName;
    if (tag.format)
        scalar.format = tag.format;
    if (comment)
        scalar.comment = comment;
    return scalar;
}
function findScalarTagByName(schema, value, tagName, tagToken, onError) {
    if (tagName === '!')
        return schema[identity.SCALAR]; // non-specific tag
    const matchWithTest = [];
    for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
            if (tag.default && tag.test)
                matchWithTest.push(tag);
            else
                return tag;
        }
    }
    for (const tag of matchWithTest)
        if (tag.test?.test(value))
            return tag;
    const kt = schema.knownTags[tagName];
    if (kt && !kt.collection) {
        // Ensure that the known tag is available for stringifying,
        // but does not get used by default.
        schema.tags.push(Object.assign({}, kt, { default: false, test: undefined }));
        return kt;
    }
    onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, tagName !== 'tag:yaml.org,2002:str');
    return schema[identity.SCALAR];
}
function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
    const tag = schema.tags.find(tag => (tag.default === true || (atKey && tag.default === 'key')) &&
        tag.test?.test(value)) || schema[identity.SCALAR];
    if (schema.compat) {
        const compat = schema.compat.find(tag => tag.default && tag.test?.test(value)) ??
            schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
            const ts = directives.tagString(tag.tag);
            const cs = directives.tagString(compat.tag);
            const msg = `Value may be parsed as either ${ts} or ${cs}`;
            onError(token, 'TAG_RESOLVE_FAILED', msg, true);
        }
    }
    return tag;
}

exports.composeScalar = composeScalar;


/***/ }),

/***/ 2814:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var node_process = __nccwpck_require__(932);
var directives = __nccwpck_require__(2768);
var Document = __nccwpck_require__(3915);
var errors = __nccwpck_require__(8450);
var identity = __nccwpck_require__(1737);
var composeDoc = __nccwpck_require__(4153);
var resolveEnd = __nccwpck_require__(2022);

function getErrorPos(src) {
    if (typeof src === 'number')
        return [src, src + 1];
    if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
    const { offset, source } = src;
    return [offset, offset + (typeof source === 'string' ? source.length : 1)];
}
function parsePrelude(prelude) {
    let comment = '';
    let atComment = false;
    let afterEmptyLine = false;
    for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
            case '#':
                comment +=
                    (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') +
                        (source.substring(1) || ' ');
                atComment = true;
                afterEmptyLine = false;
                break;
            case '%':
                if (prelude[i + 1]?.[0] !== '#')
                    i += 1;
                atComment = false;
                break;
            default:
                // This may be wrong after doc-end, but in that case it doesn't matter
                if (!atComment)
                    afterEmptyLine = true;
                atComment = false;
        }
    }
    return { comment, afterEmptyLine };
}
/**
 * Compose a stream of CST nodes into a stream of YAML Documents.
 *
 * ```ts
 * import { Composer, Parser } from 'yaml'
 *
 * const src: string = ...
 * const tokens = new Parser().parse(src)
 * const docs = new Composer().compose(tokens)
 * ```
 */
class Composer {
    constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
            const pos = getErrorPos(source);
            if (warning)
                this.warnings.push(new errors.YAMLWarning(pos, code, message));
            else
                this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        this.directives = new directives.Directives({ version: options.version || '1.2' });
        this.options = options;
    }
    decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        //console.log({ dc: doc.comment, prelude, comment })
        if (comment) {
            const dc = doc.contents;
            if (afterDoc) {
                doc.comment = doc.comment ? `${doc.comment}\n${comment}` : comment;
            }
            else if (afterEmptyLine || doc.directives.docStart || !dc) {
                doc.commentBefore = comment;
            }
            else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
                let it = dc.items[0];
                if (identity.isPair(it))
                    it = it.key;
                const cb = it.commentBefore;
                it.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
            else {
                const cb = dc.commentBefore;
                dc.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
        }
        if (afterDoc) {
            for (let i = 0; i < this.errors.length; ++i)
                doc.errors.push(this.errors[i]);
            for (let i = 0; i < this.warnings.length; ++i)
                doc.warnings.push(this.warnings[i]);
        }
        else {
            doc.errors = this.errors;
            doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
    }
    /**
     * Current stream status information.
     *
     * Mostly useful at the end of input for an empty stream.
     */
    streamInfo() {
        return {
            comment: parsePrelude(this.prelude).comment,
            directives: this.directives,
            errors: this.errors,
            warnings: this.warnings
        };
    }
    /**
     * Compose tokens into documents.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
            yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
    }
    /** Advance the composer by one CST token. */
    *next(token) {
        if (node_process.env.LOG_STREAM)
            console.dir(token, { depth: null });
        switch (token.type) {
            case 'directive':
                this.directives.add(token.source, (offset, message, warning) => {
                    const pos = getErrorPos(token);
                    pos[0] += offset;
                    this.onError(pos, 'BAD_DIRECTIVE', message, warning);
                });
                this.prelude.push(token.source);
                this.atDirectives = true;
                break;
            case 'document': {
                const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
                if (this.atDirectives && !doc.directives.docStart)
                    this.onError(token, 'MISSING_CHAR', 'Missing directives-end/doc-start indicator line');
                this.decorate(doc, false);
                if (this.doc)
                    yield this.doc;
                this.doc = doc;
                this.atDirectives = false;
                break;
            }
            case 'byte-order-mark':
            case 'space':
                break;
            case 'comment':
            case 'newline':
                this.prelude.push(token.source);
                break;
            case 'error': {
                const msg = token.source
                    ? `${token.message}: ${JSON.stringify(token.source)}`
                    : token.message;
                const error = new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg);
                if (this.atDirectives || !this.doc)
                    this.errors.push(error);
                else
                    this.doc.errors.push(error);
                break;
            }
            case 'doc-end': {
                if (!this.doc) {
                    const msg = 'Unexpected doc-end without preceding document';
                    this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg));
                    break;
                }
                this.doc.directives.docEnd = true;
                const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
                this.decorate(this.doc, true);
                if (end.comment) {
                    const dc = this.doc.comment;
                    this.doc.comment = dc ? `${dc}\n${end.comment}` : end.comment;
                }
                this.doc.range[2] = end.offset;
                break;
            }
            default:
                this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', `Unsupported token ${token.type}`));
        }
    }
    /**
     * Call at end of input to yield any remaining document.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
            this.decorate(this.doc, true);
            yield this.doc;
            this.doc = null;
        }
        else if (forceDoc) {
            const opts = Object.assign({ _directives: this.directives }, this.options);
            const doc = new Document.Document(undefined, opts);
            if (this.atDirectives)
                this.onError(endOffset, 'MISSING_CHAR', 'Missing directives-end indicator line');
            doc.range = [0, endOffset, endOffset];
            this.decorate(doc, false);
            yield doc;
        }
    }
}

exports.Composer = Composer;


/***/ }),

/***/ 9573:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Pair = __nccwpck_require__(7567);
var YAMLMap = __nccwpck_require__(1856);
var resolveProps = __nccwpck_require__(3121);
var utilContainsNewline = __nccwpck_require__(7865);
var utilFlowIndentCheck = __nccwpck_require__(5637);
var utilMapIncludes = __nccwpck_require__(1117);

const startColMsg = 'All mapping items must start at the same column';
function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
    const map = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    let offset = bm.offset;
    let commentEnd = null;
    for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        // key properties
        const keyProps = resolveProps.resolveProps(start, {
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: bm.indent,
            startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
            if (key) {
                if (key.type === 'block-seq')
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'A block sequence may not be used as an implicit map key');
                else if ('indent' in key && key.indent !== bm.indent)
                    onError(offset, 'BAD_INDENT', startColMsg);
            }
            if (!keyProps.anchor && !keyProps.tag && !sep) {
                commentEnd = keyProps.end;
                if (keyProps.comment) {
                    if (map.comment)
                        map.comment += '\n' + keyProps.comment;
                    else
                        map.comment = keyProps.comment;
                }
                continue;
            }
            if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
                onError(key ?? start[start.length - 1], 'MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line');
            }
        }
        else if (keyProps.found?.indent !== bm.indent) {
            onError(offset, 'BAD_INDENT', startColMsg);
        }
        // key value
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key
            ? composeNode(ctx, key, keyProps, onError)
            : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
            onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
        // value properties
        const valueProps = resolveProps.resolveProps(sep ?? [], {
            indicator: 'map-value-ind',
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: bm.indent,
            startOnNewline: !key || key.type === 'block-scalar'
        });
        offset = valueProps.end;
        if (valueProps.found) {
            if (implicitKey) {
                if (value?.type === 'block-map' && !valueProps.hasNewline)
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings');
                if (ctx.options.strict &&
                    keyProps.start < valueProps.found.offset - 1024)
                    onError(keyNode.range, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key');
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
            if (ctx.schema.compat)
                utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
            offset = valueNode.range[2];
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
        else {
            // key with no value
            if (implicitKey)
                onError(keyNode.range, 'MISSING_CHAR', 'Implicit map keys need to be followed by map values');
            if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
    }
    if (commentEnd && commentEnd < offset)
        onError(commentEnd, 'IMPOSSIBLE', 'Map comment with trailing content');
    map.range = [bm.offset, offset, commentEnd ?? offset];
    return map;
}

exports.resolveBlockMap = resolveBlockMap;


/***/ }),

/***/ 1399:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Scalar = __nccwpck_require__(1543);

function resolveBlockScalar(ctx, scalar, onError) {
    const start = scalar.offset;
    const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
    if (!header)
        return { value: '', type: null, comment: '', range: [start, start, start] };
    const type = header.mode === '>' ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
    const lines = scalar.source ? splitLines(scalar.source) : [];
    // determine the end of content & start of chomping
    let chompStart = lines.length;
    for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === '' || content === '\r')
            chompStart = i;
        else
            break;
    }
    // shortcut for empty contents
    if (chompStart === 0) {
        const value = header.chomp === '+' && lines.length > 0
            ? '\n'.repeat(Math.max(1, lines.length - 1))
            : '';
        let end = start + header.length;
        if (scalar.source)
            end += scalar.source.length;
        return { value, type, comment: header.comment, range: [start, end, end] };
    }
    // find the indentation level to trim from start
    let trimIndent = scalar.indent + header.indent;
    let offset = scalar.offset + header.length;
    let contentStart = 0;
    for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === '' || content === '\r') {
            if (header.indent === 0 && indent.length > trimIndent)
                trimIndent = indent.length;
        }
        else {
            if (indent.length < trimIndent) {
                const message = 'Block scalars with more-indented leading empty lines must use an explicit indentation indicator';
                onError(offset + indent.length, 'MISSING_CHAR', message);
            }
            if (header.indent === 0)
                trimIndent = indent.length;
            contentStart = i;
            if (trimIndent === 0 && !ctx.atRoot) {
                const message = 'Block scalar values in collections must be indented';
                onError(offset, 'BAD_INDENT', message);
            }
            break;
        }
        offset += indent.length + content.length + 1;
    }
    // include trailing more-indented empty lines in content
    for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
            chompStart = i + 1;
    }
    let value = '';
    let sep = '';
    let prevMoreIndented = false;
    // leading whitespace is kept intact
    for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + '\n';
    for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === '\r';
        if (crlf)
            content = content.slice(0, -1);
        /* istanbul ignore if already caught in lexer */
        if (content && indent.length < trimIndent) {
            const src = header.indent
                ? 'explicit indentation indicator'
                : 'first line';
            const message = `Block scalar lines must not be less indented than their ${src}`;
            onError(offset - content.length - (crlf ? 2 : 1), 'BAD_INDENT', message);
            indent = '';
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
        }
        else if (indent.length > trimIndent || content[0] === '\t') {
            // more-indented content within a folded block
            if (sep === ' ')
                sep = '\n';
            else if (!prevMoreIndented && sep === '\n')
                sep = '\n\n';
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
            prevMoreIndented = true;
        }
        else if (content === '') {
            // empty line
            if (sep === '\n')
                value += '\n';
            else
                sep = '\n';
        }
        else {
            value += sep + content;
            sep = ' ';
            prevMoreIndented = false;
        }
    }
    switch (header.chomp) {
        case '-':
            break;
        case '+':
            for (let i = chompStart; i < lines.length; ++i)
                value += '\n' + lines[i][0].slice(trimIndent);
            if (value[value.length - 1] !== '\n')
                value += '\n';
            break;
        default:
            value += '\n';
    }
    const end = start + header.length + scalar.source.length;
    return { value, type, comment: header.comment, range: [start, end, end] };
}
function parseBlockScalarHeader({ offset, props }, strict, onError) {
    /* istanbul ignore if should not happen */
    if (props[0].type !== 'block-scalar-header') {
        onError(props[0], 'IMPOSSIBLE', 'Block scalar header not found');
        return null;
    }
    const { source } = props[0];
    const mode = source[0];
    let indent = 0;
    let chomp = '';
    let error = -1;
    for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === '-' || ch === '+'))
            chomp = ch;
        else {
            const n = Number(ch);
            if (!indent && n)
                indent = n;
            else if (error === -1)
                error = offset + i;
        }
    }
    if (error !== -1)
        onError(error, 'UNEXPECTED_TOKEN', `Block scalar header includes extra characters: ${source}`);
    let hasSpace = false;
    let comment = '';
    let length = source.length;
    for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
            case 'space':
                hasSpace = true;
            // fallthrough
            case 'newline':
                length += token.source.length;
                break;
            case 'comment':
                if (strict && !hasSpace) {
                    const message = 'Comments must be separated from other tokens by white space characters';
                    onError(token, 'MISSING_CHAR', message);
                }
                length += token.source.length;
                comment = token.source.substring(1);
                break;
            case 'error':
                onError(token, 'UNEXPECTED_TOKEN', token.message);
                length += token.source.length;
                break;
            /* istanbul ignore next should not happen */
            default: {
                const message = `Unexpected token in block scalar header: ${token.type}`;
                onError(token, 'UNEXPECTED_TOKEN', message);
                const ts = token.source;
                if (ts && typeof ts === 'string')
                    length += ts.length;
            }
        }
    }
    return { mode, indent, chomp, comment, length };
}
/** @returns Array of lines split up as `[indent, content]` */
function splitLines(source) {
    const split = source.split(/\n( *)/);
    const first = split[0];
    const m = first.match(/^( *)/);
    const line0 = m?.[1]
        ? [m[1], first.slice(m[1].length)]
        : ['', first];
    const lines = [line0];
    for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
    return lines;
}

exports.resolveBlockScalar = resolveBlockScalar;


/***/ }),

/***/ 1120:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var YAMLSeq = __nccwpck_require__(3013);
var resolveProps = __nccwpck_require__(3121);
var utilFlowIndentCheck = __nccwpck_require__(5637);

function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
    const seq = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = bs.offset;
    let commentEnd = null;
    for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
            indicator: 'seq-item-ind',
            next: value,
            offset,
            onError,
            parentIndent: bs.indent,
            startOnNewline: true
        });
        if (!props.found) {
            if (props.anchor || props.tag || value) {
                if (value?.type === 'block-seq')
                    onError(props.end, 'BAD_INDENT', 'All sequence items must start at the same column');
                else
                    onError(offset, 'MISSING_CHAR', 'Sequence item without - indicator');
            }
            else {
                commentEnd = props.end;
                if (props.comment)
                    seq.comment = props.comment;
                continue;
            }
        }
        const node = value
            ? composeNode(ctx, value, props, onError)
            : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
    }
    seq.range = [bs.offset, offset, commentEnd ?? offset];
    return seq;
}

exports.resolveBlockSeq = resolveBlockSeq;


/***/ }),

/***/ 2022:
/***/ ((__unused_webpack_module, exports) => {

"use strict";


function resolveEnd(end, offset, reqSpace, onError) {
    let comment = '';
    if (end) {
        let hasSpace = false;
        let sep = '';
        for (const token of end) {
            const { source, type } = token;
            switch (type) {
                case 'space':
                    hasSpace = true;
                    break;
                case 'comment': {
                    if (reqSpace && !hasSpace)
                        onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                    const cb = source.substring(1) || ' ';
                    if (!comment)
                        comment = cb;
                    else
                        comment += sep + cb;
                    sep = '';
                    break;
                }
                case 'newline':
                    if (comment)
                        sep += source;
                    hasSpace = true;
                    break;
                default:
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${type} at node end`);
            }
            offset += source.length;
        }
    }
    return { comment, offset };
}

exports.resolveEnd = resolveEnd;


/***/ }),

/***/ 8884:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var Pair = __nccwpck_require__(7567);
var YAMLMap = __nccwpck_require__(1856);
var YAMLSeq = __nccwpck_require__(3013);
var resolveEnd = __nccwpck_require__(2022);
var resolveProps = __nccwpck_require__(3121);
var utilContainsNewline = __nccwpck_require__(7865);
var utilMapIncludes = __nccwpck_require__(1117);

const blockMsg = 'Block collections are not allowed within flow collections';
const isBlock = (token) => token && (token.type === 'block-map' || token.type === 'block-seq');
function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
    const isMap = fc.start.source === '{';
    const fcName = isMap ? 'flow map' : 'flow sequence';
    const NodeClass = (tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq));
    const coll = new NodeClass(ctx.schema);
    coll.flow = true;
    const atRoot = ctx.atRoot;
    if (atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = fc.offset + fc.start.source.length;
    for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
            flow: fcName,
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
        });
        if (!props.found) {
            if (!props.anchor && !props.tag && !sep && !value) {
                if (i === 0 && props.comma)
                    onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
                else if (i < fc.items.length - 1)
                    onError(props.start, 'UNEXPECTED_TOKEN', `Unexpected empty item in ${fcName}`);
                if (props.comment) {
                    if (coll.comment)
                        coll.comment += '\n' + props.comment;
                    else
                        coll.comment = props.comment;
                }
                offset = props.end;
                continue;
            }
            if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
                onError(key, // checked by containsNewline()
                'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
        }
        if (i === 0) {
            if (props.comma)
                onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
        }
        else {
            if (!props.comma)
                onError(props.start, 'MISSING_CHAR', `Missing , between ${fcName} items`);
            if (props.comment) {
                let prevItemComment = '';
                loop: for (const st of start) {
                    switch (st.type) {
                        case 'comma':
                        case 'space':
                            break;
                        case 'comment':
                            prevItemComment = st.source.substring(1);
                            break loop;
                        default:
                            break loop;
                    }
                }
                if (prevItemComment) {
                    let prev = coll.items[coll.items.length - 1];
                    if (identity.isPair(prev))
                        prev = prev.value ?? prev.key;
                    if (prev.comment)
                        prev.comment += '\n' + prevItemComment;
                    else
                        prev.comment = prevItemComment;
                    props.comment = props.comment.substring(prevItemComment.length + 1);
                }
            }
        }
        if (!isMap && !sep && !props.found) {
            // item is a value in a seq
            // → key & sep are empty, start does not include ? or :
            const valueNode = value
                ? composeNode(ctx, value, props, onError)
                : composeEmptyNode(ctx, props.end, sep, null, props, onError);
            coll.items.push(valueNode);
            offset = valueNode.range[2];
            if (isBlock(value))
                onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
        }
        else {
            // item is a key+value pair
            // key value
            ctx.atKey = true;
            const keyStart = props.end;
            const keyNode = key
                ? composeNode(ctx, key, props, onError)
                : composeEmptyNode(ctx, keyStart, start, null, props, onError);
            if (isBlock(key))
                onError(keyNode.range, 'BLOCK_IN_FLOW', blockMsg);
            ctx.atKey = false;
            // value properties
            const valueProps = resolveProps.resolveProps(sep ?? [], {
                flow: fcName,
                indicator: 'map-value-ind',
                next: value,
                offset: keyNode.range[2],
                onError,
                parentIndent: fc.indent,
                startOnNewline: false
            });
            if (valueProps.found) {
                if (!isMap && !props.found && ctx.options.strict) {
                    if (sep)
                        for (const st of sep) {
                            if (st === valueProps.found)
                                break;
                            if (st.type === 'newline') {
                                onError(st, 'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
                                break;
                            }
                        }
                    if (props.start < valueProps.found.offset - 1024)
                        onError(valueProps.found, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit flow sequence key');
                }
            }
            else if (value) {
                if ('source' in value && value.source?.[0] === ':')
                    onError(value, 'MISSING_CHAR', `Missing space after : in ${fcName}`);
                else
                    onError(valueProps.start, 'MISSING_CHAR', `Missing , or : between ${fcName} items`);
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : valueProps.found
                    ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError)
                    : null;
            if (valueNode) {
                if (isBlock(value))
                    onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
            }
            else if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            if (isMap) {
                const map = coll;
                if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
                    onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
                map.items.push(pair);
            }
            else {
                const map = new YAMLMap.YAMLMap(ctx.schema);
                map.flow = true;
                map.items.push(pair);
                const endRange = (valueNode ?? keyNode).range;
                map.range = [keyNode.range[0], endRange[1], endRange[2]];
                coll.items.push(map);
            }
            offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
    }
    const expectedEnd = isMap ? '}' : ']';
    const [ce, ...ee] = fc.end;
    let cePos = offset;
    if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
    else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot
            ? `${name} must end with a ${expectedEnd}`
            : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? 'MISSING_CHAR' : 'BAD_INDENT', msg);
        if (ce && ce.source.length !== 1)
            ee.unshift(ce);
    }
    if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
            if (coll.comment)
                coll.comment += '\n' + end.comment;
            else
                coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
    }
    else {
        coll.range = [fc.offset, cePos, cePos];
    }
    return coll;
}

exports.resolveFlowCollection = resolveFlowCollection;


/***/ }),

/***/ 2976:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Scalar = __nccwpck_require__(1543);
var resolveEnd = __nccwpck_require__(2022);

function resolveFlowScalar(scalar, strict, onError) {
    const { offset, type, source, end } = scalar;
    let _type;
    let value;
    const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
    switch (type) {
        case 'scalar':
            _type = Scalar.Scalar.PLAIN;
            value = plainValue(source, _onError);
            break;
        case 'single-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_SINGLE;
            value = singleQuotedValue(source, _onError);
            break;
        case 'double-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_DOUBLE;
            value = doubleQuotedValue(source, _onError);
            break;
        /* istanbul ignore next should not happen */
        default:
            onError(scalar, 'UNEXPECTED_TOKEN', `Expected a flow scalar value, but found: ${type}`);
            return {
                value: '',
                type: null,
                comment: '',
                range: [offset, offset + source.length, offset + source.length]
            };
    }
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
    return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
    };
}
function plainValue(source, onError) {
    let badChar = '';
    switch (source[0]) {
        /* istanbul ignore next should not happen */
        case '\t':
            badChar = 'a tab character';
            break;
        case ',':
            badChar = 'flow indicator character ,';
            break;
        case '%':
            badChar = 'directive indicator character %';
            break;
        case '|':
        case '>': {
            badChar = `block scalar indicator ${source[0]}`;
            break;
        }
        case '@':
        case '`': {
            badChar = `reserved character ${source[0]}`;
            break;
        }
    }
    if (badChar)
        onError(0, 'BAD_SCALAR_START', `Plain value cannot start with ${badChar}`);
    return unfoldLines(source);
}
function singleQuotedValue(source, onError) {
    if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, 'MISSING_CHAR', "Missing closing 'quote");
    return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
}
function unfoldLines(source) {
    const line = /(.*?)\r?\n/sy;
    let match = line.exec(source);
    if (!match)
        return source;
    /**
     * The negative lookbehinds in these RegExps are to
     * prevent causing a polynomial search time in certain cases.
     *
     * The try-catch is for Safari < 16.4 and other old browsers:
     * https://caniuse.com/js-regexp-lookbehind
     */
    let trimEnd, trimBoth;
    try {
        trimEnd = new RegExp('(?<![ \t])[ \t]+$');
        trimBoth = new RegExp('^[ \t]+|(?<![ \t])[ \t]+$', 'g');
    }
    catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
    }
    let res = match[1].replace(trimEnd, '');
    let sep = ' ';
    let pos = line.lastIndex;
    while ((match = line.exec(source))) {
        const lm = match[1].replace(trimBoth, '');
        if (lm === '') {
            if (sep === '\n')
                res += sep;
            else
                sep = '\n';
        }
        else {
            res += sep + lm;
            sep = ' ';
        }
        pos = line.lastIndex;
    }
    const last = /[ \t]*(.*)/sy;
    last.lastIndex = pos;
    match = last.exec(source);
    return res + sep + (match?.[1] ?? '');
}
function doubleQuotedValue(source, onError) {
    let res = '';
    for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === '\r' && source[i + 1] === '\n')
            continue;
        if (ch === '\n') {
            const { fold, offset } = foldNewline(source, i);
            res += fold;
            i = offset;
        }
        else if (ch === '\\') {
            let next = source[++i];
            const cc = escapeCodes[next];
            if (cc)
                res += cc;
            else if (next === '\n') {
                // skip escaped newlines, but still trim the following line
                next = source[i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === '\r' && source[i + 1] === '\n') {
                // skip escaped CRLF newlines, but still trim the following line
                next = source[++i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === 'x' || next === 'u' || next === 'U') {
                const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
                res += parseCharCode(source, i + 1, length, onError);
                i += length;
            }
            else {
                const raw = source.substr(i - 1, 2);
                onError(i - 1, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
                res += raw;
            }
        }
        else if (ch === ' ' || ch === '\t') {
            // trim trailing whitespace
            const wsStart = i;
            let next = source[i + 1];
            while (next === ' ' || next === '\t')
                next = source[++i + 1];
            if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n'))
                res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        }
        else {
            res += ch;
        }
    }
    if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, 'MISSING_CHAR', 'Missing closing "quote');
    return res;
}
/**
 * Fold a single newline into a space, multiple newlines to N - 1 newlines.
 * Presumes `source[offset] === '\n'`
 */
function foldNewline(source, offset) {
    let fold = '';
    let ch = source[offset + 1];
    while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        if (ch === '\r' && source[offset + 2] !== '\n')
            break;
        if (ch === '\n')
            fold += '\n';
        offset += 1;
        ch = source[offset + 1];
    }
    if (!fold)
        fold = ' ';
    return { fold, offset };
}
const escapeCodes = {
    '0': '\0', // null character
    a: '\x07', // bell character
    b: '\b', // backspace
    e: '\x1b', // escape character
    f: '\f', // form feed
    n: '\n', // line feed
    r: '\r', // carriage return
    t: '\t', // horizontal tab
    v: '\v', // vertical tab
    N: '\u0085', // Unicode next line
    _: '\u00a0', // Unicode non-breaking space
    L: '\u2028', // Unicode line separator
    P: '\u2029', // Unicode paragraph separator
    ' ': ' ',
    '"': '"',
    '/': '/',
    '\\': '\\',
    '\t': '\t'
};
function parseCharCode(source, offset, length, onError) {
    const cc = source.substr(offset, length);
    const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
    const code = ok ? parseInt(cc, 16) : NaN;
    try {
        return String.fromCodePoint(code);
    }
    catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
        return raw;
    }
}

exports.resolveFlowScalar = resolveFlowScalar;


/***/ }),

/***/ 3121:
/***/ ((__unused_webpack_module, exports) => {

"use strict";


function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
    let spaceBefore = false;
    let atNewline = startOnNewline;
    let hasSpace = startOnNewline;
    let comment = '';
    let commentSep = '';
    let hasNewline = false;
    let reqSpace = false;
    let tab = null;
    let anchor = null;
    let tag = null;
    let newlineAfterProp = null;
    let comma = null;
    let found = null;
    let start = null;
    for (const token of tokens) {
        if (reqSpace) {
            if (token.type !== 'space' &&
                token.type !== 'newline' &&
                token.type !== 'comma')
                onError(token.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
            reqSpace = false;
        }
        if (tab) {
            if (atNewline && token.type !== 'comment' && token.type !== 'newline') {
                onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
            }
            tab = null;
        }
        switch (token.type) {
            case 'space':
                // At the doc level, tabs at line start may be parsed
                // as leading white space rather than indentation.
                // In a flow collection, only the parser handles indent.
                if (!flow &&
                    (indicator !== 'doc-start' || next?.type !== 'flow-collection') &&
                    token.source.includes('\t')) {
                    tab = token;
                }
                hasSpace = true;
                break;
            case 'comment': {
                if (!hasSpace)
                    onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                const cb = token.source.substring(1) || ' ';
                if (!comment)
                    comment = cb;
                else
                    comment += commentSep + cb;
                commentSep = '';
                atNewline = false;
                break;
            }
            case 'newline':
                if (atNewline) {
                    if (comment)
                        comment += token.source;
                    else if (!found || indicator !== 'seq-item-ind')
                        spaceBefore = true;
                }
                else
                    commentSep += token.source;
                atNewline = true;
                hasNewline = true;
                if (anchor || tag)
                    newlineAfterProp = token;
                hasSpace = true;
                break;
            case 'anchor':
                if (anchor)
                    onError(token, 'MULTIPLE_ANCHORS', 'A node can have at most one anchor');
                if (token.source.endsWith(':'))
                    onError(token.offset + token.source.length - 1, 'BAD_ALIAS', 'Anchor ending in : is ambiguous', true);
                anchor = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            case 'tag': {
                if (tag)
                    onError(token, 'MULTIPLE_TAGS', 'A node can have at most one tag');
                tag = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            }
            case indicator:
                // Could here handle preceding comments differently
                if (anchor || tag)
                    onError(token, 'BAD_PROP_ORDER', `Anchors and tags must be after the ${token.source} indicator`);
                if (found)
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.source} in ${flow ?? 'collection'}`);
                found = token;
                atNewline =
                    indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
                hasSpace = false;
                break;
            case 'comma':
                if (flow) {
                    if (comma)
                        onError(token, 'UNEXPECTED_TOKEN', `Unexpected , in ${flow}`);
                    comma = token;
                    atNewline = false;
                    hasSpace = false;
                    break;
                }
            // else fallthrough
            default:
                onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.type} token`);
                atNewline = false;
                hasSpace = false;
        }
    }
    const last = tokens[tokens.length - 1];
    const end = last ? last.offset + last.source.length : offset;
    if (reqSpace &&
        next &&
        next.type !== 'space' &&
        next.type !== 'newline' &&
        next.type !== 'comma' &&
        (next.type !== 'scalar' || next.source !== '')) {
        onError(next.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
    }
    if (tab &&
        ((atNewline && tab.indent <= parentIndent) ||
            next?.type === 'block-map' ||
            next?.type === 'block-seq'))
        onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
    return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
    };
}

exports.resolveProps = resolveProps;


/***/ }),

/***/ 7865:
/***/ ((__unused_webpack_module, exports) => {

"use strict";


function containsNewline(key) {
    if (!key)
        return null;
    switch (key.type) {
        case 'alias':
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            if (key.source.includes('\n'))
                return true;
            if (key.end)
                for (const st of key.end)
                    if (st.type === 'newline')
                        return true;
            return false;
        case 'flow-collection':
            for (const it of key.items) {
                for (const st of it.start)
                    if (st.type === 'newline')
                        return true;
                if (it.sep)
                    for (const st of it.sep)
                        if (st.type === 'newline')
                            return true;
                if (containsNewline(it.key) || containsNewline(it.value))
                    return true;
            }
            return false;
        default:
            return true;
    }
}

exports.containsNewline = containsNewline;


/***/ }),

/***/ 3933:
/***/ ((__unused_webpack_module, exports) => {

"use strict";


function emptyScalarPosition(offset, before, pos) {
    if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
            let st = before[i];
            switch (st.type) {
                case 'space':
                case 'comment':
                case 'newline':
                    offset -= st.source.length;
                    continue;
            }
            // Technically, an empty scalar is immediately after the last non-empty
            // node, but it's more useful to place it after any whitespace.
            st = before[++i];
            while (st?.type === 'space') {
                offset += st.source.length;
                st = before[++i];
            }
            break;
        }
    }
    return offset;
}

exports.emptyScalarPosition = emptyScalarPosition;


/***/ }),

/***/ 5637:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var utilContainsNewline = __nccwpck_require__(7865);

function flowIndentCheck(indent, fc, onError) {
    if (fc?.type === 'flow-collection') {
        const end = fc.end[0];
        if (end.indent === indent &&
            (end.source === ']' || end.source === '}') &&
            utilContainsNewline.containsNewline(fc)) {
            const msg = 'Flow end indicator should be more indented than parent';
            onError(end, 'BAD_INDENT', msg, true);
        }
    }
}

exports.flowIndentCheck = flowIndentCheck;


/***/ }),

/***/ 1117:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);

function mapIncludes(ctx, items, search) {
    const { uniqueKeys } = ctx.options;
    if (uniqueKeys === false)
        return false;
    const isEqual = typeof uniqueKeys === 'function'
        ? uniqueKeys
        : (a, b) => a === b || (identity.isScalar(a) && identity.isScalar(b) && a.value === b.value);
    return items.some(pair => isEqual(pair.key, search));
}

exports.mapIncludes = mapIncludes;


/***/ }),

/***/ 3915:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Alias = __nccwpck_require__(7);
var Collection = __nccwpck_require__(935);
var identity = __nccwpck_require__(1737);
var Pair = __nccwpck_require__(7567);
var toJS = __nccwpck_require__(445);
var Schema = __nccwpck_require__(7878);
var stringifyDocument = __nccwpck_require__(9255);
var anchors = __nccwpck_require__(9030);
var applyReviver = __nccwpck_require__(6767);
var createNode = __nccwpck_require__(1126);
var directives = __nccwpck_require__(2768);

class Document {
    constructor(value, replacer, options) {
        /** A comment before this Document */
        this.commentBefore = null;
        /** A comment immediately after this Document */
        this.comment = null;
        /** Errors encountered during parsing. */
        this.errors = [];
        /** Warnings encountered during parsing. */
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === 'function' || Array.isArray(replacer)) {
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const opt = Object.assign({
            intAsBigInt: false,
            keepSourceTokens: false,
            logLevel: 'warn',
            prettyErrors: true,
            strict: true,
            stringKeys: false,
            uniqueKeys: true,
            version: '1.2'
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
            this.directives = options._directives.atDocument();
            if (this.directives.yaml.explicit)
                version = this.directives.yaml.version;
        }
        else
            this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        // @ts-expect-error We can't really know that this matches Contents.
        this.contents =
            value === undefined ? null : this.createNode(value, _replacer, options);
    }
    /**
     * Create a deep copy of this Document and its contents.
     *
     * Custom Node values that inherit from `Object` still refer to their original instances.
     */
    clone() {
        const copy = Object.create(Document.prototype, {
            [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
            copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        // @ts-expect-error We can't really know that this matches Contents.
        copy.contents = identity.isNode(this.contents)
            ? this.contents.clone(copy.schema)
            : this.contents;
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** Adds a value to the document. */
    add(value) {
        if (assertCollection(this.contents))
            this.contents.add(value);
    }
    /** Adds a value to the document. */
    addIn(path, value) {
        if (assertCollection(this.contents))
            this.contents.addIn(path, value);
    }
    /**
     * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
     *
     * If `node` already has an anchor, `name` is ignored.
     * Otherwise, the `node.anchor` value will be set to `name`,
     * or if an anchor with that name is already present in the document,
     * `name` will be used as a prefix for a new unique anchor.
     * If `name` is undefined, the generated anchor will use 'a' as a prefix.
     */
    createAlias(node, name) {
        if (!node.anchor) {
            const prev = anchors.anchorNames(this);
            node.anchor =
                // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
                !name || prev.has(name) ? anchors.findNewAnchor(name || 'a', prev) : name;
        }
        return new Alias.Alias(node.anchor);
    }
    createNode(value, replacer, options) {
        let _replacer = undefined;
        if (typeof replacer === 'function') {
            value = replacer.call({ '': value }, '', value);
            _replacer = replacer;
        }
        else if (Array.isArray(replacer)) {
            const keyToStr = (v) => typeof v === 'number' || v instanceof String || v instanceof Number;
            const asStr = replacer.filter(keyToStr).map(String);
            if (asStr.length > 0)
                replacer = replacer.concat(asStr);
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(this, 
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        anchorPrefix || 'a');
        const ctx = {
            aliasDuplicateObjects: aliasDuplicateObjects ?? true,
            keepUndefined: keepUndefined ?? false,
            onAnchor,
            onTagObj,
            replacer: _replacer,
            schema: this.schema,
            sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
            node.flow = true;
        setAnchors();
        return node;
    }
    /**
     * Convert a key and a value into a `Pair` using the current schema,
     * recursively wrapping all values as `Scalar` or `Collection` nodes.
     */
    createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
            if (this.contents == null)
                return false;
            // @ts-expect-error Presumed impossible if Strict extends false
            this.contents = null;
            return true;
        }
        return assertCollection(this.contents)
            ? this.contents.deleteIn(path)
            : false;
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    get(key, keepScalar) {
        return identity.isCollection(this.contents)
            ? this.contents.get(key, keepScalar)
            : undefined;
    }
    /**
     * Returns item at `path`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
            return !keepScalar && identity.isScalar(this.contents)
                ? this.contents.value
                : this.contents;
        return identity.isCollection(this.contents)
            ? this.contents.getIn(path, keepScalar)
            : undefined;
    }
    /**
     * Checks if the document includes a value with the key `key`.
     */
    has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
    }
    /**
     * Checks if the document includes a value at `path`.
     */
    hasIn(path) {
        if (Collection.isEmptyPath(path))
            return this.contents !== undefined;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    set(key, value) {
        if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, [key], value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.set(key, value);
        }
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = value;
        }
        else if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.setIn(path, value);
        }
    }
    /**
     * Change the YAML version and schema used by the document.
     * A `null` version disables support for directives, explicit tags, anchors, and aliases.
     * It also requires the `schema` option to be given as a `Schema` instance value.
     *
     * Overrides all previously set schema options.
     */
    setSchema(version, options = {}) {
        if (typeof version === 'number')
            version = String(version);
        let opt;
        switch (version) {
            case '1.1':
                if (this.directives)
                    this.directives.yaml.version = '1.1';
                else
                    this.directives = new directives.Directives({ version: '1.1' });
                opt = { resolveKnownTags: false, schema: 'yaml-1.1' };
                break;
            case '1.2':
            case 'next':
                if (this.directives)
                    this.directives.yaml.version = version;
                else
                    this.directives = new directives.Directives({ version });
                opt = { resolveKnownTags: true, schema: 'core' };
                break;
            case null:
                if (this.directives)
                    delete this.directives;
                opt = null;
                break;
            default: {
                const sv = JSON.stringify(version);
                throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
            }
        }
        // Not using `instanceof Schema` to allow for duck typing
        if (options.schema instanceof Object)
            this.schema = options.schema;
        else if (opt)
            this.schema = new Schema.Schema(Object.assign(opt, options));
        else
            throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
    }
    // json & jsonArg are only used from toJSON()
    toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
            anchors: new Map(),
            doc: this,
            keep: !json,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
    /**
     * A JSON representation of the document `contents`.
     *
     * @param jsonArg Used by `JSON.stringify` to indicate the array index or
     *   property name.
     */
    toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
    }
    /** A YAML representation of the document. */
    toString(options = {}) {
        if (this.errors.length > 0)
            throw new Error('Document with errors cannot be stringified');
        if ('indent' in options &&
            (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
            const s = JSON.stringify(options.indent);
            throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
    }
}
function assertCollection(contents) {
    if (identity.isCollection(contents))
        return true;
    throw new Error('Expected a YAML collection as document contents');
}

exports.Document = Document;


/***/ }),

/***/ 9030:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var visit = __nccwpck_require__(4190);

/**
 * Verify that the input string is a valid anchor.
 *
 * Will throw on errors.
 */
function anchorIsValid(anchor) {
    if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
    }
    return true;
}
function anchorNames(root) {
    const anchors = new Set();
    visit.visit(root, {
        Value(_key, node) {
            if (node.anchor)
                anchors.add(node.anchor);
        }
    });
    return anchors;
}
/** Find a new anchor name with the given `prefix` and a one-indexed suffix. */
function findNewAnchor(prefix, exclude) {
    for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
            return name;
    }
}
function createNodeAnchors(doc, prefix) {
    const aliasObjects = [];
    const sourceObjects = new Map();
    let prevAnchors = null;
    return {
        onAnchor: (source) => {
            aliasObjects.push(source);
            prevAnchors ?? (prevAnchors = anchorNames(doc));
            const anchor = findNewAnchor(prefix, prevAnchors);
            prevAnchors.add(anchor);
            return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
            for (const source of aliasObjects) {
                const ref = sourceObjects.get(source);
                if (typeof ref === 'object' &&
                    ref.anchor &&
                    (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
                    ref.node.anchor = ref.anchor;
                }
                else {
                    const error = new Error('Failed to resolve repeated object (this should not happen)');
                    error.source = source;
                    throw error;
                }
            }
        },
        sourceObjects
    };
}

exports.anchorIsValid = anchorIsValid;
exports.anchorNames = anchorNames;
exports.createNodeAnchors = createNodeAnchors;
exports.findNewAnchor = findNewAnchor;


/***/ }),

/***/ 6767:
/***/ ((__unused_webpack_module, exports) => {

"use strict";


/**
 * Applies the JSON.parse reviver algorithm as defined in the ECMA-262 spec,
 * in section 24.5.1.1 "Runtime Semantics: InternalizeJSONProperty" of the
 * 2021 edition: https://tc39.es/ecma262/#sec-json.parse
 *
 * Includes extensions for handling Map and Set objects.
 */
function applyReviver(reviver, obj, key, val) {
    if (val && typeof val === 'object') {
        if (Array.isArray(val)) {
            for (let i = 0, len = val.length; i < len; ++i) {
                const v0 = val[i];
                const v1 = applyReviver(reviver, val, String(i), v0);
                // eslint-disable-next-line @typescript-eslint/no-array-delete
                if (v1 === undefined)
                    delete val[i];
                else if (v1 !== v0)
                    val[i] = v1;
            }
        }
        else if (val instanceof Map) {
            for (const k of Array.from(val.keys())) {
                const v0 = val.get(k);
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    val.delete(k);
                else if (v1 !== v0)
                    val.set(k, v1);
            }
        }
        else if (val instanceof Set) {
            for (const v0 of Array.from(val)) {
                const v1 = applyReviver(reviver, val, v0, v0);
                if (v1 === undefined)
                    val.delete(v0);
                else if (v1 !== v0) {
                    val.delete(v0);
                    val.add(v1);
                }
            }
        }
        else {
            for (const [k, v0] of Object.entries(val)) {
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    delete val[k];
                else if (v1 !== v0)
                    val[k] = v1;
            }
        }
    }
    return reviver.call(obj, key, val);
}

exports.applyReviver = applyReviver;


/***/ }),

/***/ 1126:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Alias = __nccwpck_require__(7);
var identity = __nccwpck_require__(1737);
var Scalar = __nccwpck_require__(1543);

const defaultTagPrefix = 'tag:yaml.org,2002:';
function findTagObject(value, tagName, tags) {
    if (tagName) {
        const match = tags.filter(t => t.tag === tagName);
        const tagObj = match.find(t => !t.format) ?? match[0];
        if (!tagObj)
            throw new Error(`Tag ${tagName} not found`);
        return tagObj;
    }
    return tags.find(t => t.identify?.(value) && !t.format);
}
function createNode(value, tagName, ctx) {
    if (identity.isDocument(value))
        value = value.contents;
    if (identity.isNode(value))
        return value;
    if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
    }
    if (value instanceof String ||
        value instanceof Number ||
        value instanceof Boolean ||
        (typeof BigInt !== 'undefined' && value instanceof BigInt) // not supported everywhere
    ) {
        // https://tc39.es/ecma262/#sec-serializejsonproperty
        value = value.valueOf();
    }
    const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
    // Detect duplicate references to the same object & use Alias nodes for all
    // after first. The `ref` wrapper allows for circular references to resolve.
    let ref = undefined;
    if (aliasDuplicateObjects && value && typeof value === 'object') {
        ref = sourceObjects.get(value);
        if (ref) {
            ref.anchor ?? (ref.anchor = onAnchor(value));
            return new Alias.Alias(ref.anchor);
        }
        else {
            ref = { anchor: null, node: null };
            sourceObjects.set(value, ref);
        }
    }
    if (tagName?.startsWith('!!'))
        tagName = defaultTagPrefix + tagName.slice(2);
    let tagObj = findTagObject(value, tagName, schema.tags);
    if (!tagObj) {
        if (value && typeof value.toJSON === 'function') {
            // eslint-disable-next-line @typescript-eslint/no-unsafe-call
            value = value.toJSON();
        }
        if (!value || typeof value !== 'object') {
            const node = new Scalar.Scalar(value);
            if (ref)
                ref.node = node;
            return node;
        }
        tagObj =
            value instanceof Map
                ? schema[identity.MAP]
                : Symbol.iterator in Object(value)
                    ? schema[identity.SEQ]
                    : schema[identity.MAP];
    }
    if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
    }
    const node = tagObj?.createNode
        ? tagObj.createNode(ctx.schema, value, ctx)
        : typeof tagObj?.nodeClass?.from === 'function'
            ? tagObj.nodeClass.from(ctx.schema, value, ctx)
            : new Scalar.Scalar(value);
    if (tagName)
        node.tag = tagName;
    else if (!tagObj.default)
        node.tag = tagObj.tag;
    if (ref)
        ref.node = node;
    return node;
}

exports.createNode = createNode;


/***/ }),

/***/ 2768:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var visit = __nccwpck_require__(4190);

const escapeChars = {
    '!': '%21',
    ',': '%2C',
    '[': '%5B',
    ']': '%5D',
    '{': '%7B',
    '}': '%7D'
};
const escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, ch => escapeChars[ch]);
class Directives {
    constructor(yaml, tags) {
        /**
         * The directives-end/doc-start marker `---`. If `null`, a marker may still be
         * included in the document's stringified representation.
         */
        this.docStart = null;
        /** The doc-end marker `...`.  */
        this.docEnd = false;
        this.yaml = Object.assign({}, Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, Directives.defaultTags, tags);
    }
    clone() {
        const copy = new Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
    }
    /**
     * During parsing, get a Directives instance for the current document and
     * update the stream state according to the current version's spec.
     */
    atDocument() {
        const res = new Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
            case '1.1':
                this.atNextDocument = true;
                break;
            case '1.2':
                this.atNextDocument = false;
                this.yaml = {
                    explicit: Directives.defaultYaml.explicit,
                    version: '1.2'
                };
                this.tags = Object.assign({}, Directives.defaultTags);
                break;
        }
        return res;
    }
    /**
     * @param onError - May be called even if the action was successful
     * @returns `true` on success
     */
    add(line, onError) {
        if (this.atNextDocument) {
            this.yaml = { explicit: Directives.defaultYaml.explicit, version: '1.1' };
            this.tags = Object.assign({}, Directives.defaultTags);
            this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
            case '%TAG': {
                if (parts.length !== 2) {
                    onError(0, '%TAG directive should contain exactly two parts');
                    if (parts.length < 2)
                        return false;
                }
                const [handle, prefix] = parts;
                this.tags[handle] = prefix;
                return true;
            }
            case '%YAML': {
                this.yaml.explicit = true;
                if (parts.length !== 1) {
                    onError(0, '%YAML directive should contain exactly one part');
                    return false;
                }
                const [version] = parts;
                if (version === '1.1' || version === '1.2') {
                    this.yaml.version = version;
                    return true;
                }
                else {
                    const isValid = /^\d+\.\d+$/.test(version);
                    onError(6, `Unsupported YAML version ${version}`, isValid);
                    return false;
                }
            }
            default:
                onError(0, `Unknown directive ${name}`, true);
                return false;
        }
    }
    /**
     * Resolves a tag, matching handles to those defined in %TAG directives.
     *
     * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
     *   `'!local'` tag, or `null` if unresolvable.
     */
    tagName(source, onError) {
        if (source === '!')
            return '!'; // non-specific tag
        if (source[0] !== '!') {
            onError(`Not a valid tag: ${source}`);
            return null;
        }
        if (source[1] === '<') {
            const verbatim = source.slice(2, -1);
            if (verbatim === '!' || verbatim === '!!') {
                onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
                return null;
            }
            if (source[source.length - 1] !== '>')
                onError('Verbatim tags must end with a >');
            return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
            onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
            try {
                return prefix + decodeURIComponent(suffix);
            }
            catch (error) {
                onError(String(error));
                return null;
            }
        }
        if (handle === '!')
            return source; // local tag
        onError(`Could not resolve tag: ${source}`);
        return null;
    }
    /**
     * Given a fully resolved tag, returns its printable string form,
     * taking into account current tag prefixes and defaults.
     */
    tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
            if (tag.startsWith(prefix))
                return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === '!' ? tag : `!<${tag}>`;
    }
    toString(doc) {
        const lines = this.yaml.explicit
            ? [`%YAML ${this.yaml.version || '1.2'}`]
            : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
            const tags = {};
            visit.visit(doc.contents, (_key, node) => {
                if (identity.isNode(node) && node.tag)
                    tags[node.tag] = true;
            });
            tagNames = Object.keys(tags);
        }
        else
            tagNames = [];
        for (const [handle, prefix] of tagEntries) {
            if (handle === '!!' && prefix === 'tag:yaml.org,2002:')
                continue;
            if (!doc || tagNames.some(tn => tn.startsWith(prefix)))
                lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join('\n');
    }
}
Directives.defaultYaml = { explicit: false, version: '1.2' };
Directives.defaultTags = { '!!': 'tag:yaml.org,2002:' };

exports.Directives = Directives;


/***/ }),

/***/ 8450:
/***/ ((__unused_webpack_module, exports) => {

"use strict";


class YAMLError extends Error {
    constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
    }
}
class YAMLParseError extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLParseError', pos, code, message);
    }
}
class YAMLWarning extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLWarning', pos, code, message);
    }
}
const prettifyError = (src, lc) => (error) => {
    if (error.pos[0] === -1)
        return;
    error.linePos = error.pos.map(pos => lc.linePos(pos));
    const { line, col } = error.linePos[0];
    error.message += ` at line ${line}, column ${col}`;
    let ci = col - 1;
    let lineStr = src
        .substring(lc.lineStarts[line - 1], lc.lineStarts[line])
        .replace(/[\n\r]+$/, '');
    // Trim to max 80 chars, keeping col position near the middle
    if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = '…' + lineStr.substring(trimStart);
        ci -= trimStart - 1;
    }
    if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + '…';
    // Include previous line in context if pointing at line start
    if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        // Regexp won't match if start is trimmed
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
            prev = prev.substring(0, 79) + '…\n';
        lineStr = prev + lineStr;
    }
    if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
            count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = ' '.repeat(ci) + '^'.repeat(count);
        error.message += `:\n\n${lineStr}\n${pointer}\n`;
    }
};

exports.YAMLError = YAMLError;
exports.YAMLParseError = YAMLParseError;
exports.YAMLWarning = YAMLWarning;
exports.prettifyError = prettifyError;


/***/ }),

/***/ 6637:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";
var __webpack_unused_export__;


var composer = __nccwpck_require__(2814);
var Document = __nccwpck_require__(3915);
var Schema = __nccwpck_require__(7878);
var errors = __nccwpck_require__(8450);
var Alias = __nccwpck_require__(7);
var identity = __nccwpck_require__(1737);
var Pair = __nccwpck_require__(7567);
var Scalar = __nccwpck_require__(1543);
var YAMLMap = __nccwpck_require__(1856);
var YAMLSeq = __nccwpck_require__(3013);
var cst = __nccwpck_require__(1475);
var lexer = __nccwpck_require__(7371);
var lineCounter = __nccwpck_require__(1242);
var parser = __nccwpck_require__(8238);
var publicApi = __nccwpck_require__(9901);
var visit = __nccwpck_require__(4190);



__webpack_unused_export__ = composer.Composer;
__webpack_unused_export__ = Document.Document;
__webpack_unused_export__ = Schema.Schema;
__webpack_unused_export__ = errors.YAMLError;
__webpack_unused_export__ = errors.YAMLParseError;
__webpack_unused_export__ = errors.YAMLWarning;
__webpack_unused_export__ = Alias.Alias;
__webpack_unused_export__ = identity.isAlias;
__webpack_unused_export__ = identity.isCollection;
__webpack_unused_export__ = identity.isDocument;
__webpack_unused_export__ = identity.isMap;
__webpack_unused_export__ = identity.isNode;
__webpack_unused_export__ = identity.isPair;
__webpack_unused_export__ = identity.isScalar;
__webpack_unused_export__ = identity.isSeq;
__webpack_unused_export__ = Pair.Pair;
__webpack_unused_export__ = Scalar.Scalar;
__webpack_unused_export__ = YAMLMap.YAMLMap;
__webpack_unused_export__ = YAMLSeq.YAMLSeq;
__webpack_unused_export__ = cst;
__webpack_unused_export__ = lexer.Lexer;
__webpack_unused_export__ = lineCounter.LineCounter;
__webpack_unused_export__ = parser.Parser;
exports.qg = publicApi.parse;
__webpack_unused_export__ = publicApi.parseAllDocuments;
__webpack_unused_export__ = publicApi.parseDocument;
__webpack_unused_export__ = publicApi.stringify;
__webpack_unused_export__ = visit.visit;
__webpack_unused_export__ = visit.visitAsync;


/***/ }),

/***/ 8195:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var node_process = __nccwpck_require__(932);

function debug(logLevel, ...messages) {
    if (logLevel === 'debug')
        console.log(...messages);
}
function warn(logLevel, warning) {
    if (logLevel === 'debug' || logLevel === 'warn') {
        if (typeof node_process.emitWarning === 'function')
            node_process.emitWarning(warning);
        else
            console.warn(warning);
    }
}

exports.debug = debug;
exports.warn = warn;


/***/ }),

/***/ 7:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var anchors = __nccwpck_require__(9030);
var visit = __nccwpck_require__(4190);
var identity = __nccwpck_require__(1737);
var Node = __nccwpck_require__(9447);
var toJS = __nccwpck_require__(445);

class Alias extends Node.NodeBase {
    constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, 'tag', {
            set() {
                throw new Error('Alias nodes cannot have tags');
            }
        });
    }
    /**
     * Resolve the value of this alias within `doc`, finding the last
     * instance of the `source` anchor before this node.
     */
    resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
            throw new ReferenceError('Alias resolution is disabled');
        let nodes;
        if (ctx?.aliasResolveCache) {
            nodes = ctx.aliasResolveCache;
        }
        else {
            nodes = [];
            visit.visit(doc, {
                Node: (_key, node) => {
                    if (identity.isAlias(node) || identity.hasAnchor(node))
                        nodes.push(node);
                }
            });
            if (ctx)
                ctx.aliasResolveCache = nodes;
        }
        let found = undefined;
        for (const node of nodes) {
            if (node === this)
                break;
            if (node.anchor === this.source)
                found = node;
        }
        if (found && ctx) {
            const { anchors, doc, maxAliasCount } = ctx;
            let data = anchors.get(found);
            if (!data) {
                // Resolve anchors for Node.prototype.toJS()
                toJS.toJS(found, null, ctx);
                data = anchors.get(found);
            }
            /* istanbul ignore if */
            if (data?.res === undefined) {
                const msg = 'This should not happen: Alias anchor was not resolved?';
                throw new ReferenceError(msg);
            }
            if (maxAliasCount >= 0) {
                data.count += 1;
                if (data.aliasCount === 0)
                    data.aliasCount = getAliasCount(doc, found, anchors);
                if (data.count * data.aliasCount > maxAliasCount) {
                    const msg = 'Excessive alias count indicates a resource exhaustion attack';
                    throw new ReferenceError(msg);
                }
            }
        }
        return found;
    }
    toJSON(_arg, ctx) {
        if (!ctx)
            return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
    }
    toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
            anchors.anchorIsValid(this.source);
            if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
                const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
                throw new Error(msg);
            }
            if (ctx.implicitKey)
                return `${src} `;
        }
        return src;
    }
}
function getAliasCount(doc, node, anchors) {
    if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors && source && anchors.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
    }
    else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
            const c = getAliasCount(doc, item, anchors);
            if (c > count)
                count = c;
        }
        return count;
    }
    else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors);
        const vc = getAliasCount(doc, node.value, anchors);
        return Math.max(kc, vc);
    }
    return 1;
}

exports.Alias = Alias;


/***/ }),

/***/ 935:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var createNode = __nccwpck_require__(1126);
var identity = __nccwpck_require__(1737);
var Node = __nccwpck_require__(9447);

function collectionFromPath(schema, path, value) {
    let v = value;
    for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === 'number' && Number.isInteger(k) && k >= 0) {
            const a = [];
            a[k] = v;
            v = a;
        }
        else {
            v = new Map([[k, v]]);
        }
    }
    return createNode.createNode(v, undefined, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
            throw new Error('This should not happen, please report a bug.');
        },
        schema,
        sourceObjects: new Map()
    });
}
// Type guard is intentionally a little wrong so as to be more useful,
// as it does not cover untypable empty non-string iterables (e.g. []).
const isEmptyPath = (path) => path == null ||
    (typeof path === 'object' && !!path[Symbol.iterator]().next().done);
class Collection extends Node.NodeBase {
    constructor(type, schema) {
        super(type);
        Object.defineProperty(this, 'schema', {
            value: schema,
            configurable: true,
            enumerable: false,
            writable: true
        });
    }
    /**
     * Create a copy of this collection.
     *
     * @param schema - If defined, overwrites the original's schema
     */
    clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
            copy.schema = schema;
        copy.items = copy.items.map(it => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /**
     * Adds a value to the collection. For `!!map` and `!!omap` the value must
     * be a Pair instance or a `{ key, value }` object, which may not have a key
     * that already exists in the map.
     */
    addIn(path, value) {
        if (isEmptyPath(path))
            this.add(value);
        else {
            const [key, ...rest] = path;
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.addIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
    /**
     * Removes a value from the collection.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
            return node.deleteIn(rest);
        else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
            return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
            return identity.isCollection(node) ? node.getIn(rest, keepScalar) : undefined;
    }
    hasAllNullValues(allowScalar) {
        return this.items.every(node => {
            if (!identity.isPair(node))
                return false;
            const n = node.value;
            return (n == null ||
                (allowScalar &&
                    identity.isScalar(n) &&
                    n.value == null &&
                    !n.commentBefore &&
                    !n.comment &&
                    !n.tag));
        });
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     */
    hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
            this.set(key, value);
        }
        else {
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.setIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
}

exports.Collection = Collection;
exports.collectionFromPath = collectionFromPath;
exports.isEmptyPath = isEmptyPath;


/***/ }),

/***/ 9447:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var applyReviver = __nccwpck_require__(6767);
var identity = __nccwpck_require__(1737);
var toJS = __nccwpck_require__(445);

class NodeBase {
    constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
    }
    /** Create a copy of this node.  */
    clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** A plain JavaScript representation of this node. */
    toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
            throw new TypeError('A document argument is required');
        const ctx = {
            anchors: new Map(),
            doc,
            keep: true,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
}

exports.NodeBase = NodeBase;


/***/ }),

/***/ 7567:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var createNode = __nccwpck_require__(1126);
var stringifyPair = __nccwpck_require__(8070);
var addPairToJSMap = __nccwpck_require__(8374);
var identity = __nccwpck_require__(1737);

function createPair(key, value, ctx) {
    const k = createNode.createNode(key, undefined, ctx);
    const v = createNode.createNode(value, undefined, ctx);
    return new Pair(k, v);
}
class Pair {
    constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
    }
    clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
            key = key.clone(schema);
        if (identity.isNode(value))
            value = value.clone(schema);
        return new Pair(key, value);
    }
    toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
    }
    toString(ctx, onComment, onChompKeep) {
        return ctx?.doc
            ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep)
            : JSON.stringify(this);
    }
}

exports.Pair = Pair;
exports.createPair = createPair;


/***/ }),

/***/ 1543:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var Node = __nccwpck_require__(9447);
var toJS = __nccwpck_require__(445);

const isScalarValue = (value) => !value || (typeof value !== 'function' && typeof value !== 'object');
class Scalar extends Node.NodeBase {
    constructor(value) {
        super(identity.SCALAR);
        this.value = value;
    }
    toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
    }
    toString() {
        return String(this.value);
    }
}
Scalar.BLOCK_FOLDED = 'BLOCK_FOLDED';
Scalar.BLOCK_LITERAL = 'BLOCK_LITERAL';
Scalar.PLAIN = 'PLAIN';
Scalar.QUOTE_DOUBLE = 'QUOTE_DOUBLE';
Scalar.QUOTE_SINGLE = 'QUOTE_SINGLE';

exports.Scalar = Scalar;
exports.isScalarValue = isScalarValue;


/***/ }),

/***/ 1856:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var stringifyCollection = __nccwpck_require__(486);
var addPairToJSMap = __nccwpck_require__(8374);
var Collection = __nccwpck_require__(935);
var identity = __nccwpck_require__(1737);
var Pair = __nccwpck_require__(7567);
var Scalar = __nccwpck_require__(1543);

function findPair(items, key) {
    const k = identity.isScalar(key) ? key.value : key;
    for (const it of items) {
        if (identity.isPair(it)) {
            if (it.key === key || it.key === k)
                return it;
            if (identity.isScalar(it.key) && it.key.value === k)
                return it;
        }
    }
    return undefined;
}
class YAMLMap extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:map';
    }
    constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
    }
    /**
     * A generic collection parsing method that can be extended
     * to other node classes that inherit from YAMLMap
     */
    static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
            if (typeof replacer === 'function')
                value = replacer.call(obj, key, value);
            else if (Array.isArray(replacer) && !replacer.includes(key))
                return;
            if (value !== undefined || keepUndefined)
                map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
            for (const [key, value] of obj)
                add(key, value);
        }
        else if (obj && typeof obj === 'object') {
            for (const key of Object.keys(obj))
                add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === 'function') {
            map.items.sort(schema.sortMapEntries);
        }
        return map;
    }
    /**
     * Adds a value to the collection.
     *
     * @param overwrite - If not set `true`, using a key that is already in the
     *   collection will throw. Otherwise, overwrites the previous value.
     */
    add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
            _pair = pair;
        else if (!pair || typeof pair !== 'object' || !('key' in pair)) {
            // In TypeScript, this never happens.
            _pair = new Pair.Pair(pair, pair?.value);
        }
        else
            _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
            if (!overwrite)
                throw new Error(`Key ${_pair.key} already set`);
            // For scalars, keep the old node & its comments and anchors
            if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
                prev.value.value = _pair.value;
            else
                prev.value = _pair.value;
        }
        else if (sortEntries) {
            const i = this.items.findIndex(item => sortEntries(_pair, item) < 0);
            if (i === -1)
                this.items.push(_pair);
            else
                this.items.splice(i, 0, _pair);
        }
        else {
            this.items.push(_pair);
        }
    }
    delete(key) {
        const it = findPair(this.items, key);
        if (!it)
            return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? undefined;
    }
    has(key) {
        return !!findPair(this.items, key);
    }
    set(key, value) {
        this.add(new Pair.Pair(key, value), true);
    }
    /**
     * @param ctx - Conversion context, originally set in Document#toJS()
     * @param {Class} Type - If set, forces the returned collection type
     * @returns Instance of Type, Map, or Object
     */
    toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? new Map() : {};
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const item of this.items)
            addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        for (const item of this.items) {
            if (!identity.isPair(item))
                throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
            ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '',
            flowChars: { start: '{', end: '}' },
            itemIndent: ctx.indent || '',
            onChompKeep,
            onComment
        });
    }
}

exports.YAMLMap = YAMLMap;
exports.findPair = findPair;


/***/ }),

/***/ 3013:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var createNode = __nccwpck_require__(1126);
var stringifyCollection = __nccwpck_require__(486);
var Collection = __nccwpck_require__(935);
var identity = __nccwpck_require__(1737);
var Scalar = __nccwpck_require__(1543);
var toJS = __nccwpck_require__(445);

class YAMLSeq extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:seq';
    }
    constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
    }
    add(value) {
        this.items.push(value);
    }
    /**
     * Removes a value from the collection.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     *
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return undefined;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     */
    has(key) {
        const idx = asItemIndex(key);
        return typeof idx === 'number' && idx < this.items.length;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     *
     * If `key` does not contain a representation of an integer, this will throw.
     * It may be wrapped in a `Scalar`.
     */
    set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
            prev.value = value;
        else
            this.items[idx] = value;
    }
    toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
            ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
            seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '- ',
            flowChars: { start: '[', end: ']' },
            itemIndent: (ctx.indent || '') + '  ',
            onChompKeep,
            onComment
        });
    }
    static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
            let i = 0;
            for (let it of obj) {
                if (typeof replacer === 'function') {
                    const key = obj instanceof Set ? it : String(i++);
                    it = replacer.call(obj, key, it);
                }
                seq.items.push(createNode.createNode(it, undefined, ctx));
            }
        }
        return seq;
    }
}
function asItemIndex(key) {
    let idx = identity.isScalar(key) ? key.value : key;
    if (idx && typeof idx === 'string')
        idx = Number(idx);
    return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0
        ? idx
        : null;
}

exports.YAMLSeq = YAMLSeq;


/***/ }),

/***/ 8374:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var log = __nccwpck_require__(8195);
var merge = __nccwpck_require__(5970);
var stringify = __nccwpck_require__(5474);
var identity = __nccwpck_require__(1737);
var toJS = __nccwpck_require__(445);

function addPairToJSMap(ctx, map, { key, value }) {
    if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
    // TODO: Should drop this special case for bare << handling
    else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
    else {
        const jsKey = toJS.toJS(key, '', ctx);
        if (map instanceof Map) {
            map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        }
        else if (map instanceof Set) {
            map.add(jsKey);
        }
        else {
            const stringKey = stringifyKey(key, jsKey, ctx);
            const jsValue = toJS.toJS(value, stringKey, ctx);
            if (stringKey in map)
                Object.defineProperty(map, stringKey, {
                    value: jsValue,
                    writable: true,
                    enumerable: true,
                    configurable: true
                });
            else
                map[stringKey] = jsValue;
        }
    }
    return map;
}
function stringifyKey(key, jsKey, ctx) {
    if (jsKey === null)
        return '';
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    if (typeof jsKey !== 'object')
        return String(jsKey);
    if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = new Set();
        for (const node of ctx.anchors.keys())
            strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
            let jsonStr = JSON.stringify(strKey);
            if (jsonStr.length > 40)
                jsonStr = jsonStr.substring(0, 36) + '..."';
            log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
            ctx.mapKeyWarned = true;
        }
        return strKey;
    }
    return JSON.stringify(jsKey);
}

exports.addPairToJSMap = addPairToJSMap;


/***/ }),

/***/ 1737:
/***/ ((__unused_webpack_module, exports) => {

"use strict";


const ALIAS = Symbol.for('yaml.alias');
const DOC = Symbol.for('yaml.document');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');
const NODE_TYPE = Symbol.for('yaml.node.type');
const isAlias = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === ALIAS;
const isDocument = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === DOC;
const isMap = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === MAP;
const isPair = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === PAIR;
const isScalar = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SCALAR;
const isSeq = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SEQ;
function isCollection(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case MAP:
            case SEQ:
                return true;
        }
    return false;
}
function isNode(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case ALIAS:
            case MAP:
            case SCALAR:
            case SEQ:
                return true;
        }
    return false;
}
const hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;

exports.ALIAS = ALIAS;
exports.DOC = DOC;
exports.MAP = MAP;
exports.NODE_TYPE = NODE_TYPE;
exports.PAIR = PAIR;
exports.SCALAR = SCALAR;
exports.SEQ = SEQ;
exports.hasAnchor = hasAnchor;
exports.isAlias = isAlias;
exports.isCollection = isCollection;
exports.isDocument = isDocument;
exports.isMap = isMap;
exports.isNode = isNode;
exports.isPair = isPair;
exports.isScalar = isScalar;
exports.isSeq = isSeq;


/***/ }),

/***/ 445:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);

/**
 * Recursively convert any node or its contents to native JavaScript
 *
 * @param value - The input value
 * @param arg - If `value` defines a `toJSON()` method, use this
 *   as its first argument
 * @param ctx - Conversion context, originally set in Document#toJS(). If
 *   `{ keep: true }` is not set, output should be suitable for JSON
 *   stringification.
 */
function toJS(value, arg, ctx) {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return
    if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
    if (value && typeof value.toJSON === 'function') {
        // eslint-disable-next-line @typescript-eslint/no-unsafe-call
        if (!ctx || !identity.hasAnchor(value))
            return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: undefined };
        ctx.anchors.set(value, data);
        ctx.onCreate = res => {
            data.res = res;
            delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
            ctx.onCreate(res);
        return res;
    }
    if (typeof value === 'bigint' && !ctx?.keep)
        return Number(value);
    return value;
}

exports.toJS = toJS;


/***/ }),

/***/ 1588:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var resolveBlockScalar = __nccwpck_require__(1399);
var resolveFlowScalar = __nccwpck_require__(2976);
var errors = __nccwpck_require__(8450);
var stringifyString = __nccwpck_require__(4387);

function resolveAsScalar(token, strict = true, onError) {
    if (token) {
        const _onError = (pos, code, message) => {
            const offset = typeof pos === 'number' ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
            if (onError)
                onError(offset, code, message);
            else
                throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
            case 'block-scalar':
                return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
    }
    return null;
}
/**
 * Create a new scalar token with `value`
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.end Comments and whitespace after the end of the value, or after the block scalar header. If undefined, a newline will be added.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.indent The indent level of the token.
 * @param context.inFlow Is this scalar within a flow collection? This may affect the resolved type of the token's value.
 * @param context.offset The offset position of the token.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function createScalarToken(value, context) {
    const { implicitKey = false, indent, inFlow = false, offset = -1, type = 'PLAIN' } = context;
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    const end = context.end ?? [
        { type: 'newline', offset: -1, indent, source: '\n' }
    ];
    switch (source[0]) {
        case '|':
        case '>': {
            const he = source.indexOf('\n');
            const head = source.substring(0, he);
            const body = source.substring(he + 1) + '\n';
            const props = [
                { type: 'block-scalar-header', offset, indent, source: head }
            ];
            if (!addEndtoBlockProps(props, end))
                props.push({ type: 'newline', offset: -1, indent, source: '\n' });
            return { type: 'block-scalar', offset, indent, props, source: body };
        }
        case '"':
            return { type: 'double-quoted-scalar', offset, indent, source, end };
        case "'":
            return { type: 'single-quoted-scalar', offset, indent, source, end };
        default:
            return { type: 'scalar', offset, indent, source, end };
    }
}
/**
 * Set the value of `token` to the given string `value`, overwriting any previous contents and type that it may have.
 *
 * Best efforts are made to retain any comments previously associated with the `token`,
 * though all contents within a collection's `items` will be overwritten.
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param token Any token. If it does not include an `indent` value, the value will be stringified as if it were an implicit key.
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.afterKey In most cases, values after a key should have an additional level of indentation.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.inFlow Being within a flow collection may affect the resolved type of the token's value.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function setScalarValue(token, value, context = {}) {
    let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
    let indent = 'indent' in token ? token.indent : null;
    if (afterKey && typeof indent === 'number')
        indent += 2;
    if (!type)
        switch (token.type) {
            case 'single-quoted-scalar':
                type = 'QUOTE_SINGLE';
                break;
            case 'double-quoted-scalar':
                type = 'QUOTE_DOUBLE';
                break;
            case 'block-scalar': {
                const header = token.props[0];
                if (header.type !== 'block-scalar-header')
                    throw new Error('Invalid block scalar header');
                type = header.source[0] === '>' ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
                break;
            }
            default:
                type = 'PLAIN';
        }
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    switch (source[0]) {
        case '|':
        case '>':
            setBlockScalarValue(token, source);
            break;
        case '"':
            setFlowScalarValue(token, source, 'double-quoted-scalar');
            break;
        case "'":
            setFlowScalarValue(token, source, 'single-quoted-scalar');
            break;
        default:
            setFlowScalarValue(token, source, 'scalar');
    }
}
function setBlockScalarValue(token, source) {
    const he = source.indexOf('\n');
    const head = source.substring(0, he);
    const body = source.substring(he + 1) + '\n';
    if (token.type === 'block-scalar') {
        const header = token.props[0];
        if (header.type !== 'block-scalar-header')
            throw new Error('Invalid block scalar header');
        header.source = head;
        token.source = body;
    }
    else {
        const { offset } = token;
        const indent = 'indent' in token ? token.indent : -1;
        const props = [
            { type: 'block-scalar-header', offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, 'end' in token ? token.end : undefined))
            props.push({ type: 'newline', offset: -1, indent, source: '\n' });
        for (const key of Object.keys(token))
            if (key !== 'type' && key !== 'offset')
                delete token[key];
        Object.assign(token, { type: 'block-scalar', indent, props, source: body });
    }
}
/** @returns `true` if last token is a newline */
function addEndtoBlockProps(props, end) {
    if (end)
        for (const st of end)
            switch (st.type) {
                case 'space':
                case 'comment':
                    props.push(st);
                    break;
                case 'newline':
                    props.push(st);
                    return true;
            }
    return false;
}
function setFlowScalarValue(token, source, type) {
    switch (token.type) {
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            token.type = type;
            token.source = source;
            break;
        case 'block-scalar': {
            const end = token.props.slice(1);
            let oa = source.length;
            if (token.props[0].type === 'block-scalar-header')
                oa -= token.props[0].source.length;
            for (const tok of end)
                tok.offset += oa;
            delete token.props;
            Object.assign(token, { type, source, end });
            break;
        }
        case 'block-map':
        case 'block-seq': {
            const offset = token.offset + source.length;
            const nl = { type: 'newline', offset, indent: token.indent, source: '\n' };
            delete token.items;
            Object.assign(token, { type, source, end: [nl] });
            break;
        }
        default: {
            const indent = 'indent' in token ? token.indent : -1;
            const end = 'end' in token && Array.isArray(token.end)
                ? token.end.filter(st => st.type === 'space' ||
                    st.type === 'comment' ||
                    st.type === 'newline')
                : [];
            for (const key of Object.keys(token))
                if (key !== 'type' && key !== 'offset')
                    delete token[key];
            Object.assign(token, { type, indent, source, end });
        }
    }
}

exports.createScalarToken = createScalarToken;
exports.resolveAsScalar = resolveAsScalar;
exports.setScalarValue = setScalarValue;


/***/ }),

/***/ 751:
/***/ ((__unused_webpack_module, exports) => {

"use strict";


/**
 * Stringify a CST document, token, or collection item
 *
 * Fair warning: This applies no validation whatsoever, and
 * simply concatenates the sources in their logical order.
 */
const stringify = (cst) => 'type' in cst ? stringifyToken(cst) : stringifyItem(cst);
function stringifyToken(token) {
    switch (token.type) {
        case 'block-scalar': {
            let res = '';
            for (const tok of token.props)
                res += stringifyToken(tok);
            return res + token.source;
        }
        case 'block-map':
        case 'block-seq': {
            let res = '';
            for (const item of token.items)
                res += stringifyItem(item);
            return res;
        }
        case 'flow-collection': {
            let res = token.start.source;
            for (const item of token.items)
                res += stringifyItem(item);
            for (const st of token.end)
                res += st.source;
            return res;
        }
        case 'document': {
            let res = stringifyItem(token);
            if (token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
        default: {
            let res = token.source;
            if ('end' in token && token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
    }
}
function stringifyItem({ start, key, sep, value }) {
    let res = '';
    for (const st of start)
        res += st.source;
    if (key)
        res += stringifyToken(key);
    if (sep)
        for (const st of sep)
            res += st.source;
    if (value)
        res += stringifyToken(value);
    return res;
}

exports.stringify = stringify;


/***/ }),

/***/ 1:
/***/ ((__unused_webpack_module, exports) => {

"use strict";


const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove item');
/**
 * Apply a visitor to a CST document or item.
 *
 * Walks through the tree (depth-first) starting from the root, calling a
 * `visitor` function with two arguments when entering each item:
 *   - `item`: The current item, which included the following members:
 *     - `start: SourceToken[]` – Source tokens before the key or value,
 *       possibly including its anchor or tag.
 *     - `key?: Token | null` – Set for pair values. May then be `null`, if
 *       the key before the `:` separator is empty.
 *     - `sep?: SourceToken[]` – Source tokens between the key and the value,
 *       which should include the `:` map value indicator if `value` is set.
 *     - `value?: Token` – The value of a sequence item, or of a map pair.
 *   - `path`: The steps from the root to the current node, as an array of
 *     `['key' | 'value', number]` tuples.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this token, continue with
 *      next sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current item, then continue with the next one
 *   - `number`: Set the index of the next step. This is useful especially if
 *     the index of the current token has changed.
 *   - `function`: Define the next visitor for this item. After the original
 *     visitor is called on item entry, next visitors are called after handling
 *     a non-empty `key` and when exiting the item.
 */
function visit(cst, visitor) {
    if ('type' in cst && cst.type === 'document')
        cst = { start: cst.start, value: cst.value };
    _visit(Object.freeze([]), cst, visitor);
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current item */
visit.SKIP = SKIP;
/** Remove the current item */
visit.REMOVE = REMOVE;
/** Find the item at `path` from `cst` as the root */
visit.itemAtPath = (cst, path) => {
    let item = cst;
    for (const [field, index] of path) {
        const tok = item?.[field];
        if (tok && 'items' in tok) {
            item = tok.items[index];
        }
        else
            return undefined;
    }
    return item;
};
/**
 * Get the immediate parent collection of the item at `path` from `cst` as the root.
 *
 * Throws an error if the collection is not found, which should never happen if the item itself exists.
 */
visit.parentCollection = (cst, path) => {
    const parent = visit.itemAtPath(cst, path.slice(0, -1));
    const field = path[path.length - 1][0];
    const coll = parent?.[field];
    if (coll && 'items' in coll)
        return coll;
    throw new Error('Parent collection not found');
};
function _visit(path, item, visitor) {
    let ctrl = visitor(item, path);
    if (typeof ctrl === 'symbol')
        return ctrl;
    for (const field of ['key', 'value']) {
        const token = item[field];
        if (token && 'items' in token) {
            for (let i = 0; i < token.items.length; ++i) {
                const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    token.items.splice(i, 1);
                    i -= 1;
                }
            }
            if (typeof ctrl === 'function' && field === 'key')
                ctrl = ctrl(item, path);
        }
    }
    return typeof ctrl === 'function' ? ctrl(item, path) : ctrl;
}

exports.visit = visit;


/***/ }),

/***/ 1475:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var cstScalar = __nccwpck_require__(1588);
var cstStringify = __nccwpck_require__(751);
var cstVisit = __nccwpck_require__(1);

/** The byte order mark */
const BOM = '\u{FEFF}';
/** Start of doc-mode */
const DOCUMENT = '\x02'; // C0: Start of Text
/** Unexpected end of flow-mode */
const FLOW_END = '\x18'; // C0: Cancel
/** Next token is a scalar value */
const SCALAR = '\x1f'; // C0: Unit Separator
/** @returns `true` if `token` is a flow or block collection */
const isCollection = (token) => !!token && 'items' in token;
/** @returns `true` if `token` is a flow or block scalar; not an alias */
const isScalar = (token) => !!token &&
    (token.type === 'scalar' ||
        token.type === 'single-quoted-scalar' ||
        token.type === 'double-quoted-scalar' ||
        token.type === 'block-scalar');
/* istanbul ignore next */
/** Get a printable representation of a lexer token */
function prettyToken(token) {
    switch (token) {
        case BOM:
            return '<BOM>';
        case DOCUMENT:
            return '<DOC>';
        case FLOW_END:
            return '<FLOW_END>';
        case SCALAR:
            return '<SCALAR>';
        default:
            return JSON.stringify(token);
    }
}
/** Identify the type of a lexer token. May return `null` for unknown tokens. */
function tokenType(source) {
    switch (source) {
        case BOM:
            return 'byte-order-mark';
        case DOCUMENT:
            return 'doc-mode';
        case FLOW_END:
            return 'flow-error-end';
        case SCALAR:
            return 'scalar';
        case '---':
            return 'doc-start';
        case '...':
            return 'doc-end';
        case '':
        case '\n':
        case '\r\n':
            return 'newline';
        case '-':
            return 'seq-item-ind';
        case '?':
            return 'explicit-key-ind';
        case ':':
            return 'map-value-ind';
        case '{':
            return 'flow-map-start';
        case '}':
            return 'flow-map-end';
        case '[':
            return 'flow-seq-start';
        case ']':
            return 'flow-seq-end';
        case ',':
            return 'comma';
    }
    switch (source[0]) {
        case ' ':
        case '\t':
            return 'space';
        case '#':
            return 'comment';
        case '%':
            return 'directive-line';
        case '*':
            return 'alias';
        case '&':
            return 'anchor';
        case '!':
            return 'tag';
        case "'":
            return 'single-quoted-scalar';
        case '"':
            return 'double-quoted-scalar';
        case '|':
        case '>':
            return 'block-scalar-header';
    }
    return null;
}

exports.createScalarToken = cstScalar.createScalarToken;
exports.resolveAsScalar = cstScalar.resolveAsScalar;
exports.setScalarValue = cstScalar.setScalarValue;
exports.stringify = cstStringify.stringify;
exports.visit = cstVisit.visit;
exports.BOM = BOM;
exports.DOCUMENT = DOCUMENT;
exports.FLOW_END = FLOW_END;
exports.SCALAR = SCALAR;
exports.isCollection = isCollection;
exports.isScalar = isScalar;
exports.prettyToken = prettyToken;
exports.tokenType = tokenType;


/***/ }),

/***/ 7371:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var cst = __nccwpck_require__(1475);

/*
START -> stream

stream
  directive -> line-end -> stream
  indent + line-end -> stream
  [else] -> line-start

line-end
  comment -> line-end
  newline -> .
  input-end -> END

line-start
  doc-start -> doc
  doc-end -> stream
  [else] -> indent -> block-start

block-start
  seq-item-start -> block-start
  explicit-key-start -> block-start
  map-value-start -> block-start
  [else] -> doc

doc
  line-end -> line-start
  spaces -> doc
  anchor -> doc
  tag -> doc
  flow-start -> flow -> doc
  flow-end -> error -> doc
  seq-item-start -> error -> doc
  explicit-key-start -> error -> doc
  map-value-start -> doc
  alias -> doc
  quote-start -> quoted-scalar -> doc
  block-scalar-header -> line-end -> block-scalar(min) -> line-start
  [else] -> plain-scalar(false, min) -> doc

flow
  line-end -> flow
  spaces -> flow
  anchor -> flow
  tag -> flow
  flow-start -> flow -> flow
  flow-end -> .
  seq-item-start -> error -> flow
  explicit-key-start -> flow
  map-value-start -> flow
  alias -> flow
  quote-start -> quoted-scalar -> flow
  comma -> flow
  [else] -> plain-scalar(true, 0) -> flow

quoted-scalar
  quote-end -> .
  [else] -> quoted-scalar

block-scalar(min)
  newline + peek(indent < min) -> .
  [else] -> block-scalar(min)

plain-scalar(is-flow, min)
  scalar-end(is-flow) -> .
  peek(newline + (indent < min)) -> .
  [else] -> plain-scalar(min)
*/
function isEmpty(ch) {
    switch (ch) {
        case undefined:
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            return true;
        default:
            return false;
    }
}
const hexDigits = new Set('0123456789ABCDEFabcdef');
const tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
const flowIndicatorChars = new Set(',[]{}');
const invalidAnchorChars = new Set(' ,[]{}\n\r\t');
const isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
/**
 * Splits an input string into lexical tokens, i.e. smaller strings that are
 * easily identifiable by `tokens.tokenType()`.
 *
 * Lexing starts always in a "stream" context. Incomplete input may be buffered
 * until a complete token can be emitted.
 *
 * In addition to slices of the original input, the following control characters
 * may also be emitted:
 *
 * - `\x02` (Start of Text): A document starts with the next token
 * - `\x18` (Cancel): Unexpected end of flow-mode (indicates an error)
 * - `\x1f` (Unit Separator): Next token is a scalar value
 * - `\u{FEFF}` (Byte order mark): Emitted separately outside documents
 */
class Lexer {
    constructor() {
        /**
         * Flag indicating whether the end of the current buffer marks the end of
         * all input
         */
        this.atEnd = false;
        /**
         * Explicit indent set in block scalar header, as an offset from the current
         * minimum indent, so e.g. set to 1 from a header `|2+`. Set to -1 if not
         * explicitly set.
         */
        this.blockScalarIndent = -1;
        /**
         * Block scalars that include a + (keep) chomping indicator in their header
         * include trailing empty lines, which are otherwise excluded from the
         * scalar's contents.
         */
        this.blockScalarKeep = false;
        /** Current input */
        this.buffer = '';
        /**
         * Flag noting whether the map value indicator : can immediately follow this
         * node within a flow context.
         */
        this.flowKey = false;
        /** Count of surrounding flow collection levels. */
        this.flowLevel = 0;
        /**
         * Minimum level of indentation required for next lines to be parsed as a
         * part of the current scalar value.
         */
        this.indentNext = 0;
        /** Indentation level of the current line. */
        this.indentValue = 0;
        /** Position of the next \n character. */
        this.lineEndPos = null;
        /** Stores the state of the lexer if reaching the end of incpomplete input */
        this.next = null;
        /** A pointer to `buffer`; the current position of the lexer. */
        this.pos = 0;
    }
    /**
     * Generate YAML tokens from the `source` string. If `incomplete`,
     * a part of the last line may be left as a buffer for the next call.
     *
     * @returns A generator of lexical tokens
     */
    *lex(source, incomplete = false) {
        if (source) {
            if (typeof source !== 'string')
                throw TypeError('source is not a string');
            this.buffer = this.buffer ? this.buffer + source : source;
            this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? 'stream';
        while (next && (incomplete || this.hasChars(1)))
            next = yield* this.parseNext(next);
    }
    atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === ' ' || ch === '\t')
            ch = this.buffer[++i];
        if (!ch || ch === '#' || ch === '\n')
            return true;
        if (ch === '\r')
            return this.buffer[i + 1] === '\n';
        return false;
    }
    charAt(n) {
        return this.buffer[this.pos + n];
    }
    continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
            let indent = 0;
            while (ch === ' ')
                ch = this.buffer[++indent + offset];
            if (ch === '\r') {
                const next = this.buffer[indent + offset + 1];
                if (next === '\n' || (!next && !this.atEnd))
                    return offset + indent + 1;
            }
            return ch === '\n' || indent >= this.indentNext || (!ch && !this.atEnd)
                ? offset + indent
                : -1;
        }
        if (ch === '-' || ch === '.') {
            const dt = this.buffer.substr(offset, 3);
            if ((dt === '---' || dt === '...') && isEmpty(this.buffer[offset + 3]))
                return -1;
        }
        return offset;
    }
    getLine() {
        let end = this.lineEndPos;
        if (typeof end !== 'number' || (end !== -1 && end < this.pos)) {
            end = this.buffer.indexOf('\n', this.pos);
            this.lineEndPos = end;
        }
        if (end === -1)
            return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === '\r')
            end -= 1;
        return this.buffer.substring(this.pos, end);
    }
    hasChars(n) {
        return this.pos + n <= this.buffer.length;
    }
    setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
    }
    peek(n) {
        return this.buffer.substr(this.pos, n);
    }
    *parseNext(next) {
        switch (next) {
            case 'stream':
                return yield* this.parseStream();
            case 'line-start':
                return yield* this.parseLineStart();
            case 'block-start':
                return yield* this.parseBlockStart();
            case 'doc':
                return yield* this.parseDocument();
            case 'flow':
                return yield* this.parseFlowCollection();
            case 'quoted-scalar':
                return yield* this.parseQuotedScalar();
            case 'block-scalar':
                return yield* this.parseBlockScalar();
            case 'plain-scalar':
                return yield* this.parsePlainScalar();
        }
    }
    *parseStream() {
        let line = this.getLine();
        if (line === null)
            return this.setNext('stream');
        if (line[0] === cst.BOM) {
            yield* this.pushCount(1);
            line = line.substring(1);
        }
        if (line[0] === '%') {
            let dirEnd = line.length;
            let cs = line.indexOf('#');
            while (cs !== -1) {
                const ch = line[cs - 1];
                if (ch === ' ' || ch === '\t') {
                    dirEnd = cs - 1;
                    break;
                }
                else {
                    cs = line.indexOf('#', cs + 1);
                }
            }
            while (true) {
                const ch = line[dirEnd - 1];
                if (ch === ' ' || ch === '\t')
                    dirEnd -= 1;
                else
                    break;
            }
            const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
            yield* this.pushCount(line.length - n); // possible comment
            this.pushNewline();
            return 'stream';
        }
        if (this.atLineEnd()) {
            const sp = yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - sp);
            yield* this.pushNewline();
            return 'stream';
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
    }
    *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
            return this.setNext('line-start');
        if (ch === '-' || ch === '.') {
            if (!this.atEnd && !this.hasChars(4))
                return this.setNext('line-start');
            const s = this.peek(3);
            if ((s === '---' || s === '...') && isEmpty(this.charAt(3))) {
                yield* this.pushCount(3);
                this.indentValue = 0;
                this.indentNext = 0;
                return s === '---' ? 'doc' : 'stream';
            }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
            this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
    }
    *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
            return this.setNext('block-start');
        if ((ch0 === '-' || ch0 === '?' || ch0 === ':') && isEmpty(ch1)) {
            const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
            this.indentNext = this.indentValue + 1;
            this.indentValue += n;
            return 'block-start';
        }
        return 'doc';
    }
    *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
            return this.setNext('doc');
        let n = yield* this.pushIndicators();
        switch (line[n]) {
            case '#':
                yield* this.pushCount(line.length - n);
            // fallthrough
            case undefined:
                yield* this.pushNewline();
                return yield* this.parseLineStart();
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel = 1;
                return 'flow';
            case '}':
            case ']':
                // this is an error
                yield* this.pushCount(1);
                return 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'doc';
            case '"':
            case "'":
                return yield* this.parseQuotedScalar();
            case '|':
            case '>':
                n += yield* this.parseBlockScalarHeader();
                n += yield* this.pushSpaces(true);
                yield* this.pushCount(line.length - n);
                yield* this.pushNewline();
                return yield* this.parseBlockScalar();
            default:
                return yield* this.parsePlainScalar();
        }
    }
    *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
            nl = yield* this.pushNewline();
            if (nl > 0) {
                sp = yield* this.pushSpaces(false);
                this.indentValue = indent = sp;
            }
            else {
                sp = 0;
            }
            sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
            return this.setNext('flow');
        if ((indent !== -1 && indent < this.indentNext && line[0] !== '#') ||
            (indent === 0 &&
                (line.startsWith('---') || line.startsWith('...')) &&
                isEmpty(line[3]))) {
            // Allowing for the terminal ] or } at the same (rather than greater)
            // indent level as the initial [ or { is technically invalid, but
            // failing here would be surprising to users.
            const atFlowEndMarker = indent === this.indentNext - 1 &&
                this.flowLevel === 1 &&
                (line[0] === ']' || line[0] === '}');
            if (!atFlowEndMarker) {
                // this is an error
                this.flowLevel = 0;
                yield cst.FLOW_END;
                return yield* this.parseLineStart();
            }
        }
        let n = 0;
        while (line[n] === ',') {
            n += yield* this.pushCount(1);
            n += yield* this.pushSpaces(true);
            this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
            case undefined:
                return 'flow';
            case '#':
                yield* this.pushCount(line.length - n);
                return 'flow';
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel += 1;
                return 'flow';
            case '}':
            case ']':
                yield* this.pushCount(1);
                this.flowKey = true;
                this.flowLevel -= 1;
                return this.flowLevel ? 'flow' : 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'flow';
            case '"':
            case "'":
                this.flowKey = true;
                return yield* this.parseQuotedScalar();
            case ':': {
                const next = this.charAt(1);
                if (this.flowKey || isEmpty(next) || next === ',') {
                    this.flowKey = false;
                    yield* this.pushCount(1);
                    yield* this.pushSpaces(true);
                    return 'flow';
                }
            }
            // fallthrough
            default:
                this.flowKey = false;
                return yield* this.parsePlainScalar();
        }
    }
    *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
            while (end !== -1 && this.buffer[end + 1] === "'")
                end = this.buffer.indexOf("'", end + 2);
        }
        else {
            // double-quote
            while (end !== -1) {
                let n = 0;
                while (this.buffer[end - 1 - n] === '\\')
                    n += 1;
                if (n % 2 === 0)
                    break;
                end = this.buffer.indexOf('"', end + 1);
            }
        }
        // Only looking for newlines within the quotes
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf('\n', this.pos);
        if (nl !== -1) {
            while (nl !== -1) {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = qb.indexOf('\n', cs);
            }
            if (nl !== -1) {
                // this is an error caused by an unexpected unindent
                end = nl - (qb[nl - 1] === '\r' ? 2 : 1);
            }
        }
        if (end === -1) {
            if (!this.atEnd)
                return this.setNext('quoted-scalar');
            end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? 'flow' : 'doc';
    }
    *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
            const ch = this.buffer[++i];
            if (ch === '+')
                this.blockScalarKeep = true;
            else if (ch > '0' && ch <= '9')
                this.blockScalarIndent = Number(ch) - 1;
            else if (ch !== '-')
                break;
        }
        return yield* this.pushUntil(ch => isEmpty(ch) || ch === '#');
    }
    *parseBlockScalar() {
        let nl = this.pos - 1; // may be -1 if this.pos === 0
        let indent = 0;
        let ch;
        loop: for (let i = this.pos; (ch = this.buffer[i]); ++i) {
            switch (ch) {
                case ' ':
                    indent += 1;
                    break;
                case '\n':
                    nl = i;
                    indent = 0;
                    break;
                case '\r': {
                    const next = this.buffer[i + 1];
                    if (!next && !this.atEnd)
                        return this.setNext('block-scalar');
                    if (next === '\n')
                        break;
                } // fallthrough
                default:
                    break loop;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('block-scalar');
        if (indent >= this.indentNext) {
            if (this.blockScalarIndent === -1)
                this.indentNext = indent;
            else {
                this.indentNext =
                    this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
            }
            do {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = this.buffer.indexOf('\n', cs);
            } while (nl !== -1);
            if (nl === -1) {
                if (!this.atEnd)
                    return this.setNext('block-scalar');
                nl = this.buffer.length;
            }
        }
        // Trailing insufficiently indented tabs are invalid.
        // To catch that during parsing, we include them in the block scalar value.
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === ' ')
            ch = this.buffer[++i];
        if (ch === '\t') {
            while (ch === '\t' || ch === ' ' || ch === '\r' || ch === '\n')
                ch = this.buffer[++i];
            nl = i - 1;
        }
        else if (!this.blockScalarKeep) {
            do {
                let i = nl - 1;
                let ch = this.buffer[i];
                if (ch === '\r')
                    ch = this.buffer[--i];
                const lastChar = i; // Drop the line if last char not more indented
                while (ch === ' ')
                    ch = this.buffer[--i];
                if (ch === '\n' && i >= this.pos && i + 1 + indent > lastChar)
                    nl = i;
                else
                    break;
            } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
    }
    *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while ((ch = this.buffer[++i])) {
            if (ch === ':') {
                const next = this.buffer[i + 1];
                if (isEmpty(next) || (inFlow && flowIndicatorChars.has(next)))
                    break;
                end = i;
            }
            else if (isEmpty(ch)) {
                let next = this.buffer[i + 1];
                if (ch === '\r') {
                    if (next === '\n') {
                        i += 1;
                        ch = '\n';
                        next = this.buffer[i + 1];
                    }
                    else
                        end = i;
                }
                if (next === '#' || (inFlow && flowIndicatorChars.has(next)))
                    break;
                if (ch === '\n') {
                    const cs = this.continueScalar(i + 1);
                    if (cs === -1)
                        break;
                    i = Math.max(i, cs - 2); // to advance, but still account for ' #'
                }
            }
            else {
                if (inFlow && flowIndicatorChars.has(ch))
                    break;
                end = i;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('plain-scalar');
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? 'flow' : 'doc';
    }
    *pushCount(n) {
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos += n;
            return n;
        }
        return 0;
    }
    *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
            yield s;
            this.pos += s.length;
            return s.length;
        }
        else if (allowEmpty)
            yield '';
        return 0;
    }
    *pushIndicators() {
        let n = 0;
        loop: while (true) {
            switch (this.charAt(0)) {
                case '!':
                    n += yield* this.pushTag();
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '&':
                    n += yield* this.pushUntil(isNotAnchorChar);
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '-': // this is an error
                case '?': // this is an error outside flow collections
                case ':': {
                    const inFlow = this.flowLevel > 0;
                    const ch1 = this.charAt(1);
                    if (isEmpty(ch1) || (inFlow && flowIndicatorChars.has(ch1))) {
                        if (!inFlow)
                            this.indentNext = this.indentValue + 1;
                        else if (this.flowKey)
                            this.flowKey = false;
                        n += yield* this.pushCount(1);
                        n += yield* this.pushSpaces(true);
                        continue loop;
                    }
                }
            }
            break loop;
        }
        return n;
    }
    *pushTag() {
        if (this.charAt(1) === '<') {
            let i = this.pos + 2;
            let ch = this.buffer[i];
            while (!isEmpty(ch) && ch !== '>')
                ch = this.buffer[++i];
            return yield* this.pushToIndex(ch === '>' ? i + 1 : i, false);
        }
        else {
            let i = this.pos + 1;
            let ch = this.buffer[i];
            while (ch) {
                if (tagChars.has(ch))
                    ch = this.buffer[++i];
                else if (ch === '%' &&
                    hexDigits.has(this.buffer[i + 1]) &&
                    hexDigits.has(this.buffer[i + 2])) {
                    ch = this.buffer[(i += 3)];
                }
                else
                    break;
            }
            return yield* this.pushToIndex(i, false);
        }
    }
    *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === '\n')
            return yield* this.pushCount(1);
        else if (ch === '\r' && this.charAt(1) === '\n')
            return yield* this.pushCount(2);
        else
            return 0;
    }
    *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
            ch = this.buffer[++i];
        } while (ch === ' ' || (allowTabs && ch === '\t'));
        const n = i - this.pos;
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos = i;
        }
        return n;
    }
    *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
            ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
    }
}

exports.Lexer = Lexer;


/***/ }),

/***/ 1242:
/***/ ((__unused_webpack_module, exports) => {

"use strict";


/**
 * Tracks newlines during parsing in order to provide an efficient API for
 * determining the one-indexed `{ line, col }` position for any offset
 * within the input.
 */
class LineCounter {
    constructor() {
        this.lineStarts = [];
        /**
         * Should be called in ascending order. Otherwise, call
         * `lineCounter.lineStarts.sort()` before calling `linePos()`.
         */
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        /**
         * Performs a binary search and returns the 1-indexed { line, col }
         * position of `offset`. If `line === 0`, `addNewLine` has never been
         * called or `offset` is before the first known newline.
         */
        this.linePos = (offset) => {
            let low = 0;
            let high = this.lineStarts.length;
            while (low < high) {
                const mid = (low + high) >> 1; // Math.floor((low + high) / 2)
                if (this.lineStarts[mid] < offset)
                    low = mid + 1;
                else
                    high = mid;
            }
            if (this.lineStarts[low] === offset)
                return { line: low + 1, col: 1 };
            if (low === 0)
                return { line: 0, col: offset };
            const start = this.lineStarts[low - 1];
            return { line: low, col: offset - start + 1 };
        };
    }
}

exports.LineCounter = LineCounter;


/***/ }),

/***/ 8238:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var node_process = __nccwpck_require__(932);
var cst = __nccwpck_require__(1475);
var lexer = __nccwpck_require__(7371);

function includesToken(list, type) {
    for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
            return true;
    return false;
}
function findNonEmptyIndex(list) {
    for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
            case 'space':
            case 'comment':
            case 'newline':
                break;
            default:
                return i;
        }
    }
    return -1;
}
function isFlowToken(token) {
    switch (token?.type) {
        case 'alias':
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'flow-collection':
            return true;
        default:
            return false;
    }
}
function getPrevProps(parent) {
    switch (parent.type) {
        case 'document':
            return parent.start;
        case 'block-map': {
            const it = parent.items[parent.items.length - 1];
            return it.sep ?? it.start;
        }
        case 'block-seq':
            return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
            return [];
    }
}
/** Note: May modify input array */
function getFirstKeyStartProps(prev) {
    if (prev.length === 0)
        return [];
    let i = prev.length;
    loop: while (--i >= 0) {
        switch (prev[i].type) {
            case 'doc-start':
            case 'explicit-key-ind':
            case 'map-value-ind':
            case 'seq-item-ind':
            case 'newline':
                break loop;
        }
    }
    while (prev[++i]?.type === 'space') {
        /* loop */
    }
    return prev.splice(i, prev.length);
}
function arrayPushArray(target, source) {
    // May exhaust call stack with large `source` array
    if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
    else
        for (let i = 0; i < source.length; ++i)
            target.push(source[i]);
}
function fixFlowSeqItems(fc) {
    if (fc.start.type === 'flow-seq-start') {
        for (const it of fc.items) {
            if (it.sep &&
                !it.value &&
                !includesToken(it.start, 'explicit-key-ind') &&
                !includesToken(it.sep, 'map-value-ind')) {
                if (it.key)
                    it.value = it.key;
                delete it.key;
                if (isFlowToken(it.value)) {
                    if (it.value.end)
                        arrayPushArray(it.value.end, it.sep);
                    else
                        it.value.end = it.sep;
                }
                else
                    arrayPushArray(it.start, it.sep);
                delete it.sep;
            }
        }
    }
}
/**
 * A YAML concrete syntax tree (CST) parser
 *
 * ```ts
 * const src: string = ...
 * for (const token of new Parser().parse(src)) {
 *   // token: Token
 * }
 * ```
 *
 * To use the parser with a user-provided lexer:
 *
 * ```ts
 * function* parse(source: string, lexer: Lexer) {
 *   const parser = new Parser()
 *   for (const lexeme of lexer.lex(source))
 *     yield* parser.next(lexeme)
 *   yield* parser.end()
 * }
 *
 * const src: string = ...
 * const lexer = new Lexer()
 * for (const token of parse(src, lexer)) {
 *   // token: Token
 * }
 * ```
 */
class Parser {
    /**
     * @param onNewLine - If defined, called separately with the start position of
     *   each new line (in `parse()`, including the start of input).
     */
    constructor(onNewLine) {
        /** If true, space and sequence indicators count as indentation */
        this.atNewLine = true;
        /** If true, next token is a scalar value */
        this.atScalar = false;
        /** Current indentation level */
        this.indent = 0;
        /** Current offset since the start of parsing */
        this.offset = 0;
        /** On the same line with a block map key */
        this.onKeyLine = false;
        /** Top indicates the node that's currently being built */
        this.stack = [];
        /** The source of the current token, set in parse() */
        this.source = '';
        /** The type of the current token, set in parse() */
        this.type = '';
        // Must be defined after `next()`
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
    }
    /**
     * Parse `source` as a YAML stream.
     * If `incomplete`, a part of the last line may be left as a buffer for the next call.
     *
     * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
     *
     * @returns A generator of tokens representing each directive, document, and other structure.
     */
    *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
            this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
            yield* this.next(lexeme);
        if (!incomplete)
            yield* this.end();
    }
    /**
     * Advance the parser by the `source` of one lexical token.
     */
    *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
            console.log('|', cst.prettyToken(source));
        if (this.atScalar) {
            this.atScalar = false;
            yield* this.step();
            this.offset += source.length;
            return;
        }
        const type = cst.tokenType(source);
        if (!type) {
            const message = `Not a YAML token: ${source}`;
            yield* this.pop({ type: 'error', offset: this.offset, message, source });
            this.offset += source.length;
        }
        else if (type === 'scalar') {
            this.atNewLine = false;
            this.atScalar = true;
            this.type = 'scalar';
        }
        else {
            this.type = type;
            yield* this.step();
            switch (type) {
                case 'newline':
                    this.atNewLine = true;
                    this.indent = 0;
                    if (this.onNewLine)
                        this.onNewLine(this.offset + source.length);
                    break;
                case 'space':
                    if (this.atNewLine && source[0] === ' ')
                        this.indent += source.length;
                    break;
                case 'explicit-key-ind':
                case 'map-value-ind':
                case 'seq-item-ind':
                    if (this.atNewLine)
                        this.indent += source.length;
                    break;
                case 'doc-mode':
                case 'flow-error-end':
                    return;
                default:
                    this.atNewLine = false;
            }
            this.offset += source.length;
        }
    }
    /** Call at end of input to push out any remaining constructions */
    *end() {
        while (this.stack.length > 0)
            yield* this.pop();
    }
    get sourceToken() {
        const st = {
            type: this.type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
        return st;
    }
    *step() {
        const top = this.peek(1);
        if (this.type === 'doc-end' && top?.type !== 'doc-end') {
            while (this.stack.length > 0)
                yield* this.pop();
            this.stack.push({
                type: 'doc-end',
                offset: this.offset,
                source: this.source
            });
            return;
        }
        if (!top)
            return yield* this.stream();
        switch (top.type) {
            case 'document':
                return yield* this.document(top);
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return yield* this.scalar(top);
            case 'block-scalar':
                return yield* this.blockScalar(top);
            case 'block-map':
                return yield* this.blockMap(top);
            case 'block-seq':
                return yield* this.blockSequence(top);
            case 'flow-collection':
                return yield* this.flowCollection(top);
            case 'doc-end':
                return yield* this.documentEnd(top);
        }
        /* istanbul ignore next should not happen */
        yield* this.pop();
    }
    peek(n) {
        return this.stack[this.stack.length - n];
    }
    *pop(error) {
        const token = error ?? this.stack.pop();
        /* istanbul ignore if should not happen */
        if (!token) {
            const message = 'Tried to pop an empty stack';
            yield { type: 'error', offset: this.offset, source: '', message };
        }
        else if (this.stack.length === 0) {
            yield token;
        }
        else {
            const top = this.peek(1);
            if (token.type === 'block-scalar') {
                // Block scalars use their parent rather than header indent
                token.indent = 'indent' in top ? top.indent : 0;
            }
            else if (token.type === 'flow-collection' && top.type === 'document') {
                // Ignore all indent for top-level flow collections
                token.indent = 0;
            }
            if (token.type === 'flow-collection')
                fixFlowSeqItems(token);
            switch (top.type) {
                case 'document':
                    top.value = token;
                    break;
                case 'block-scalar':
                    top.props.push(token); // error
                    break;
                case 'block-map': {
                    const it = top.items[top.items.length - 1];
                    if (it.value) {
                        top.items.push({ start: [], key: token, sep: [] });
                        this.onKeyLine = true;
                        return;
                    }
                    else if (it.sep) {
                        it.value = token;
                    }
                    else {
                        Object.assign(it, { key: token, sep: [] });
                        this.onKeyLine = !it.explicitKey;
                        return;
                    }
                    break;
                }
                case 'block-seq': {
                    const it = top.items[top.items.length - 1];
                    if (it.value)
                        top.items.push({ start: [], value: token });
                    else
                        it.value = token;
                    break;
                }
                case 'flow-collection': {
                    const it = top.items[top.items.length - 1];
                    if (!it || it.value)
                        top.items.push({ start: [], key: token, sep: [] });
                    else if (it.sep)
                        it.value = token;
                    else
                        Object.assign(it, { key: token, sep: [] });
                    return;
                }
                /* istanbul ignore next should not happen */
                default:
                    yield* this.pop();
                    yield* this.pop(token);
            }
            if ((top.type === 'document' ||
                top.type === 'block-map' ||
                top.type === 'block-seq') &&
                (token.type === 'block-map' || token.type === 'block-seq')) {
                const last = token.items[token.items.length - 1];
                if (last &&
                    !last.sep &&
                    !last.value &&
                    last.start.length > 0 &&
                    findNonEmptyIndex(last.start) === -1 &&
                    (token.indent === 0 ||
                        last.start.every(st => st.type !== 'comment' || st.indent < token.indent))) {
                    if (top.type === 'document')
                        top.end = last.start;
                    else
                        top.items.push({ start: last.start });
                    token.items.splice(-1, 1);
                }
            }
        }
    }
    *stream() {
        switch (this.type) {
            case 'directive-line':
                yield { type: 'directive', offset: this.offset, source: this.source };
                return;
            case 'byte-order-mark':
            case 'space':
            case 'comment':
            case 'newline':
                yield this.sourceToken;
                return;
            case 'doc-mode':
            case 'doc-start': {
                const doc = {
                    type: 'document',
                    offset: this.offset,
                    start: []
                };
                if (this.type === 'doc-start')
                    doc.start.push(this.sourceToken);
                this.stack.push(doc);
                return;
            }
        }
        yield {
            type: 'error',
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML stream`,
            source: this.source
        };
    }
    *document(doc) {
        if (doc.value)
            return yield* this.lineEnd(doc);
        switch (this.type) {
            case 'doc-start': {
                if (findNonEmptyIndex(doc.start) !== -1) {
                    yield* this.pop();
                    yield* this.step();
                }
                else
                    doc.start.push(this.sourceToken);
                return;
            }
            case 'anchor':
            case 'tag':
            case 'space':
            case 'comment':
            case 'newline':
                doc.start.push(this.sourceToken);
                return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
            this.stack.push(bv);
        else {
            yield {
                type: 'error',
                offset: this.offset,
                message: `Unexpected ${this.type} token in YAML document`,
                source: this.source
            };
        }
    }
    *scalar(scalar) {
        if (this.type === 'map-value-ind') {
            const prev = getPrevProps(this.peek(2));
            const start = getFirstKeyStartProps(prev);
            let sep;
            if (scalar.end) {
                sep = scalar.end;
                sep.push(this.sourceToken);
                delete scalar.end;
            }
            else
                sep = [this.sourceToken];
            const map = {
                type: 'block-map',
                offset: scalar.offset,
                indent: scalar.indent,
                items: [{ start, key: scalar, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
        }
        else
            yield* this.lineEnd(scalar);
    }
    *blockScalar(scalar) {
        switch (this.type) {
            case 'space':
            case 'comment':
            case 'newline':
                scalar.props.push(this.sourceToken);
                return;
            case 'scalar':
                scalar.source = this.source;
                // block-scalar source includes trailing newline
                this.atNewLine = true;
                this.indent = 0;
                if (this.onNewLine) {
                    let nl = this.source.indexOf('\n') + 1;
                    while (nl !== 0) {
                        this.onNewLine(this.offset + nl);
                        nl = this.source.indexOf('\n', nl) + 1;
                    }
                }
                yield* this.pop();
                break;
            /* istanbul ignore next should not happen */
            default:
                yield* this.pop();
                yield* this.step();
        }
    }
    *blockMap(map) {
        const it = map.items[map.items.length - 1];
        // it.sep is true-ish if pair already has key or : separator
        switch (this.type) {
            case 'newline':
                this.onKeyLine = false;
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    it.start.push(this.sourceToken);
                }
                return;
            case 'space':
            case 'comment':
                if (it.value) {
                    map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    if (this.atIndentedComment(it.start, map.indent)) {
                        const prev = map.items[map.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            map.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
        }
        if (this.indent >= map.indent) {
            const atMapIndent = !this.onKeyLine && this.indent === map.indent;
            const atNextItem = atMapIndent &&
                (it.sep || it.explicitKey) &&
                this.type !== 'seq-item-ind';
            // For empty nodes, assign newline-separated not indented empty tokens to following node
            let start = [];
            if (atNextItem && it.sep && !it.value) {
                const nl = [];
                for (let i = 0; i < it.sep.length; ++i) {
                    const st = it.sep[i];
                    switch (st.type) {
                        case 'newline':
                            nl.push(i);
                            break;
                        case 'space':
                            break;
                        case 'comment':
                            if (st.indent > map.indent)
                                nl.length = 0;
                            break;
                        default:
                            nl.length = 0;
                    }
                }
                if (nl.length >= 2)
                    start = it.sep.splice(nl[1]);
            }
            switch (this.type) {
                case 'anchor':
                case 'tag':
                    if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        it.sep.push(this.sourceToken);
                    }
                    else {
                        it.start.push(this.sourceToken);
                    }
                    return;
                case 'explicit-key-ind':
                    if (!it.sep && !it.explicitKey) {
                        it.start.push(this.sourceToken);
                        it.explicitKey = true;
                    }
                    else if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start, explicitKey: true });
                    }
                    else {
                        this.stack.push({
                            type: 'block-map',
                            offset: this.offset,
                            indent: this.indent,
                            items: [{ start: [this.sourceToken], explicitKey: true }]
                        });
                    }
                    this.onKeyLine = true;
                    return;
                case 'map-value-ind':
                    if (it.explicitKey) {
                        if (!it.sep) {
                            if (includesToken(it.start, 'newline')) {
                                Object.assign(it, { key: null, sep: [this.sourceToken] });
                            }
                            else {
                                const start = getFirstKeyStartProps(it.start);
                                this.stack.push({
                                    type: 'block-map',
                                    offset: this.offset,
                                    indent: this.indent,
                                    items: [{ start, key: null, sep: [this.sourceToken] }]
                                });
                            }
                        }
                        else if (it.value) {
                            map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else if (isFlowToken(it.key) &&
                            !includesToken(it.sep, 'newline')) {
                            const start = getFirstKeyStartProps(it.start);
                            const key = it.key;
                            const sep = it.sep;
                            sep.push(this.sourceToken);
                            // @ts-expect-error type guard is wrong here
                            delete it.key;
                            // @ts-expect-error type guard is wrong here
                            delete it.sep;
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key, sep }]
                            });
                        }
                        else if (start.length > 0) {
                            // Not actually at next item
                            it.sep = it.sep.concat(start, this.sourceToken);
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    else {
                        if (!it.sep) {
                            Object.assign(it, { key: null, sep: [this.sourceToken] });
                        }
                        else if (it.value || atNextItem) {
                            map.items.push({ start, key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start: [], key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    this.onKeyLine = true;
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (atNextItem || it.value) {
                        map.items.push({ start, key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        this.stack.push(fs);
                    }
                    else {
                        Object.assign(it, { key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    return;
                }
                default: {
                    const bv = this.startBlockValue(map);
                    if (bv) {
                        if (bv.type === 'block-seq') {
                            if (!it.explicitKey &&
                                it.sep &&
                                !includesToken(it.sep, 'newline')) {
                                yield* this.pop({
                                    type: 'error',
                                    offset: this.offset,
                                    message: 'Unexpected block-seq-ind on same line with key',
                                    source: this.source
                                });
                                return;
                            }
                        }
                        else if (atMapIndent) {
                            map.items.push({ start });
                        }
                        this.stack.push(bv);
                        return;
                    }
                }
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
            case 'newline':
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        seq.items.push({ start: [this.sourceToken] });
                }
                else
                    it.start.push(this.sourceToken);
                return;
            case 'space':
            case 'comment':
                if (it.value)
                    seq.items.push({ start: [this.sourceToken] });
                else {
                    if (this.atIndentedComment(it.start, seq.indent)) {
                        const prev = seq.items[seq.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            seq.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
            case 'anchor':
            case 'tag':
                if (it.value || this.indent <= seq.indent)
                    break;
                it.start.push(this.sourceToken);
                return;
            case 'seq-item-ind':
                if (this.indent !== seq.indent)
                    break;
                if (it.value || includesToken(it.start, 'seq-item-ind'))
                    seq.items.push({ start: [this.sourceToken] });
                else
                    it.start.push(this.sourceToken);
                return;
        }
        if (this.indent > seq.indent) {
            const bv = this.startBlockValue(seq);
            if (bv) {
                this.stack.push(bv);
                return;
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === 'flow-error-end') {
            let top;
            do {
                yield* this.pop();
                top = this.peek(1);
            } while (top?.type === 'flow-collection');
        }
        else if (fc.end.length === 0) {
            switch (this.type) {
                case 'comma':
                case 'explicit-key-ind':
                    if (!it || it.sep)
                        fc.items.push({ start: [this.sourceToken] });
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'map-value-ind':
                    if (!it || it.value)
                        fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        Object.assign(it, { key: null, sep: [this.sourceToken] });
                    return;
                case 'space':
                case 'comment':
                case 'newline':
                case 'anchor':
                case 'tag':
                    if (!it || it.value)
                        fc.items.push({ start: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (!it || it.value)
                        fc.items.push({ start: [], key: fs, sep: [] });
                    else if (it.sep)
                        this.stack.push(fs);
                    else
                        Object.assign(it, { key: fs, sep: [] });
                    return;
                }
                case 'flow-map-end':
                case 'flow-seq-end':
                    fc.end.push(this.sourceToken);
                    return;
            }
            const bv = this.startBlockValue(fc);
            /* istanbul ignore else should not happen */
            if (bv)
                this.stack.push(bv);
            else {
                yield* this.pop();
                yield* this.step();
            }
        }
        else {
            const parent = this.peek(2);
            if (parent.type === 'block-map' &&
                ((this.type === 'map-value-ind' && parent.indent === fc.indent) ||
                    (this.type === 'newline' &&
                        !parent.items[parent.items.length - 1].sep))) {
                yield* this.pop();
                yield* this.step();
            }
            else if (this.type === 'map-value-ind' &&
                parent.type !== 'flow-collection') {
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                fixFlowSeqItems(fc);
                const sep = fc.end.splice(1, fc.end.length);
                sep.push(this.sourceToken);
                const map = {
                    type: 'block-map',
                    offset: fc.offset,
                    indent: fc.indent,
                    items: [{ start, key: fc, sep }]
                };
                this.onKeyLine = true;
                this.stack[this.stack.length - 1] = map;
            }
            else {
                yield* this.lineEnd(fc);
            }
        }
    }
    flowScalar(type) {
        if (this.onNewLine) {
            let nl = this.source.indexOf('\n') + 1;
            while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf('\n', nl) + 1;
            }
        }
        return {
            type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
    }
    startBlockValue(parent) {
        switch (this.type) {
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return this.flowScalar(this.type);
            case 'block-scalar-header':
                return {
                    type: 'block-scalar',
                    offset: this.offset,
                    indent: this.indent,
                    props: [this.sourceToken],
                    source: ''
                };
            case 'flow-map-start':
            case 'flow-seq-start':
                return {
                    type: 'flow-collection',
                    offset: this.offset,
                    indent: this.indent,
                    start: this.sourceToken,
                    items: [],
                    end: []
                };
            case 'seq-item-ind':
                return {
                    type: 'block-seq',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [this.sourceToken] }]
                };
            case 'explicit-key-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                start.push(this.sourceToken);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, explicitKey: true }]
                };
            }
            case 'map-value-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                };
            }
        }
        return null;
    }
    atIndentedComment(start, indent) {
        if (this.type !== 'comment')
            return false;
        if (this.indent <= indent)
            return false;
        return start.every(st => st.type === 'newline' || st.type === 'space');
    }
    *documentEnd(docEnd) {
        if (this.type !== 'doc-mode') {
            if (docEnd.end)
                docEnd.end.push(this.sourceToken);
            else
                docEnd.end = [this.sourceToken];
            if (this.type === 'newline')
                yield* this.pop();
        }
    }
    *lineEnd(token) {
        switch (this.type) {
            case 'comma':
            case 'doc-start':
            case 'doc-end':
            case 'flow-seq-end':
            case 'flow-map-end':
            case 'map-value-ind':
                yield* this.pop();
                yield* this.step();
                break;
            case 'newline':
                this.onKeyLine = false;
            // fallthrough
            case 'space':
            case 'comment':
            default:
                // all other values are errors
                if (token.end)
                    token.end.push(this.sourceToken);
                else
                    token.end = [this.sourceToken];
                if (this.type === 'newline')
                    yield* this.pop();
        }
    }
}

exports.Parser = Parser;


/***/ }),

/***/ 9901:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var composer = __nccwpck_require__(2814);
var Document = __nccwpck_require__(3915);
var errors = __nccwpck_require__(8450);
var log = __nccwpck_require__(8195);
var identity = __nccwpck_require__(1737);
var lineCounter = __nccwpck_require__(1242);
var parser = __nccwpck_require__(8238);

function parseOptions(options) {
    const prettyErrors = options.prettyErrors !== false;
    const lineCounter$1 = options.lineCounter || (prettyErrors && new lineCounter.LineCounter()) || null;
    return { lineCounter: lineCounter$1, prettyErrors };
}
/**
 * Parse the input as a stream of YAML documents.
 *
 * Documents should be separated from each other by `...` or `---` marker lines.
 *
 * @returns If an empty `docs` array is returned, it will be of type
 *   EmptyStream and contain additional stream information. In
 *   TypeScript, you should use `'empty' in docs` as a type guard for it.
 */
function parseAllDocuments(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    const docs = Array.from(composer$1.compose(parser$1.parse(source)));
    if (prettyErrors && lineCounter)
        for (const doc of docs) {
            doc.errors.forEach(errors.prettifyError(source, lineCounter));
            doc.warnings.forEach(errors.prettifyError(source, lineCounter));
        }
    if (docs.length > 0)
        return docs;
    return Object.assign([], { empty: true }, composer$1.streamInfo());
}
/** Parse an input string into a single YAML.Document */
function parseDocument(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    // `doc` is always set by compose.end(true) at the very latest
    let doc = null;
    for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
            doc = _doc;
        else if (doc.options.logLevel !== 'silent') {
            doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
            break;
        }
    }
    if (prettyErrors && lineCounter) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter));
    }
    return doc;
}
function parse(src, reviver, options) {
    let _reviver = undefined;
    if (typeof reviver === 'function') {
        _reviver = reviver;
    }
    else if (options === undefined && reviver && typeof reviver === 'object') {
        options = reviver;
    }
    const doc = parseDocument(src, options);
    if (!doc)
        return null;
    doc.warnings.forEach(warning => log.warn(doc.options.logLevel, warning));
    if (doc.errors.length > 0) {
        if (doc.options.logLevel !== 'silent')
            throw doc.errors[0];
        else
            doc.errors = [];
    }
    return doc.toJS(Object.assign({ reviver: _reviver }, options));
}
function stringify(value, replacer, options) {
    let _replacer = null;
    if (typeof replacer === 'function' || Array.isArray(replacer)) {
        _replacer = replacer;
    }
    else if (options === undefined && replacer) {
        options = replacer;
    }
    if (typeof options === 'string')
        options = options.length;
    if (typeof options === 'number') {
        const indent = Math.round(options);
        options = indent < 1 ? undefined : indent > 8 ? { indent: 8 } : { indent };
    }
    if (value === undefined) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
            return undefined;
    }
    if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
    return new Document.Document(value, _replacer, options).toString(options);
}

exports.parse = parse;
exports.parseAllDocuments = parseAllDocuments;
exports.parseDocument = parseDocument;
exports.stringify = stringify;


/***/ }),

/***/ 7878:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var map = __nccwpck_require__(773);
var seq = __nccwpck_require__(1744);
var string = __nccwpck_require__(2678);
var tags = __nccwpck_require__(8904);

const sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
class Schema {
    constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat)
            ? tags.getTags(compat, 'compat')
            : compat
                ? tags.getTags(null, compat)
                : null;
        this.name = (typeof schema === 'string' && schema) || 'core';
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        // Used by createMap()
        this.sortMapEntries =
            typeof sortMapEntries === 'function'
                ? sortMapEntries
                : sortMapEntries === true
                    ? sortMapEntriesByKey
                    : null;
    }
    clone() {
        const copy = Object.create(Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
    }
}

exports.Schema = Schema;


/***/ }),

/***/ 773:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var YAMLMap = __nccwpck_require__(1856);

const map = {
    collection: 'map',
    default: true,
    nodeClass: YAMLMap.YAMLMap,
    tag: 'tag:yaml.org,2002:map',
    resolve(map, onError) {
        if (!identity.isMap(map))
            onError('Expected a mapping for this tag');
        return map;
    },
    createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
};

exports.map = map;


/***/ }),

/***/ 5410:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Scalar = __nccwpck_require__(1543);

const nullTag = {
    identify: value => value == null,
    createNode: () => new Scalar.Scalar(null),
    default: true,
    tag: 'tag:yaml.org,2002:null',
    test: /^(?:~|[Nn]ull|NULL)?$/,
    resolve: () => new Scalar.Scalar(null),
    stringify: ({ source }, ctx) => typeof source === 'string' && nullTag.test.test(source)
        ? source
        : ctx.options.nullStr
};

exports.nullTag = nullTag;


/***/ }),

/***/ 1744:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var YAMLSeq = __nccwpck_require__(3013);

const seq = {
    collection: 'seq',
    default: true,
    nodeClass: YAMLSeq.YAMLSeq,
    tag: 'tag:yaml.org,2002:seq',
    resolve(seq, onError) {
        if (!identity.isSeq(seq))
            onError('Expected a sequence for this tag');
        return seq;
    },
    createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
};

exports.seq = seq;


/***/ }),

/***/ 2678:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var stringifyString = __nccwpck_require__(4387);

const string = {
    identify: value => typeof value === 'string',
    default: true,
    tag: 'tag:yaml.org,2002:str',
    resolve: str => str,
    stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
    }
};

exports.string = string;


/***/ }),

/***/ 8437:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Scalar = __nccwpck_require__(1543);

const boolTag = {
    identify: value => typeof value === 'boolean',
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
    resolve: str => new Scalar.Scalar(str[0] === 't' || str[0] === 'T'),
    stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
            const sv = source[0] === 't' || source[0] === 'T';
            if (value === sv)
                return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
};

exports.boolTag = boolTag;


/***/ }),

/***/ 2859:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Scalar = __nccwpck_require__(1543);
var stringifyNumber = __nccwpck_require__(2827);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: str => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
    resolve: str => parseFloat(str),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf('.');
        if (dot !== -1 && str[str.length - 1] === '0')
            node.minFractionDigits = str.length - dot - 1;
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 4044:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var stringifyNumber = __nccwpck_require__(2827);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
const intResolve = (str, offset, radix, { intAsBigInt }) => (intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix));
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
    return stringifyNumber.stringifyNumber(node);
}
const intOct = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^0o[0-7]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
    stringify: node => intStringify(node, 8, '0o')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^0x[0-9a-fA-F]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 1946:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var map = __nccwpck_require__(773);
var _null = __nccwpck_require__(5410);
var seq = __nccwpck_require__(1744);
var string = __nccwpck_require__(2678);
var bool = __nccwpck_require__(8437);
var float = __nccwpck_require__(2859);
var int = __nccwpck_require__(4044);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.boolTag,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float
];

exports.schema = schema;


/***/ }),

/***/ 9605:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Scalar = __nccwpck_require__(1543);
var map = __nccwpck_require__(773);
var seq = __nccwpck_require__(1744);

function intIdentify(value) {
    return typeof value === 'bigint' || Number.isInteger(value);
}
const stringifyJSON = ({ value }) => JSON.stringify(value);
const jsonScalars = [
    {
        identify: value => typeof value === 'string',
        default: true,
        tag: 'tag:yaml.org,2002:str',
        resolve: str => str,
        stringify: stringifyJSON
    },
    {
        identify: value => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: 'tag:yaml.org,2002:null',
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
    },
    {
        identify: value => typeof value === 'boolean',
        default: true,
        tag: 'tag:yaml.org,2002:bool',
        test: /^true$|^false$/,
        resolve: str => str === 'true',
        stringify: stringifyJSON
    },
    {
        identify: intIdentify,
        default: true,
        tag: 'tag:yaml.org,2002:int',
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
    },
    {
        identify: value => typeof value === 'number',
        default: true,
        tag: 'tag:yaml.org,2002:float',
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: str => parseFloat(str),
        stringify: stringifyJSON
    }
];
const jsonError = {
    default: true,
    tag: '',
    test: /^/,
    resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
    }
};
const schema = [map.map, seq.seq].concat(jsonScalars, jsonError);

exports.schema = schema;


/***/ }),

/***/ 8904:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var map = __nccwpck_require__(773);
var _null = __nccwpck_require__(5410);
var seq = __nccwpck_require__(1744);
var string = __nccwpck_require__(2678);
var bool = __nccwpck_require__(8437);
var float = __nccwpck_require__(2859);
var int = __nccwpck_require__(4044);
var schema = __nccwpck_require__(1946);
var schema$1 = __nccwpck_require__(9605);
var binary = __nccwpck_require__(6737);
var merge = __nccwpck_require__(5970);
var omap = __nccwpck_require__(8781);
var pairs = __nccwpck_require__(9751);
var schema$2 = __nccwpck_require__(3019);
var set = __nccwpck_require__(1314);
var timestamp = __nccwpck_require__(5994);

const schemas = new Map([
    ['core', schema.schema],
    ['failsafe', [map.map, seq.seq, string.string]],
    ['json', schema$1.schema],
    ['yaml11', schema$2.schema],
    ['yaml-1.1', schema$2.schema]
]);
const tagsByName = {
    binary: binary.binary,
    bool: bool.boolTag,
    float: float.float,
    floatExp: float.floatExp,
    floatNaN: float.floatNaN,
    floatTime: timestamp.floatTime,
    int: int.int,
    intHex: int.intHex,
    intOct: int.intOct,
    intTime: timestamp.intTime,
    map: map.map,
    merge: merge.merge,
    null: _null.nullTag,
    omap: omap.omap,
    pairs: pairs.pairs,
    seq: seq.seq,
    set: set.set,
    timestamp: timestamp.timestamp
};
const coreKnownTags = {
    'tag:yaml.org,2002:binary': binary.binary,
    'tag:yaml.org,2002:merge': merge.merge,
    'tag:yaml.org,2002:omap': omap.omap,
    'tag:yaml.org,2002:pairs': pairs.pairs,
    'tag:yaml.org,2002:set': set.set,
    'tag:yaml.org,2002:timestamp': timestamp.timestamp
};
function getTags(customTags, schemaName, addMergeTag) {
    const schemaTags = schemas.get(schemaName);
    if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge)
            ? schemaTags.concat(merge.merge)
            : schemaTags.slice();
    }
    let tags = schemaTags;
    if (!tags) {
        if (Array.isArray(customTags))
            tags = [];
        else {
            const keys = Array.from(schemas.keys())
                .filter(key => key !== 'yaml11')
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
    }
    if (Array.isArray(customTags)) {
        for (const tag of customTags)
            tags = tags.concat(tag);
    }
    else if (typeof customTags === 'function') {
        tags = customTags(tags.slice());
    }
    if (addMergeTag)
        tags = tags.concat(merge.merge);
    return tags.reduce((tags, tag) => {
        const tagObj = typeof tag === 'string' ? tagsByName[tag] : tag;
        if (!tagObj) {
            const tagName = JSON.stringify(tag);
            const keys = Object.keys(tagsByName)
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags.includes(tagObj))
            tags.push(tagObj);
        return tags;
    }, []);
}

exports.coreKnownTags = coreKnownTags;
exports.getTags = getTags;


/***/ }),

/***/ 6737:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var node_buffer = __nccwpck_require__(181);
var Scalar = __nccwpck_require__(1543);
var stringifyString = __nccwpck_require__(4387);

const binary = {
    identify: value => value instanceof Uint8Array, // Buffer inherits from Uint8Array
    default: false,
    tag: 'tag:yaml.org,2002:binary',
    /**
     * Returns a Buffer in node and an Uint8Array in browsers
     *
     * To use the resulting buffer as an image, you'll want to do something like:
     *
     *   const blob = new Blob([buffer], { type: 'image/jpeg' })
     *   document.querySelector('#photo').src = URL.createObjectURL(blob)
     */
    resolve(src, onError) {
        if (typeof node_buffer.Buffer === 'function') {
            return node_buffer.Buffer.from(src, 'base64');
        }
        else if (typeof atob === 'function') {
            // On IE 11, atob() can't handle newlines
            const str = atob(src.replace(/[\n\r]/g, ''));
            const buffer = new Uint8Array(str.length);
            for (let i = 0; i < str.length; ++i)
                buffer[i] = str.charCodeAt(i);
            return buffer;
        }
        else {
            onError('This environment does not support reading binary tags; either Buffer or atob is required');
            return src;
        }
    },
    stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
            return '';
        const buf = value; // checked earlier by binary.identify()
        let str;
        if (typeof node_buffer.Buffer === 'function') {
            str =
                buf instanceof node_buffer.Buffer
                    ? buf.toString('base64')
                    : node_buffer.Buffer.from(buf.buffer).toString('base64');
        }
        else if (typeof btoa === 'function') {
            let s = '';
            for (let i = 0; i < buf.length; ++i)
                s += String.fromCharCode(buf[i]);
            str = btoa(s);
        }
        else {
            throw new Error('This environment does not support writing binary tags; either Buffer or btoa is required');
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
            const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
            const n = Math.ceil(str.length / lineWidth);
            const lines = new Array(n);
            for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
                lines[i] = str.substr(o, lineWidth);
            }
            str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? '\n' : ' ');
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
    }
};

exports.binary = binary;


/***/ }),

/***/ 2348:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Scalar = __nccwpck_require__(1543);

function boolStringify({ value, source }, ctx) {
    const boolObj = value ? trueTag : falseTag;
    if (source && boolObj.test.test(source))
        return source;
    return value ? ctx.options.trueStr : ctx.options.falseStr;
}
const trueTag = {
    identify: value => value === true,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
    resolve: () => new Scalar.Scalar(true),
    stringify: boolStringify
};
const falseTag = {
    identify: value => value === false,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
    resolve: () => new Scalar.Scalar(false),
    stringify: boolStringify
};

exports.falseTag = falseTag;
exports.trueTag = trueTag;


/***/ }),

/***/ 7292:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Scalar = __nccwpck_require__(1543);
var stringifyNumber = __nccwpck_require__(2827);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (str) => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
    resolve: (str) => parseFloat(str.replace(/_/g, '')),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, '')));
        const dot = str.indexOf('.');
        if (dot !== -1) {
            const f = str.substring(dot + 1).replace(/_/g, '');
            if (f[f.length - 1] === '0')
                node.minFractionDigits = f.length;
        }
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 7851:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var stringifyNumber = __nccwpck_require__(2827);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
function intResolve(str, offset, radix, { intAsBigInt }) {
    const sign = str[0];
    if (sign === '-' || sign === '+')
        offset += 1;
    str = str.substring(offset).replace(/_/g, '');
    if (intAsBigInt) {
        switch (radix) {
            case 2:
                str = `0b${str}`;
                break;
            case 8:
                str = `0o${str}`;
                break;
            case 16:
                str = `0x${str}`;
                break;
        }
        const n = BigInt(str);
        return sign === '-' ? BigInt(-1) * n : n;
    }
    const n = parseInt(str, radix);
    return sign === '-' ? -1 * n : n;
}
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? '-' + prefix + str.substr(1) : prefix + str;
    }
    return stringifyNumber.stringifyNumber(node);
}
const intBin = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'BIN',
    test: /^[-+]?0b[0-1_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
    stringify: node => intStringify(node, 2, '0b')
};
const intOct = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^[-+]?0[0-7_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
    stringify: node => intStringify(node, 8, '0')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9][0-9_]*$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^[-+]?0x[0-9a-fA-F_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intBin = intBin;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 5970:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var Scalar = __nccwpck_require__(1543);

// If the value associated with a merge key is a single mapping node, each of
// its key/value pairs is inserted into the current mapping, unless the key
// already exists in it. If the value associated with the merge key is a
// sequence, then this sequence is expected to contain mapping nodes and each
// of these nodes is merged in turn according to its order in the sequence.
// Keys in mapping nodes earlier in the sequence override keys specified in
// later mapping nodes. -- http://yaml.org/type/merge.html
const MERGE_KEY = '<<';
const merge = {
    identify: value => value === MERGE_KEY ||
        (typeof value === 'symbol' && value.description === MERGE_KEY),
    default: 'key',
    tag: 'tag:yaml.org,2002:merge',
    test: /^<<$/,
    resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
    }),
    stringify: () => MERGE_KEY
};
const isMergeKey = (ctx, key) => (merge.identify(key) ||
    (identity.isScalar(key) &&
        (!key.type || key.type === Scalar.Scalar.PLAIN) &&
        merge.identify(key.value))) &&
    ctx?.doc.schema.tags.some(tag => tag.tag === merge.tag && tag.default);
function addMergeToJSMap(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (identity.isSeq(source))
        for (const it of source.items)
            mergeValue(ctx, map, it);
    else if (Array.isArray(source))
        for (const it of source)
            mergeValue(ctx, map, it);
    else
        mergeValue(ctx, map, source);
}
function mergeValue(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (!identity.isMap(source))
        throw new Error('Merge sources must be maps or map aliases');
    const srcMap = source.toJSON(null, ctx, Map);
    for (const [key, value] of srcMap) {
        if (map instanceof Map) {
            if (!map.has(key))
                map.set(key, value);
        }
        else if (map instanceof Set) {
            map.add(key);
        }
        else if (!Object.prototype.hasOwnProperty.call(map, key)) {
            Object.defineProperty(map, key, {
                value,
                writable: true,
                enumerable: true,
                configurable: true
            });
        }
    }
    return map;
}
function resolveAliasValue(ctx, value) {
    return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
}

exports.addMergeToJSMap = addMergeToJSMap;
exports.isMergeKey = isMergeKey;
exports.merge = merge;


/***/ }),

/***/ 8781:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var toJS = __nccwpck_require__(445);
var YAMLMap = __nccwpck_require__(1856);
var YAMLSeq = __nccwpck_require__(3013);
var pairs = __nccwpck_require__(9751);

class YAMLOMap extends YAMLSeq.YAMLSeq {
    constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = YAMLOMap.tag;
    }
    /**
     * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
     * but TypeScript won't allow widening the signature of a child method.
     */
    toJSON(_, ctx) {
        if (!ctx)
            return super.toJSON(_);
        const map = new Map();
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const pair of this.items) {
            let key, value;
            if (identity.isPair(pair)) {
                key = toJS.toJS(pair.key, '', ctx);
                value = toJS.toJS(pair.value, key, ctx);
            }
            else {
                key = toJS.toJS(pair, '', ctx);
            }
            if (map.has(key))
                throw new Error('Ordered maps must not include duplicate keys');
            map.set(key, value);
        }
        return map;
    }
    static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap = new this();
        omap.items = pairs$1.items;
        return omap;
    }
}
YAMLOMap.tag = 'tag:yaml.org,2002:omap';
const omap = {
    collection: 'seq',
    identify: value => value instanceof Map,
    nodeClass: YAMLOMap,
    default: false,
    tag: 'tag:yaml.org,2002:omap',
    resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
            if (identity.isScalar(key)) {
                if (seenKeys.includes(key.value)) {
                    onError(`Ordered maps must not include duplicate keys: ${key.value}`);
                }
                else {
                    seenKeys.push(key.value);
                }
            }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
    },
    createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
};

exports.YAMLOMap = YAMLOMap;
exports.omap = omap;


/***/ }),

/***/ 9751:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var Pair = __nccwpck_require__(7567);
var Scalar = __nccwpck_require__(1543);
var YAMLSeq = __nccwpck_require__(3013);

function resolvePairs(seq, onError) {
    if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
            let item = seq.items[i];
            if (identity.isPair(item))
                continue;
            else if (identity.isMap(item)) {
                if (item.items.length > 1)
                    onError('Each pair must have its own sequence indicator');
                const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
                if (item.commentBefore)
                    pair.key.commentBefore = pair.key.commentBefore
                        ? `${item.commentBefore}\n${pair.key.commentBefore}`
                        : item.commentBefore;
                if (item.comment) {
                    const cn = pair.value ?? pair.key;
                    cn.comment = cn.comment
                        ? `${item.comment}\n${cn.comment}`
                        : item.comment;
                }
                item = pair;
            }
            seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
    }
    else
        onError('Expected a sequence for this tag');
    return seq;
}
function createPairs(schema, iterable, ctx) {
    const { replacer } = ctx;
    const pairs = new YAMLSeq.YAMLSeq(schema);
    pairs.tag = 'tag:yaml.org,2002:pairs';
    let i = 0;
    if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
            if (typeof replacer === 'function')
                it = replacer.call(iterable, String(i++), it);
            let key, value;
            if (Array.isArray(it)) {
                if (it.length === 2) {
                    key = it[0];
                    value = it[1];
                }
                else
                    throw new TypeError(`Expected [key, value] tuple: ${it}`);
            }
            else if (it && it instanceof Object) {
                const keys = Object.keys(it);
                if (keys.length === 1) {
                    key = keys[0];
                    value = it[key];
                }
                else {
                    throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
                }
            }
            else {
                key = it;
            }
            pairs.items.push(Pair.createPair(key, value, ctx));
        }
    return pairs;
}
const pairs = {
    collection: 'seq',
    default: false,
    tag: 'tag:yaml.org,2002:pairs',
    resolve: resolvePairs,
    createNode: createPairs
};

exports.createPairs = createPairs;
exports.pairs = pairs;
exports.resolvePairs = resolvePairs;


/***/ }),

/***/ 3019:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var map = __nccwpck_require__(773);
var _null = __nccwpck_require__(5410);
var seq = __nccwpck_require__(1744);
var string = __nccwpck_require__(2678);
var binary = __nccwpck_require__(6737);
var bool = __nccwpck_require__(2348);
var float = __nccwpck_require__(7292);
var int = __nccwpck_require__(7851);
var merge = __nccwpck_require__(5970);
var omap = __nccwpck_require__(8781);
var pairs = __nccwpck_require__(9751);
var set = __nccwpck_require__(1314);
var timestamp = __nccwpck_require__(5994);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.trueTag,
    bool.falseTag,
    int.intBin,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float,
    binary.binary,
    merge.merge,
    omap.omap,
    pairs.pairs,
    set.set,
    timestamp.intTime,
    timestamp.floatTime,
    timestamp.timestamp
];

exports.schema = schema;


/***/ }),

/***/ 1314:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var Pair = __nccwpck_require__(7567);
var YAMLMap = __nccwpck_require__(1856);

class YAMLSet extends YAMLMap.YAMLMap {
    constructor(schema) {
        super(schema);
        this.tag = YAMLSet.tag;
    }
    add(key) {
        let pair;
        if (identity.isPair(key))
            pair = key;
        else if (key &&
            typeof key === 'object' &&
            'key' in key &&
            'value' in key &&
            key.value === null)
            pair = new Pair.Pair(key.key, null);
        else
            pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
            this.items.push(pair);
    }
    /**
     * If `keepPair` is `true`, returns the Pair matching `key`.
     * Otherwise, returns the value of that Pair's key.
     */
    get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair)
            ? identity.isScalar(pair.key)
                ? pair.key.value
                : pair.key
            : pair;
    }
    set(key, value) {
        if (typeof value !== 'boolean')
            throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
            this.items.splice(this.items.indexOf(prev), 1);
        }
        else if (!prev && value) {
            this.items.push(new Pair.Pair(key));
        }
    }
    toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        if (this.hasAllNullValues(true))
            return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
            throw new Error('Set items must all have null values');
    }
    static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
            for (let value of iterable) {
                if (typeof replacer === 'function')
                    value = replacer.call(iterable, value, value);
                set.items.push(Pair.createPair(value, null, ctx));
            }
        return set;
    }
}
YAMLSet.tag = 'tag:yaml.org,2002:set';
const set = {
    collection: 'map',
    identify: value => value instanceof Set,
    nodeClass: YAMLSet,
    default: false,
    tag: 'tag:yaml.org,2002:set',
    createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
    resolve(map, onError) {
        if (identity.isMap(map)) {
            if (map.hasAllNullValues(true))
                return Object.assign(new YAMLSet(), map);
            else
                onError('Set items must all have null values');
        }
        else
            onError('Expected a mapping for this tag');
        return map;
    }
};

exports.YAMLSet = YAMLSet;
exports.set = set;


/***/ }),

/***/ 5994:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var stringifyNumber = __nccwpck_require__(2827);

/** Internal types handle bigint as number, because TS can't figure it out. */
function parseSexagesimal(str, asBigInt) {
    const sign = str[0];
    const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
    const num = (n) => asBigInt ? BigInt(n) : Number(n);
    const res = parts
        .replace(/_/g, '')
        .split(':')
        .reduce((res, p) => res * num(60) + num(p), num(0));
    return (sign === '-' ? num(-1) * res : res);
}
/**
 * hhhh:mm:ss.sss
 *
 * Internal types handle bigint as number, because TS can't figure it out.
 */
function stringifySexagesimal(node) {
    let { value } = node;
    let num = (n) => n;
    if (typeof value === 'bigint')
        num = n => BigInt(n);
    else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
    let sign = '';
    if (value < 0) {
        sign = '-';
        value *= num(-1);
    }
    const _60 = num(60);
    const parts = [value % _60]; // seconds, including ms
    if (value < 60) {
        parts.unshift(0); // at least one : is required
    }
    else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60); // minutes
        if (value >= 60) {
            value = (value - parts[0]) / _60;
            parts.unshift(value); // hours
        }
    }
    return (sign +
        parts
            .map(n => String(n).padStart(2, '0'))
            .join(':')
            .replace(/000000\d*$/, '') // % 60 may introduce error
    );
}
const intTime = {
    identify: value => typeof value === 'bigint' || Number.isInteger(value),
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
    resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
    stringify: stringifySexagesimal
};
const floatTime = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
    resolve: str => parseSexagesimal(str, false),
    stringify: stringifySexagesimal
};
const timestamp = {
    identify: value => value instanceof Date,
    default: true,
    tag: 'tag:yaml.org,2002:timestamp',
    // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
    // may be omitted altogether, resulting in a date format. In such a case, the time part is
    // assumed to be 00:00:00Z (start of day, UTC).
    test: RegExp('^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' + // YYYY-Mm-Dd
        '(?:' + // time is optional
        '(?:t|T|[ \\t]+)' + // t | T | whitespace
        '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' + // Hh:Mm:Ss(.ss)?
        '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?' + // Z | +5 | -03:30
        ')?$'),
    resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
            throw new Error('!!timestamp expects a date, starting with yyyy-mm-dd');
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + '00').substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== 'Z') {
            let d = parseSexagesimal(tz, false);
            if (Math.abs(d) < 30)
                d *= 60;
            date -= 60000 * d;
        }
        return new Date(date);
    },
    stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, '') ?? ''
};

exports.floatTime = floatTime;
exports.intTime = intTime;
exports.timestamp = timestamp;


/***/ }),

/***/ 9777:
/***/ ((__unused_webpack_module, exports) => {

"use strict";


const FOLD_FLOW = 'flow';
const FOLD_BLOCK = 'block';
const FOLD_QUOTED = 'quoted';
/**
 * Tries to keep input at up to `lineWidth` characters, splitting only on spaces
 * not followed by newlines or spaces unless `mode` is `'quoted'`. Lines are
 * terminated with `\n` and started with `indent`.
 */
function foldFlowLines(text, indent, mode = 'flow', { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
    if (!lineWidth || lineWidth < 0)
        return text;
    if (lineWidth < minContentWidth)
        minContentWidth = 0;
    const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
    if (text.length <= endStep)
        return text;
    const folds = [];
    const escapedFolds = {};
    let end = lineWidth - indent.length;
    if (typeof indentAtStart === 'number') {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
            folds.push(0);
        else
            end = lineWidth - indentAtStart;
    }
    let split = undefined;
    let prev = undefined;
    let overflow = false;
    let i = -1;
    let escStart = -1;
    let escEnd = -1;
    if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
            end = i + endStep;
    }
    for (let ch; (ch = text[(i += 1)]);) {
        if (mode === FOLD_QUOTED && ch === '\\') {
            escStart = i;
            switch (text[i + 1]) {
                case 'x':
                    i += 3;
                    break;
                case 'u':
                    i += 5;
                    break;
                case 'U':
                    i += 9;
                    break;
                default:
                    i += 1;
            }
            escEnd = i;
        }
        if (ch === '\n') {
            if (mode === FOLD_BLOCK)
                i = consumeMoreIndentedLines(text, i, indent.length);
            end = i + indent.length + endStep;
            split = undefined;
        }
        else {
            if (ch === ' ' &&
                prev &&
                prev !== ' ' &&
                prev !== '\n' &&
                prev !== '\t') {
                // space surrounded by non-space can be replaced with newline + indent
                const next = text[i + 1];
                if (next && next !== ' ' && next !== '\n' && next !== '\t')
                    split = i;
            }
            if (i >= end) {
                if (split) {
                    folds.push(split);
                    end = split + endStep;
                    split = undefined;
                }
                else if (mode === FOLD_QUOTED) {
                    // white-space collected at end may stretch past lineWidth
                    while (prev === ' ' || prev === '\t') {
                        prev = ch;
                        ch = text[(i += 1)];
                        overflow = true;
                    }
                    // Account for newline escape, but don't break preceding escape
                    const j = i > escEnd + 1 ? i - 2 : escStart - 1;
                    // Bail out if lineWidth & minContentWidth are shorter than an escape string
                    if (escapedFolds[j])
                        return text;
                    folds.push(j);
                    escapedFolds[j] = true;
                    end = j + endStep;
                    split = undefined;
                }
                else {
                    overflow = true;
                }
            }
        }
        prev = ch;
    }
    if (overflow && onOverflow)
        onOverflow();
    if (folds.length === 0)
        return text;
    if (onFold)
        onFold();
    let res = text.slice(0, folds[0]);
    for (let i = 0; i < folds.length; ++i) {
        const fold = folds[i];
        const end = folds[i + 1] || text.length;
        if (fold === 0)
            res = `\n${indent}${text.slice(0, end)}`;
        else {
            if (mode === FOLD_QUOTED && escapedFolds[fold])
                res += `${text[fold]}\\`;
            res += `\n${indent}${text.slice(fold + 1, end)}`;
        }
    }
    return res;
}
/**
 * Presumes `i + 1` is at the start of a line
 * @returns index of last newline in more-indented block
 */
function consumeMoreIndentedLines(text, i, indent) {
    let end = i;
    let start = i + 1;
    let ch = text[start];
    while (ch === ' ' || ch === '\t') {
        if (i < start + indent) {
            ch = text[++i];
        }
        else {
            do {
                ch = text[++i];
            } while (ch && ch !== '\n');
            end = i;
            start = i + 1;
            ch = text[start];
        }
    }
    return end;
}

exports.FOLD_BLOCK = FOLD_BLOCK;
exports.FOLD_FLOW = FOLD_FLOW;
exports.FOLD_QUOTED = FOLD_QUOTED;
exports.foldFlowLines = foldFlowLines;


/***/ }),

/***/ 5474:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var anchors = __nccwpck_require__(9030);
var identity = __nccwpck_require__(1737);
var stringifyComment = __nccwpck_require__(2005);
var stringifyString = __nccwpck_require__(4387);

function createStringifyContext(doc, options) {
    const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: 'PLAIN',
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: 'false',
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: 'null',
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: 'true',
        verifyAliasOrder: true
    }, doc.schema.toStringOptions, options);
    let inFlow;
    switch (opt.collectionStyle) {
        case 'block':
            inFlow = false;
            break;
        case 'flow':
            inFlow = true;
            break;
        default:
            inFlow = null;
    }
    return {
        anchors: new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? ' ' : '',
        indent: '',
        indentStep: typeof opt.indent === 'number' ? ' '.repeat(opt.indent) : '  ',
        inFlow,
        options: opt
    };
}
function getTagObject(tags, item) {
    if (item.tag) {
        const match = tags.filter(t => t.tag === item.tag);
        if (match.length > 0)
            return match.find(t => t.format === item.format) ?? match[0];
    }
    let tagObj = undefined;
    let obj;
    if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter(t => t.identify?.(obj));
        if (match.length > 1) {
            const testMatch = match.filter(t => t.test);
            if (testMatch.length > 0)
                match = testMatch;
        }
        tagObj =
            match.find(t => t.format === item.format) ?? match.find(t => !t.format);
    }
    else {
        obj = item;
        tagObj = tags.find(t => t.nodeClass && obj instanceof t.nodeClass);
    }
    if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? 'null' : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
    }
    return tagObj;
}
// needs to be called before value stringifier to allow for circular anchor refs
function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
    if (!doc.directives)
        return '';
    const props = [];
    const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
    if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
    }
    const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
    if (tag)
        props.push(doc.directives.tagString(tag));
    return props.join(' ');
}
function stringify(item, ctx, onComment, onChompKeep) {
    if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
    if (identity.isAlias(item)) {
        if (ctx.doc.directives)
            return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
            throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        }
        else {
            if (ctx.resolvedAliases)
                ctx.resolvedAliases.add(item);
            else
                ctx.resolvedAliases = new Set([item]);
            item = item.resolve(ctx.doc);
        }
    }
    let tagObj = undefined;
    const node = identity.isNode(item)
        ? item
        : ctx.doc.createNode(item, { onTagObj: o => (tagObj = o) });
    tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
    const props = stringifyProps(node, tagObj, ctx);
    if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
    const str = typeof tagObj.stringify === 'function'
        ? tagObj.stringify(node, ctx, onComment, onChompKeep)
        : identity.isScalar(node)
            ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep)
            : node.toString(ctx, onComment, onChompKeep);
    if (!props)
        return str;
    return identity.isScalar(node) || str[0] === '{' || str[0] === '['
        ? `${props} ${str}`
        : `${props}\n${ctx.indent}${str}`;
}

exports.createStringifyContext = createStringifyContext;
exports.stringify = stringify;


/***/ }),

/***/ 486:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var stringify = __nccwpck_require__(5474);
var stringifyComment = __nccwpck_require__(2005);

function stringifyCollection(collection, ctx, options) {
    const flow = ctx.inFlow ?? collection.flow;
    const stringify = flow ? stringifyFlowCollection : stringifyBlockCollection;
    return stringify(collection, ctx, options);
}
function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
    const { indent, options: { commentString } } = ctx;
    const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
    let chompKeep = false; // flag for the preceding node's status
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (!chompKeep && item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (!chompKeep && ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
            }
        }
        chompKeep = false;
        let str = stringify.stringify(item, itemCtx, () => (comment = null), () => (chompKeep = true));
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        if (chompKeep && comment)
            chompKeep = false;
        lines.push(blockItemPrefix + str);
    }
    let str;
    if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
    }
    else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
            const line = lines[i];
            str += line ? `\n${indent}${line}` : '\n';
        }
    }
    if (comment) {
        str += '\n' + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
            onComment();
    }
    else if (chompKeep && onChompKeep)
        onChompKeep();
    return str;
}
function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
    const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
    itemIndent += indentStep;
    const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
    });
    let reqNewline = false;
    let linesAtValue = 0;
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, false);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, false);
                if (ik.comment)
                    reqNewline = true;
            }
            const iv = identity.isNode(item.value) ? item.value : null;
            if (iv) {
                if (iv.comment)
                    comment = iv.comment;
                if (iv.commentBefore)
                    reqNewline = true;
            }
            else if (item.value == null && ik?.comment) {
                comment = ik.comment;
            }
        }
        if (comment)
            reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => (comment = null));
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes('\n'));
        if (i < items.length - 1) {
            str += ',';
        }
        else if (ctx.options.trailingComma) {
            if (ctx.options.lineWidth > 0) {
                reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) +
                    (str.length + 2) >
                    ctx.options.lineWidth);
            }
            if (reqNewline) {
                str += ',';
            }
        }
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
    }
    const { start, end } = flowChars;
    if (lines.length === 0) {
        return start + end;
    }
    else {
        if (!reqNewline) {
            const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
            reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
            let str = start;
            for (const line of lines)
                str += line ? `\n${indentStep}${indent}${line}` : '\n';
            return `${str}\n${indent}${end}`;
        }
        else {
            return `${start}${fcPadding}${lines.join(' ')}${fcPadding}${end}`;
        }
    }
}
function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
    if (comment && chompKeep)
        comment = comment.replace(/^\n+/, '');
    if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart()); // Avoid double indent on first line
    }
}

exports.stringifyCollection = stringifyCollection;


/***/ }),

/***/ 2005:
/***/ ((__unused_webpack_module, exports) => {

"use strict";


/**
 * Stringifies a comment.
 *
 * Empty comment lines are left empty,
 * lines consisting of a single space are replaced by `#`,
 * and all other lines are prefixed with a `#`.
 */
const stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, '#');
function indentComment(comment, indent) {
    if (/^\n+$/.test(comment))
        return comment.substring(1);
    return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
}
const lineComment = (str, indent, comment) => str.endsWith('\n')
    ? indentComment(comment, indent)
    : comment.includes('\n')
        ? '\n' + indentComment(comment, indent)
        : (str.endsWith(' ') ? '' : ' ') + comment;

exports.indentComment = indentComment;
exports.lineComment = lineComment;
exports.stringifyComment = stringifyComment;


/***/ }),

/***/ 9255:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var stringify = __nccwpck_require__(5474);
var stringifyComment = __nccwpck_require__(2005);

function stringifyDocument(doc, options) {
    const lines = [];
    let hasDirectives = options.directives === true;
    if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
            lines.push(dir);
            hasDirectives = true;
        }
        else if (doc.directives.docStart)
            hasDirectives = true;
    }
    if (hasDirectives)
        lines.push('---');
    const ctx = stringify.createStringifyContext(doc, options);
    const { commentString } = ctx.options;
    if (doc.commentBefore) {
        if (lines.length !== 1)
            lines.unshift('');
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ''));
    }
    let chompKeep = false;
    let contentComment = null;
    if (doc.contents) {
        if (identity.isNode(doc.contents)) {
            if (doc.contents.spaceBefore && hasDirectives)
                lines.push('');
            if (doc.contents.commentBefore) {
                const cs = commentString(doc.contents.commentBefore);
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            // top-level block scalars need to be indented if followed by a comment
            ctx.forceBlockIndent = !!doc.comment;
            contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? undefined : () => (chompKeep = true);
        let body = stringify.stringify(doc.contents, ctx, () => (contentComment = null), onChompKeep);
        if (contentComment)
            body += stringifyComment.lineComment(body, '', commentString(contentComment));
        if ((body[0] === '|' || body[0] === '>') &&
            lines[lines.length - 1] === '---') {
            // Top-level block scalars with a preceding doc marker ought to use the
            // same line for their header.
            lines[lines.length - 1] = `--- ${body}`;
        }
        else
            lines.push(body);
    }
    else {
        lines.push(stringify.stringify(doc.contents, ctx));
    }
    if (doc.directives?.docEnd) {
        if (doc.comment) {
            const cs = commentString(doc.comment);
            if (cs.includes('\n')) {
                lines.push('...');
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            else {
                lines.push(`... ${cs}`);
            }
        }
        else {
            lines.push('...');
        }
    }
    else {
        let dc = doc.comment;
        if (dc && chompKeep)
            dc = dc.replace(/^\n+/, '');
        if (dc) {
            if ((!chompKeep || contentComment) && lines[lines.length - 1] !== '')
                lines.push('');
            lines.push(stringifyComment.indentComment(commentString(dc), ''));
        }
    }
    return lines.join('\n') + '\n';
}

exports.stringifyDocument = stringifyDocument;


/***/ }),

/***/ 2827:
/***/ ((__unused_webpack_module, exports) => {

"use strict";


function stringifyNumber({ format, minFractionDigits, tag, value }) {
    if (typeof value === 'bigint')
        return String(value);
    const num = typeof value === 'number' ? value : Number(value);
    if (!isFinite(num))
        return isNaN(num) ? '.nan' : num < 0 ? '-.inf' : '.inf';
    let n = Object.is(value, -0) ? '-0' : JSON.stringify(value);
    if (!format &&
        minFractionDigits &&
        (!tag || tag === 'tag:yaml.org,2002:float') &&
        /^-?\d/.test(n) &&
        !n.includes('e')) {
        let i = n.indexOf('.');
        if (i < 0) {
            i = n.length;
            n += '.';
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
            n += '0';
    }
    return n;
}

exports.stringifyNumber = stringifyNumber;


/***/ }),

/***/ 8070:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);
var Scalar = __nccwpck_require__(1543);
var stringify = __nccwpck_require__(5474);
var stringifyComment = __nccwpck_require__(2005);

function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
    const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
    let keyComment = (identity.isNode(key) && key.comment) || null;
    if (simpleKeys) {
        if (keyComment) {
            throw new Error('With simple keys, key nodes cannot have comments');
        }
        if (identity.isCollection(key) || (!identity.isNode(key) && typeof key === 'object')) {
            const msg = 'With simple keys, collection cannot be used as a key value';
            throw new Error(msg);
        }
    }
    let explicitKey = !simpleKeys &&
        (!key ||
            (keyComment && value == null && !ctx.inFlow) ||
            identity.isCollection(key) ||
            (identity.isScalar(key)
                ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL
                : typeof key === 'object'));
    ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
    });
    let keyCommentDone = false;
    let chompKeep = false;
    let str = stringify.stringify(key, ctx, () => (keyCommentDone = true), () => (chompKeep = true));
    if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
            throw new Error('With simple keys, single line scalar must not span more than 1024 characters');
        explicitKey = true;
    }
    if (ctx.inFlow) {
        if (allNullValues || value == null) {
            if (keyCommentDone && onComment)
                onComment();
            return str === '' ? '?' : explicitKey ? `? ${str}` : str;
        }
    }
    else if ((allNullValues && !simpleKeys) || (value == null && explicitKey)) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        }
        else if (chompKeep && onChompKeep)
            onChompKeep();
        return str;
    }
    if (keyCommentDone)
        keyComment = null;
    if (explicitKey) {
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}\n${indent}:`;
    }
    else {
        str = `${str}:`;
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
    }
    let vsb, vcb, valueComment;
    if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
    }
    else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === 'object')
            value = doc.createNode(value);
    }
    ctx.implicitKey = false;
    if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
    chompKeep = false;
    if (!indentSeq &&
        indentStep.length >= 2 &&
        !ctx.inFlow &&
        !explicitKey &&
        identity.isSeq(value) &&
        !value.flow &&
        !value.tag &&
        !value.anchor) {
        // If indentSeq === false, consider '- ' as part of indentation where possible
        ctx.indent = ctx.indent.substring(2);
    }
    let valueCommentDone = false;
    const valueStr = stringify.stringify(value, ctx, () => (valueCommentDone = true), () => (chompKeep = true));
    let ws = ' ';
    if (keyComment || vsb || vcb) {
        ws = vsb ? '\n' : '';
        if (vcb) {
            const cs = commentString(vcb);
            ws += `\n${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === '' && !ctx.inFlow) {
            if (ws === '\n' && valueComment)
                ws = '\n\n';
        }
        else {
            ws += `\n${ctx.indent}`;
        }
    }
    else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf('\n');
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
            let hasPropsLine = false;
            if (hasNewline && (vs0 === '&' || vs0 === '!')) {
                let sp0 = valueStr.indexOf(' ');
                if (vs0 === '&' &&
                    sp0 !== -1 &&
                    sp0 < nl0 &&
                    valueStr[sp0 + 1] === '!') {
                    sp0 = valueStr.indexOf(' ', sp0 + 1);
                }
                if (sp0 === -1 || nl0 < sp0)
                    hasPropsLine = true;
            }
            if (!hasPropsLine)
                ws = `\n${ctx.indent}`;
        }
    }
    else if (valueStr === '' || valueStr[0] === '\n') {
        ws = '';
    }
    str += ws + valueStr;
    if (ctx.inFlow) {
        if (valueCommentDone && onComment)
            onComment();
    }
    else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
    }
    else if (chompKeep && onChompKeep) {
        onChompKeep();
    }
    return str;
}

exports.stringifyPair = stringifyPair;


/***/ }),

/***/ 4387:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var Scalar = __nccwpck_require__(1543);
var foldFlowLines = __nccwpck_require__(9777);

const getFoldOptions = (ctx, isBlock) => ({
    indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
    lineWidth: ctx.options.lineWidth,
    minContentWidth: ctx.options.minContentWidth
});
// Also checks for lines starting with %, as parsing the output as YAML 1.1 will
// presume that's starting a new document.
const containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
function lineLengthOverLimit(str, lineWidth, indentLength) {
    if (!lineWidth || lineWidth < 0)
        return false;
    const limit = lineWidth - indentLength;
    const strLen = str.length;
    if (strLen <= limit)
        return false;
    for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === '\n') {
            if (i - start > limit)
                return true;
            start = i + 1;
            if (strLen - start <= limit)
                return false;
        }
    }
    return true;
}
function doubleQuotedString(value, ctx) {
    const json = JSON.stringify(value);
    if (ctx.options.doubleQuotedAsJSON)
        return json;
    const { implicitKey } = ctx;
    const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    let str = '';
    let start = 0;
    for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
            // space before newline needs to be escaped to not be folded
            str += json.slice(start, i) + '\\ ';
            i += 1;
            start = i;
            ch = '\\';
        }
        if (ch === '\\')
            switch (json[i + 1]) {
                case 'u':
                    {
                        str += json.slice(start, i);
                        const code = json.substr(i + 2, 4);
                        switch (code) {
                            case '0000':
                                str += '\\0';
                                break;
                            case '0007':
                                str += '\\a';
                                break;
                            case '000b':
                                str += '\\v';
                                break;
                            case '001b':
                                str += '\\e';
                                break;
                            case '0085':
                                str += '\\N';
                                break;
                            case '00a0':
                                str += '\\_';
                                break;
                            case '2028':
                                str += '\\L';
                                break;
                            case '2029':
                                str += '\\P';
                                break;
                            default:
                                if (code.substr(0, 2) === '00')
                                    str += '\\x' + code.substr(2);
                                else
                                    str += json.substr(i, 6);
                        }
                        i += 5;
                        start = i + 1;
                    }
                    break;
                case 'n':
                    if (implicitKey ||
                        json[i + 2] === '"' ||
                        json.length < minMultiLineLength) {
                        i += 1;
                    }
                    else {
                        // folding will eat first newline
                        str += json.slice(start, i) + '\n\n';
                        while (json[i + 2] === '\\' &&
                            json[i + 3] === 'n' &&
                            json[i + 4] !== '"') {
                            str += '\n';
                            i += 2;
                        }
                        str += indent;
                        // space after newline needs to be escaped to not be folded
                        if (json[i + 2] === ' ')
                            str += '\\';
                        i += 1;
                        start = i + 1;
                    }
                    break;
                default:
                    i += 1;
            }
    }
    str = start ? str + json.slice(start) : json;
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
}
function singleQuotedString(value, ctx) {
    if (ctx.options.singleQuote === false ||
        (ctx.implicitKey && value.includes('\n')) ||
        /[ \t]\n|\n[ \t]/.test(value) // single quoted string can't have leading or trailing whitespace around newline
    )
        return doubleQuotedString(value, ctx);
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
    return ctx.implicitKey
        ? res
        : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function quotedString(value, ctx) {
    const { singleQuote } = ctx.options;
    let qs;
    if (singleQuote === false)
        qs = doubleQuotedString;
    else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
            qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
            qs = doubleQuotedString;
        else
            qs = singleQuote ? singleQuotedString : doubleQuotedString;
    }
    return qs(value, ctx);
}
// The negative lookbehind avoids a polynomial search,
// but isn't supported yet on Safari: https://caniuse.com/js-regexp-lookbehind
let blockEndNewlines;
try {
    blockEndNewlines = new RegExp('(^|(?<!\n))\n+(?!\n|$)', 'g');
}
catch {
    blockEndNewlines = /\n+(?!\n|$)/g;
}
function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
    const { blockQuote, commentString, lineWidth } = ctx.options;
    // 1. Block can't end in whitespace unless the last line is non-empty.
    // 2. Strings consisting of only whitespace are best rendered explicitly.
    if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
    }
    const indent = ctx.indent ||
        (ctx.forceBlockIndent || containsDocumentMarker(value) ? '  ' : '');
    const literal = blockQuote === 'literal'
        ? true
        : blockQuote === 'folded' || type === Scalar.Scalar.BLOCK_FOLDED
            ? false
            : type === Scalar.Scalar.BLOCK_LITERAL
                ? true
                : !lineLengthOverLimit(value, lineWidth, indent.length);
    if (!value)
        return literal ? '|\n' : '>\n';
    // determine chomping from whitespace at value end
    let chomp;
    let endStart;
    for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== '\n' && ch !== '\t' && ch !== ' ')
            break;
    }
    let end = value.substring(endStart);
    const endNlPos = end.indexOf('\n');
    if (endNlPos === -1) {
        chomp = '-'; // strip
    }
    else if (value === end || endNlPos !== end.length - 1) {
        chomp = '+'; // keep
        if (onChompKeep)
            onChompKeep();
    }
    else {
        chomp = ''; // clip
    }
    if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === '\n')
            end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
    }
    // determine indent indicator from whitespace at value start
    let startWithSpace = false;
    let startEnd;
    let startNlPos = -1;
    for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === ' ')
            startWithSpace = true;
        else if (ch === '\n')
            startNlPos = startEnd;
        else
            break;
    }
    let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
    if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
    }
    const indentSize = indent ? '2' : '1'; // root is at -1
    // Leading | or > is added later
    let header = (startWithSpace ? indentSize : '') + chomp;
    if (comment) {
        header += ' ' + commentString(comment.replace(/ ?[\r\n]+/g, ' '));
        if (onComment)
            onComment();
    }
    if (!literal) {
        const foldedValue = value
            .replace(/\n+/g, '\n$&')
            .replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2') // more-indented lines aren't folded
            //                ^ more-ind. ^ empty     ^ capture next empty lines only at end of indent
            .replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== 'folded' && type !== Scalar.Scalar.BLOCK_FOLDED) {
            foldOptions.onOverflow = () => {
                literalFallback = true;
            };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
            return `>${header}\n${indent}${body}`;
    }
    value = value.replace(/\n+/g, `$&${indent}`);
    return `|${header}\n${indent}${start}${value}${end}`;
}
function plainString(item, ctx, onComment, onChompKeep) {
    const { type, value } = item;
    const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
    if ((implicitKey && value.includes('\n')) ||
        (inFlow && /[[\]{},]/.test(value))) {
        return quotedString(value, ctx);
    }
    if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        // not allowed:
        // - '-' or '?'
        // - start with an indicator character (except [?:-]) or /[?-] /
        // - '\n ', ': ' or ' \n' anywhere
        // - '#' not preceded by a non-space char
        // - end with ' ' or ':'
        return implicitKey || inFlow || !value.includes('\n')
            ? quotedString(value, ctx)
            : blockString(item, ctx, onComment, onChompKeep);
    }
    if (!implicitKey &&
        !inFlow &&
        type !== Scalar.Scalar.PLAIN &&
        value.includes('\n')) {
        // Where allowed & type not set explicitly, prefer block style for multiline strings
        return blockString(item, ctx, onComment, onChompKeep);
    }
    if (containsDocumentMarker(value)) {
        if (indent === '') {
            ctx.forceBlockIndent = true;
            return blockString(item, ctx, onComment, onChompKeep);
        }
        else if (implicitKey && indent === indentStep) {
            return quotedString(value, ctx);
        }
    }
    const str = value.replace(/\n+/g, `$&\n${indent}`);
    // Verify that output will be parsed as a string, as e.g. plain numbers and
    // booleans get parsed with those types in v1.2 (e.g. '42', 'true' & '0.9e-3'),
    // and others in v1.1.
    if (actualString) {
        const test = (tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
            return quotedString(value, ctx);
    }
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function stringifyString(item, ctx, onComment, onChompKeep) {
    const { implicitKey, inFlow } = ctx;
    const ss = typeof item.value === 'string'
        ? item
        : Object.assign({}, item, { value: String(item.value) });
    let { type } = item;
    if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        // force double quotes on control characters & unpaired surrogates
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
            type = Scalar.Scalar.QUOTE_DOUBLE;
    }
    const _stringify = (_type) => {
        switch (_type) {
            case Scalar.Scalar.BLOCK_FOLDED:
            case Scalar.Scalar.BLOCK_LITERAL:
                return implicitKey || inFlow
                    ? quotedString(ss.value, ctx) // blocks are not valid inside flow containers
                    : blockString(ss, ctx, onComment, onChompKeep);
            case Scalar.Scalar.QUOTE_DOUBLE:
                return doubleQuotedString(ss.value, ctx);
            case Scalar.Scalar.QUOTE_SINGLE:
                return singleQuotedString(ss.value, ctx);
            case Scalar.Scalar.PLAIN:
                return plainString(ss, ctx, onComment, onChompKeep);
            default:
                return null;
        }
    };
    let res = _stringify(type);
    if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = (implicitKey && defaultKeyType) || defaultStringType;
        res = _stringify(t);
        if (res === null)
            throw new Error(`Unsupported default string type ${t}`);
    }
    return res;
}

exports.stringifyString = stringifyString;


/***/ }),

/***/ 4190:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

"use strict";


var identity = __nccwpck_require__(1737);

const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove node');
/**
 * Apply a visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
function visit(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        visit_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current node */
visit.SKIP = SKIP;
/** Remove the current node */
visit.REMOVE = REMOVE;
function visit_(key, node, visitor, path) {
    const ctrl = callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = visit_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = visit_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = visit_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
/**
 * Apply an async visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `Promise`: Must resolve to one of the following values
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
async function visitAsync(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visitAsync.BREAK = BREAK;
/** Do not visit the children of the current node */
visitAsync.SKIP = SKIP;
/** Remove the current node */
visitAsync.REMOVE = REMOVE;
async function visitAsync_(key, node, visitor, path) {
    const ctrl = await callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = await visitAsync_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = await visitAsync_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = await visitAsync_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
function initVisitor(visitor) {
    if (typeof visitor === 'object' &&
        (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
            Alias: visitor.Node,
            Map: visitor.Node,
            Scalar: visitor.Node,
            Seq: visitor.Node
        }, visitor.Value && {
            Map: visitor.Value,
            Scalar: visitor.Value,
            Seq: visitor.Value
        }, visitor.Collection && {
            Map: visitor.Collection,
            Seq: visitor.Collection
        }, visitor);
    }
    return visitor;
}
function callVisitor(key, node, visitor, path) {
    if (typeof visitor === 'function')
        return visitor(key, node, path);
    if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
    if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
    if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
    if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
    if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
    return undefined;
}
function replaceNode(key, path, node) {
    const parent = path[path.length - 1];
    if (identity.isCollection(parent)) {
        parent.items[key] = node;
    }
    else if (identity.isPair(parent)) {
        if (key === 'key')
            parent.key = node;
        else
            parent.value = node;
    }
    else if (identity.isDocument(parent)) {
        parent.contents = node;
    }
    else {
        const pt = identity.isAlias(parent) ? 'alias' : 'scalar';
        throw new Error(`Cannot replace node with ${pt} parent`);
    }
}

exports.visit = visit;
exports.visitAsync = visitAsync;


/***/ })

/******/ 	});
/************************************************************************/
/******/ 	// The module cache
/******/ 	var __webpack_module_cache__ = {};
/******/ 	
/******/ 	// The require function
/******/ 	function __nccwpck_require__(moduleId) {
/******/ 		// Check if module is in cache
/******/ 		var cachedModule = __webpack_module_cache__[moduleId];
/******/ 		if (cachedModule !== undefined) {
/******/ 			return cachedModule.exports;
/******/ 		}
/******/ 		// Create a new module (and put it into the cache)
/******/ 		var module = __webpack_module_cache__[moduleId] = {
/******/ 			// no module.id needed
/******/ 			// no module.loaded needed
/******/ 			exports: {}
/******/ 		};
/******/ 	
/******/ 		// Execute the module function
/******/ 		var threw = true;
/******/ 		try {
/******/ 			__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 			threw = false;
/******/ 		} finally {
/******/ 			if(threw) delete __webpack_module_cache__[moduleId];
/******/ 		}
/******/ 	
/******/ 		// Return the exports of the module
/******/ 		return module.exports;
/******/ 	}
/******/ 	
/******/ 	// expose the modules object (__webpack_modules__)
/******/ 	__nccwpck_require__.m = __webpack_modules__;
/******/ 	
/************************************************************************/
/******/ 	/* webpack/runtime/asset-relocator-loader */
/******/ 	if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = __dirname + "/";
/******/ 	
/******/ 	/* webpack/runtime/compat get default export */
/******/ 	(() => {
/******/ 		// getDefaultExport function for compatibility with non-harmony modules
/******/ 		__nccwpck_require__.n = (module) => {
/******/ 			var getter = module && module.__esModule ?
/******/ 				() => (module['default']) :
/******/ 				() => (module);
/******/ 			__nccwpck_require__.d(getter, { a: getter });
/******/ 			return getter;
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/create fake namespace object */
/******/ 	(() => {
/******/ 		var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 		var leafPrototypes;
/******/ 		// create a fake namespace object
/******/ 		// mode & 1: value is a module id, require it
/******/ 		// mode & 2: merge all properties of value into the ns
/******/ 		// mode & 4: return value when already ns object
/******/ 		// mode & 16: return value when it's Promise-like
/******/ 		// mode & 8|1: behave like require
/******/ 		__nccwpck_require__.t = function(value, mode) {
/******/ 			if(mode & 1) value = this(value);
/******/ 			if(mode & 8) return value;
/******/ 			if(typeof value === 'object' && value) {
/******/ 				if((mode & 4) && value.__esModule) return value;
/******/ 				if((mode & 16) && typeof value.then === 'function') return value;
/******/ 			}
/******/ 			var ns = Object.create(null);
/******/ 			__nccwpck_require__.r(ns);
/******/ 			var def = {};
/******/ 			leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 			for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 				Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 			}
/******/ 			def['default'] = () => (value);
/******/ 			__nccwpck_require__.d(ns, def);
/******/ 			return ns;
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/define property getters */
/******/ 	(() => {
/******/ 		// define getter functions for harmony exports
/******/ 		__nccwpck_require__.d = (exports, definition) => {
/******/ 			for(var key in definition) {
/******/ 				if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 					Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 				}
/******/ 			}
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/ensure chunk */
/******/ 	(() => {
/******/ 		__nccwpck_require__.f = {};
/******/ 		// This file contains only the entry chunk.
/******/ 		// The chunk loading function for additional chunks
/******/ 		__nccwpck_require__.e = (chunkId) => {
/******/ 			return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 				__nccwpck_require__.f[key](chunkId, promises);
/******/ 				return promises;
/******/ 			}, []));
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/get javascript chunk filename */
/******/ 	(() => {
/******/ 		// This function allow to reference async chunks
/******/ 		__nccwpck_require__.u = (chunkId) => {
/******/ 			// return url for filenames based on template
/******/ 			return "" + chunkId + ".index.js";
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/hasOwnProperty shorthand */
/******/ 	(() => {
/******/ 		__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/make namespace object */
/******/ 	(() => {
/******/ 		// define __esModule on exports
/******/ 		__nccwpck_require__.r = (exports) => {
/******/ 			if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 				Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 			}
/******/ 			Object.defineProperty(exports, '__esModule', { value: true });
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/require chunk loading */
/******/ 	(() => {
/******/ 		// no baseURI
/******/ 		
/******/ 		// object to store loaded chunks
/******/ 		// "1" means "loaded", otherwise not loaded yet
/******/ 		var installedChunks = {
/******/ 			792: 1
/******/ 		};
/******/ 		
/******/ 		// no on chunks loaded
/******/ 		
/******/ 		var installChunk = (chunk) => {
/******/ 			var moreModules = chunk.modules, chunkIds = chunk.ids, runtime = chunk.runtime;
/******/ 			for(var moduleId in moreModules) {
/******/ 				if(__nccwpck_require__.o(moreModules, moduleId)) {
/******/ 					__nccwpck_require__.m[moduleId] = moreModules[moduleId];
/******/ 				}
/******/ 			}
/******/ 			if(runtime) runtime(__nccwpck_require__);
/******/ 			for(var i = 0; i < chunkIds.length; i++)
/******/ 				installedChunks[chunkIds[i]] = 1;
/******/ 		
/******/ 		};
/******/ 		
/******/ 		// require() chunk loading for javascript
/******/ 		__nccwpck_require__.f.require = (chunkId, promises) => {
/******/ 			// "1" is the signal for "already loaded"
/******/ 			if(!installedChunks[chunkId]) {
/******/ 				if(true) { // all chunks have JS
/******/ 					installChunk(require("./" + __nccwpck_require__.u(chunkId)));
/******/ 				} else installedChunks[chunkId] = 1;
/******/ 			}
/******/ 		};
/******/ 		
/******/ 		// no external install chunk
/******/ 		
/******/ 		// no HMR
/******/ 		
/******/ 		// no HMR manifest
/******/ 	})();
/******/ 	
/************************************************************************/
var __webpack_exports__ = {};
// This entry need to be wrapped in an IIFE because it need to be in strict mode.
(() => {
"use strict";

// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
;// CONCATENATED MODULE: ../node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function utils_toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function utils_toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ../node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
;// CONCATENATED MODULE: external "crypto"
const external_crypto_namespaceObject = require("crypto");
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
;// CONCATENATED MODULE: ../node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_.EOL}`, {
        encoding: 'utf8'
    });
}
function file_command_prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_namespaceObject.randomUUID()}`;
    const convertedValue = utils_toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_.EOL}${convertedValue}${external_os_.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = require("path");
// EXTERNAL MODULE: external "http"
var external_http_ = __nccwpck_require__(8611);
// EXTERNAL MODULE: external "https"
var external_https_ = __nccwpck_require__(5692);
;// CONCATENATED MODULE: ../node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map
// EXTERNAL MODULE: ../node_modules/tunnel/index.js
var node_modules_tunnel = __nccwpck_require__(776);
;// CONCATENATED MODULE: ../node_modules/@actions/http-client/lib/index.js
/* eslint-disable @typescript-eslint/no-explicit-any */
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};





var HttpCodes;
(function (HttpCodes) {
    HttpCodes[HttpCodes["OK"] = 200] = "OK";
    HttpCodes[HttpCodes["MultipleChoices"] = 300] = "MultipleChoices";
    HttpCodes[HttpCodes["MovedPermanently"] = 301] = "MovedPermanently";
    HttpCodes[HttpCodes["ResourceMoved"] = 302] = "ResourceMoved";
    HttpCodes[HttpCodes["SeeOther"] = 303] = "SeeOther";
    HttpCodes[HttpCodes["NotModified"] = 304] = "NotModified";
    HttpCodes[HttpCodes["UseProxy"] = 305] = "UseProxy";
    HttpCodes[HttpCodes["SwitchProxy"] = 306] = "SwitchProxy";
    HttpCodes[HttpCodes["TemporaryRedirect"] = 307] = "TemporaryRedirect";
    HttpCodes[HttpCodes["PermanentRedirect"] = 308] = "PermanentRedirect";
    HttpCodes[HttpCodes["BadRequest"] = 400] = "BadRequest";
    HttpCodes[HttpCodes["Unauthorized"] = 401] = "Unauthorized";
    HttpCodes[HttpCodes["PaymentRequired"] = 402] = "PaymentRequired";
    HttpCodes[HttpCodes["Forbidden"] = 403] = "Forbidden";
    HttpCodes[HttpCodes["NotFound"] = 404] = "NotFound";
    HttpCodes[HttpCodes["MethodNotAllowed"] = 405] = "MethodNotAllowed";
    HttpCodes[HttpCodes["NotAcceptable"] = 406] = "NotAcceptable";
    HttpCodes[HttpCodes["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
    HttpCodes[HttpCodes["RequestTimeout"] = 408] = "RequestTimeout";
    HttpCodes[HttpCodes["Conflict"] = 409] = "Conflict";
    HttpCodes[HttpCodes["Gone"] = 410] = "Gone";
    HttpCodes[HttpCodes["TooManyRequests"] = 429] = "TooManyRequests";
    HttpCodes[HttpCodes["InternalServerError"] = 500] = "InternalServerError";
    HttpCodes[HttpCodes["NotImplemented"] = 501] = "NotImplemented";
    HttpCodes[HttpCodes["BadGateway"] = 502] = "BadGateway";
    HttpCodes[HttpCodes["ServiceUnavailable"] = 503] = "ServiceUnavailable";
    HttpCodes[HttpCodes["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function (Headers) {
    Headers["Accept"] = "accept";
    Headers["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function (MediaTypes) {
    MediaTypes["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
/**
 * Returns the proxy URL, depending upon the supplied url and proxy environment variables.
 * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
 */
function lib_getProxyUrl(serverUrl) {
    const proxyUrl = pm.getProxyUrl(new URL(serverUrl));
    return proxyUrl ? proxyUrl.href : '';
}
const HttpRedirectCodes = [
    HttpCodes.MovedPermanently,
    HttpCodes.ResourceMoved,
    HttpCodes.SeeOther,
    HttpCodes.TemporaryRedirect,
    HttpCodes.PermanentRedirect
];
const HttpResponseRetryCodes = [
    HttpCodes.BadGateway,
    HttpCodes.ServiceUnavailable,
    HttpCodes.GatewayTimeout
];
const RetryableHttpVerbs = (/* unused pure expression or super */ null && (['OPTIONS', 'GET', 'DELETE', 'HEAD']));
const ExponentialBackoffCeiling = 10;
const ExponentialBackoffTimeSlice = 5;
class HttpClientError extends Error {
    constructor(message, statusCode) {
        super(message);
        this.name = 'HttpClientError';
        this.statusCode = statusCode;
        Object.setPrototypeOf(this, HttpClientError.prototype);
    }
}
class HttpClientResponse {
    constructor(message) {
        this.message = message;
    }
    readBody() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                let output = Buffer.alloc(0);
                this.message.on('data', (chunk) => {
                    output = Buffer.concat([output, chunk]);
                });
                this.message.on('end', () => {
                    resolve(output.toString());
                });
            }));
        });
    }
    readBodyBuffer() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                const chunks = [];
                this.message.on('data', (chunk) => {
                    chunks.push(chunk);
                });
                this.message.on('end', () => {
                    resolve(Buffer.concat(chunks));
                });
            }));
        });
    }
}
function isHttps(requestUrl) {
    const parsedUrl = new URL(requestUrl);
    return parsedUrl.protocol === 'https:';
}
class lib_HttpClient {
    constructor(userAgent, handlers, requestOptions) {
        this._ignoreSslError = false;
        this._allowRedirects = true;
        this._allowRedirectDowngrade = false;
        this._maxRedirects = 50;
        this._allowRetries = false;
        this._maxRetries = 1;
        this._keepAlive = false;
        this._disposed = false;
        this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
        this.handlers = handlers || [];
        this.requestOptions = requestOptions;
        if (requestOptions) {
            if (requestOptions.ignoreSslError != null) {
                this._ignoreSslError = requestOptions.ignoreSslError;
            }
            this._socketTimeout = requestOptions.socketTimeout;
            if (requestOptions.allowRedirects != null) {
                this._allowRedirects = requestOptions.allowRedirects;
            }
            if (requestOptions.allowRedirectDowngrade != null) {
                this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
            }
            if (requestOptions.maxRedirects != null) {
                this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
            }
            if (requestOptions.keepAlive != null) {
                this._keepAlive = requestOptions.keepAlive;
            }
            if (requestOptions.allowRetries != null) {
                this._allowRetries = requestOptions.allowRetries;
            }
            if (requestOptions.maxRetries != null) {
                this._maxRetries = requestOptions.maxRetries;
            }
        }
    }
    options(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('OPTIONS', requestUrl, null, additionalHeaders || {});
        });
    }
    get(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('GET', requestUrl, null, additionalHeaders || {});
        });
    }
    del(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('DELETE', requestUrl, null, additionalHeaders || {});
        });
    }
    post(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('POST', requestUrl, data, additionalHeaders || {});
        });
    }
    patch(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PATCH', requestUrl, data, additionalHeaders || {});
        });
    }
    put(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PUT', requestUrl, data, additionalHeaders || {});
        });
    }
    head(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('HEAD', requestUrl, null, additionalHeaders || {});
        });
    }
    sendStream(verb, requestUrl, stream, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request(verb, requestUrl, stream, additionalHeaders);
        });
    }
    /**
     * Gets a typed object from an endpoint
     * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
     */
    getJson(requestUrl_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            const res = yield this.get(requestUrl, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    postJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.post(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    putJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.put(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    patchJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.patch(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    /**
     * Makes a raw http request.
     * All other methods such as get, post, patch, and request ultimately call this.
     * Prefer get, del, post and patch
     */
    request(verb, requestUrl, data, headers) {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._disposed) {
                throw new Error('Client has already been disposed.');
            }
            const parsedUrl = new URL(requestUrl);
            let info = this._prepareRequest(verb, parsedUrl, headers);
            // Only perform retries on reads since writes may not be idempotent.
            const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb)
                ? this._maxRetries + 1
                : 1;
            let numTries = 0;
            let response;
            do {
                response = yield this.requestRaw(info, data);
                // Check if it's an authentication challenge
                if (response &&
                    response.message &&
                    response.message.statusCode === HttpCodes.Unauthorized) {
                    let authenticationHandler;
                    for (const handler of this.handlers) {
                        if (handler.canHandleAuthentication(response)) {
                            authenticationHandler = handler;
                            break;
                        }
                    }
                    if (authenticationHandler) {
                        return authenticationHandler.handleAuthentication(this, info, data);
                    }
                    else {
                        // We have received an unauthorized response but have no handlers to handle it.
                        // Let the response return to the caller.
                        return response;
                    }
                }
                let redirectsRemaining = this._maxRedirects;
                while (response.message.statusCode &&
                    HttpRedirectCodes.includes(response.message.statusCode) &&
                    this._allowRedirects &&
                    redirectsRemaining > 0) {
                    const redirectUrl = response.message.headers['location'];
                    if (!redirectUrl) {
                        // if there's no location to redirect to, we won't
                        break;
                    }
                    const parsedRedirectUrl = new URL(redirectUrl);
                    if (parsedUrl.protocol === 'https:' &&
                        parsedUrl.protocol !== parsedRedirectUrl.protocol &&
                        !this._allowRedirectDowngrade) {
                        throw new Error('Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.');
                    }
                    // we need to finish reading the response before reassigning response
                    // which will leak the open socket.
                    yield response.readBody();
                    // strip authorization header if redirected to a different hostname
                    if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
                        for (const header in headers) {
                            // header names are case insensitive
                            if (header.toLowerCase() === 'authorization') {
                                delete headers[header];
                            }
                        }
                    }
                    // let's make the request with the new redirectUrl
                    info = this._prepareRequest(verb, parsedRedirectUrl, headers);
                    response = yield this.requestRaw(info, data);
                    redirectsRemaining--;
                }
                if (!response.message.statusCode ||
                    !HttpResponseRetryCodes.includes(response.message.statusCode)) {
                    // If not a retry code, return immediately instead of retrying
                    return response;
                }
                numTries += 1;
                if (numTries < maxTries) {
                    yield response.readBody();
                    yield this._performExponentialBackoff(numTries);
                }
            } while (numTries < maxTries);
            return response;
        });
    }
    /**
     * Needs to be called if keepAlive is set to true in request options.
     */
    dispose() {
        if (this._agent) {
            this._agent.destroy();
        }
        this._disposed = true;
    }
    /**
     * Raw request.
     * @param info
     * @param data
     */
    requestRaw(info, data) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => {
                function callbackForResult(err, res) {
                    if (err) {
                        reject(err);
                    }
                    else if (!res) {
                        // If `err` is not passed, then `res` must be passed.
                        reject(new Error('Unknown error'));
                    }
                    else {
                        resolve(res);
                    }
                }
                this.requestRawWithCallback(info, data, callbackForResult);
            });
        });
    }
    /**
     * Raw request with callback.
     * @param info
     * @param data
     * @param onResult
     */
    requestRawWithCallback(info, data, onResult) {
        if (typeof data === 'string') {
            if (!info.options.headers) {
                info.options.headers = {};
            }
            info.options.headers['Content-Length'] = Buffer.byteLength(data, 'utf8');
        }
        let callbackCalled = false;
        function handleResult(err, res) {
            if (!callbackCalled) {
                callbackCalled = true;
                onResult(err, res);
            }
        }
        const req = info.httpModule.request(info.options, (msg) => {
            const res = new HttpClientResponse(msg);
            handleResult(undefined, res);
        });
        let socket;
        req.on('socket', sock => {
            socket = sock;
        });
        // If we ever get disconnected, we want the socket to timeout eventually
        req.setTimeout(this._socketTimeout || 3 * 60000, () => {
            if (socket) {
                socket.end();
            }
            handleResult(new Error(`Request timeout: ${info.options.path}`));
        });
        req.on('error', function (err) {
            // err has statusCode property
            // res should have headers
            handleResult(err);
        });
        if (data && typeof data === 'string') {
            req.write(data, 'utf8');
        }
        if (data && typeof data !== 'string') {
            data.on('close', function () {
                req.end();
            });
            data.pipe(req);
        }
        else {
            req.end();
        }
    }
    /**
     * Gets an http agent. This function is useful when you need an http agent that handles
     * routing through a proxy server - depending upon the url and proxy environment variables.
     * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
     */
    getAgent(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        return this._getAgent(parsedUrl);
    }
    getAgentDispatcher(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        const proxyUrl = pm.getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (!useProxy) {
            return;
        }
        return this._getProxyAgentDispatcher(parsedUrl, proxyUrl);
    }
    _prepareRequest(method, requestUrl, headers) {
        const info = {};
        info.parsedUrl = requestUrl;
        const usingSsl = info.parsedUrl.protocol === 'https:';
        info.httpModule = usingSsl ? https : http;
        const defaultPort = usingSsl ? 443 : 80;
        info.options = {};
        info.options.host = info.parsedUrl.hostname;
        info.options.port = info.parsedUrl.port
            ? parseInt(info.parsedUrl.port)
            : defaultPort;
        info.options.path =
            (info.parsedUrl.pathname || '') + (info.parsedUrl.search || '');
        info.options.method = method;
        info.options.headers = this._mergeHeaders(headers);
        if (this.userAgent != null) {
            info.options.headers['user-agent'] = this.userAgent;
        }
        info.options.agent = this._getAgent(info.parsedUrl);
        // gives handlers an opportunity to participate
        if (this.handlers) {
            for (const handler of this.handlers) {
                handler.prepareRequest(info.options);
            }
        }
        return info;
    }
    _mergeHeaders(headers) {
        if (this.requestOptions && this.requestOptions.headers) {
            return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
        }
        return lowercaseKeys(headers || {});
    }
    /**
     * Gets an existing header value or returns a default.
     * Handles converting number header values to strings since HTTP headers must be strings.
     * Note: This returns string | string[] since some headers can have multiple values.
     * For headers that must always be a single string (like Content-Type), use the
     * specialized _getExistingOrDefaultContentTypeHeader method instead.
     */
    _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
            if (headerValue) {
                clientHeader =
                    typeof headerValue === 'number' ? headerValue.toString() : headerValue;
            }
        }
        const additionalValue = additionalHeaders[header];
        if (additionalValue !== undefined) {
            return typeof additionalValue === 'number'
                ? additionalValue.toString()
                : additionalValue;
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    /**
     * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
     * Always returns a single string (not an array) since Content-Type should be a single value.
     * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
     * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
     * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
     */
    _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers.ContentType];
            if (headerValue) {
                if (typeof headerValue === 'number') {
                    clientHeader = String(headerValue);
                }
                else if (Array.isArray(headerValue)) {
                    clientHeader = headerValue.join(', ');
                }
                else {
                    clientHeader = headerValue;
                }
            }
        }
        const additionalValue = additionalHeaders[Headers.ContentType];
        // Return the first non-undefined value, converting numbers or arrays to strings if necessary
        if (additionalValue !== undefined) {
            if (typeof additionalValue === 'number') {
                return String(additionalValue);
            }
            else if (Array.isArray(additionalValue)) {
                return additionalValue.join(', ');
            }
            else {
                return additionalValue;
            }
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    _getAgent(parsedUrl) {
        let agent;
        const proxyUrl = pm.getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (this._keepAlive && useProxy) {
            agent = this._proxyAgent;
        }
        if (!useProxy) {
            agent = this._agent;
        }
        // if agent is already assigned use that agent.
        if (agent) {
            return agent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        let maxSockets = 100;
        if (this.requestOptions) {
            maxSockets = this.requestOptions.maxSockets || http.globalAgent.maxSockets;
        }
        // This is `useProxy` again, but we need to check `proxyURl` directly for TypeScripts's flow analysis.
        if (proxyUrl && proxyUrl.hostname) {
            const agentOptions = {
                maxSockets,
                keepAlive: this._keepAlive,
                proxy: Object.assign(Object.assign({}, ((proxyUrl.username || proxyUrl.password) && {
                    proxyAuth: `${proxyUrl.username}:${proxyUrl.password}`
                })), { host: proxyUrl.hostname, port: proxyUrl.port })
            };
            let tunnelAgent;
            const overHttps = proxyUrl.protocol === 'https:';
            if (usingSsl) {
                tunnelAgent = overHttps ? tunnel.httpsOverHttps : tunnel.httpsOverHttp;
            }
            else {
                tunnelAgent = overHttps ? tunnel.httpOverHttps : tunnel.httpOverHttp;
            }
            agent = tunnelAgent(agentOptions);
            this._proxyAgent = agent;
        }
        // if tunneling agent isn't assigned create a new agent
        if (!agent) {
            const options = { keepAlive: this._keepAlive, maxSockets };
            agent = usingSsl ? new https.Agent(options) : new http.Agent(options);
            this._agent = agent;
        }
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            agent.options = Object.assign(agent.options || {}, {
                rejectUnauthorized: false
            });
        }
        return agent;
    }
    _getProxyAgentDispatcher(parsedUrl, proxyUrl) {
        let proxyAgent;
        if (this._keepAlive) {
            proxyAgent = this._proxyAgentDispatcher;
        }
        // if agent is already assigned use that agent.
        if (proxyAgent) {
            return proxyAgent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        proxyAgent = new ProxyAgent(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, ((proxyUrl.username || proxyUrl.password) && {
            token: `Basic ${Buffer.from(`${proxyUrl.username}:${proxyUrl.password}`).toString('base64')}`
        })));
        this._proxyAgentDispatcher = proxyAgent;
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
                rejectUnauthorized: false
            });
        }
        return proxyAgent;
    }
    _getUserAgentWithOrchestrationId(userAgent) {
        const baseUserAgent = userAgent || 'actions/http-client';
        const orchId = process.env['ACTIONS_ORCHESTRATION_ID'];
        if (orchId) {
            // Sanitize the orchestration ID to ensure it contains only valid characters
            // Valid characters: 0-9, a-z, _, -, .
            const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, '_');
            return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
        }
        return baseUserAgent;
    }
    _performExponentialBackoff(retryNumber) {
        return __awaiter(this, void 0, void 0, function* () {
            retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
            const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
            return new Promise(resolve => setTimeout(() => resolve(), ms));
        });
    }
    _processResponse(res, options) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                const statusCode = res.message.statusCode || 0;
                const response = {
                    statusCode,
                    result: null,
                    headers: {}
                };
                // not found leads to null obj returned
                if (statusCode === HttpCodes.NotFound) {
                    resolve(response);
                }
                // get the result from the body
                function dateTimeDeserializer(key, value) {
                    if (typeof value === 'string') {
                        const a = new Date(value);
                        if (!isNaN(a.valueOf())) {
                            return a;
                        }
                    }
                    return value;
                }
                let obj;
                let contents;
                try {
                    contents = yield res.readBody();
                    if (contents && contents.length > 0) {
                        if (options && options.deserializeDates) {
                            obj = JSON.parse(contents, dateTimeDeserializer);
                        }
                        else {
                            obj = JSON.parse(contents);
                        }
                        response.result = obj;
                    }
                    response.headers = res.message.headers;
                }
                catch (err) {
                    // Invalid resource (contents not json);  leaving result obj null
                }
                // note that 3xx redirects are handled by the http layer.
                if (statusCode > 299) {
                    let msg;
                    // if exception/error in body, attempt to get better error
                    if (obj && obj.message) {
                        msg = obj.message;
                    }
                    else if (contents && contents.length > 0) {
                        // it may be the case that the exception is in the body message as string
                        msg = contents;
                    }
                    else {
                        msg = `Failed request: (${statusCode})`;
                    }
                    const err = new HttpClientError(msg, statusCode);
                    err.result = response.result;
                    reject(err);
                }
                else {
                    resolve(response);
                }
            }));
        });
    }
}
const lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => ((c[k.toLowerCase()] = obj[k]), c), {});
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ../node_modules/@actions/http-client/lib/auth.js
var auth_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
class BasicCredentialHandler {
    constructor(username, password) {
        this.username = username;
        this.password = password;
    }
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class auth_BearerCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Bearer ${this.token}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class PersonalAccessTokenCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`PAT:${this.token}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
//# sourceMappingURL=auth.js.map
;// CONCATENATED MODULE: ../node_modules/@actions/core/lib/oidc-utils.js
var oidc_utils_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



class oidc_utils_OidcClient {
    static createHttpClient(allowRetry = true, maxRetry = 10) {
        const requestOptions = {
            allowRetries: allowRetry,
            maxRetries: maxRetry
        };
        return new HttpClient('actions/oidc-client', [new BearerCredentialHandler(oidc_utils_OidcClient.getRequestToken())], requestOptions);
    }
    static getRequestToken() {
        const token = process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
        if (!token) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
        }
        return token;
    }
    static getIDTokenUrl() {
        const runtimeUrl = process.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
        if (!runtimeUrl) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
        }
        return runtimeUrl;
    }
    static getCall(id_token_url) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            var _a;
            const httpclient = oidc_utils_OidcClient.createHttpClient();
            const res = yield httpclient
                .getJson(id_token_url)
                .catch(error => {
                throw new Error(`Failed to get ID Token. \n 
        Error Code : ${error.statusCode}\n 
        Error Message: ${error.message}`);
            });
            const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
            if (!id_token) {
                throw new Error('Response json body do not have ID Token field');
            }
            return id_token;
        });
    }
    static getIDToken(audience) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            try {
                // New ID Token is requested from action service
                let id_token_url = oidc_utils_OidcClient.getIDTokenUrl();
                if (audience) {
                    const encodedAudience = encodeURIComponent(audience);
                    id_token_url = `${id_token_url}&audience=${encodedAudience}`;
                }
                debug(`ID token url is ${id_token_url}`);
                const id_token = yield oidc_utils_OidcClient.getCall(id_token_url);
                setSecret(id_token);
                return id_token;
            }
            catch (error) {
                throw new Error(`Error message: ${error.message}`);
            }
        });
    }
}
//# sourceMappingURL=oidc-utils.js.map
;// CONCATENATED MODULE: ../node_modules/@actions/core/lib/summary.js
var summary_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return summary_awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return summary_awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return summary_awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ../node_modules/@actions/core/lib/path-utils.js

/**
 * toPosixPath converts the given path to the posix form. On Windows, \\ will be
 * replaced with /.
 *
 * @param pth. Path to transform.
 * @return string Posix path.
 */
function toPosixPath(pth) {
    return pth.replace(/[\\]/g, '/');
}
/**
 * toWin32Path converts the given path to the win32 form. On Linux, / will be
 * replaced with \\.
 *
 * @param pth. Path to transform.
 * @return string Win32 path.
 */
function toWin32Path(pth) {
    return pth.replace(/[/]/g, '\\');
}
/**
 * toPlatformPath converts the given path to a platform-specific path. It does
 * this by replacing instances of / and \ with the platform-specific path
 * separator.
 *
 * @param pth The path to platformize.
 * @return string The platform-specific path.
 */
function toPlatformPath(pth) {
    return pth.replace(/[/\\]/g, path.sep);
}
//# sourceMappingURL=path-utils.js.map
// EXTERNAL MODULE: external "string_decoder"
var external_string_decoder_ = __nccwpck_require__(3193);
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(4434);
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = require("child_process");
// EXTERNAL MODULE: external "assert"
var external_assert_ = __nccwpck_require__(2613);
;// CONCATENATED MODULE: ../node_modules/@actions/io/lib/io-util.js
var io_util_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open: io_util_open, readdir, rename, rm, rmdir, stat, symlink, unlink } = external_fs_.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = external_fs_.constants.O_RDONLY;
function exists(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return io_util_awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = external_path_namespaceObject.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = external_path_namespaceObject.dirname(filePath);
                        const upperName = external_path_namespaceObject.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = external_path_namespaceObject.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map
;// CONCATENATED MODULE: ../node_modules/@actions/io/lib/io.js
var io_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield io_copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (ioUtil.IS_WINDOWS) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield ioUtil.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        ok(fsPath, 'a path argument must be provided');
        yield ioUtil.mkdir(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (IS_WINDOWS) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (IS_WINDOWS && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(external_path_namespaceObject.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (isRooted(tool)) {
            const filePath = yield tryGetExecutablePath(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(external_path_namespaceObject.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(external_path_namespaceObject.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield tryGetExecutablePath(external_path_namespaceObject.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield io_copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function io_copyFile(srcFile, destFile, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = require("timers");
;// CONCATENATED MODULE: ../node_modules/@actions/exec/lib/toolrunner.js
var toolrunner_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const toolrunner_IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (toolrunner_IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_.EOL.length);
                n = s.indexOf(external_os_.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return toolrunner_awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!isRooted(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (toolrunner_IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_namespaceObject.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield which(this.toolPath, true);
            return new Promise((resolve, reject) => toolrunner_awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield exists(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_namespaceObject.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ../node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec_exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = tr.argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new tr.ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new StringDecoder('utf8');
        const stderrDecoder = new StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec_exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map
;// CONCATENATED MODULE: ../node_modules/@actions/core/lib/platform.js
var platform_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const getWindowsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout: version } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', undefined, {
        silent: true
    });
    const { stdout: name } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', undefined, {
        silent: true
    });
    return {
        name: name.trim(),
        version: version.trim()
    };
});
const getMacOsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    var _a, _b, _c, _d;
    const { stdout } = yield exec.getExecOutput('sw_vers', undefined, {
        silent: true
    });
    const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : '';
    const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : '';
    return {
        name,
        version
    };
});
const getLinuxInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout } = yield exec.getExecOutput('lsb_release', ['-i', '-r', '-s'], {
        silent: true
    });
    const [name, version] = stdout.trim().split('\n');
    return {
        name,
        version
    };
});
const platform = external_os_.platform();
const arch = external_os_.arch();
const isWindows = platform === 'win32';
const isMacOS = platform === 'darwin';
const isLinux = platform === 'linux';
function getDetails() {
    return platform_awaiter(this, void 0, void 0, function* () {
        return Object.assign(Object.assign({}, (yield (isWindows
            ? getWindowsInfo()
            : isMacOS
                ? getMacOsInfo()
                : getLinuxInfo()))), { platform,
            arch,
            isWindows,
            isMacOS,
            isLinux });
    });
}
//# sourceMappingURL=platform.js.map
;// CONCATENATED MODULE: ../node_modules/@actions/core/lib/core.js
var core_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function core_setSecret(secret) {
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${path.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return file_command_issueFileCommand('OUTPUT', file_command_prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_.EOL);
    command_issueCommand('set-output', { name }, utils_toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function core_debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    command_issueCommand('error', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    command_issueCommand('warning', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    command_issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    command_issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return core_awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return issueFileCommand('STATE', prepareKeyValueMessage(name, value));
    }
    issueCommand('save-state', { name }, toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return core_awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map
;// CONCATENATED MODULE: ../src/model/errors.ts
/**
 * Typed errors. Every failure the user can see is one of these, so the edge can print one
 * line that names what failed and what to do, without a stack trace.
 */
/** Something wrong in the inputs: caught before any request is made. */
class InputError extends Error {
    name = 'InputError';
}
/** The registry answered with an error status. */
class RegistryError extends Error {
    status;
    code;
    retryAfterMs;
    errors;
    name = 'RegistryError';
    constructor(message, status, code, 
    /** From the response's Retry-After, when the registry sent one. */
    retryAfterMs, 
    /** Every error of the body, in order. */
    errors = [], options) {
        super(message, options);
        this.status = status;
        this.code = code;
        this.retryAfterMs = retryAfterMs;
        this.errors = errors;
    }
}
/** The registry could not be reached or spoke in a way we cannot use (TLS, protocol, timeouts). */
class TransportError extends Error {
    code;
    name = 'TransportError';
    constructor(message, code, options) {
        super(message, options);
        this.code = code;
    }
}
/** Content did not match what was promised (digest, size, media type). */
class IntegrityError extends Error {
    name = 'IntegrityError';
}
/**
 * A new error of the same type and fields with another message, the original as its `cause`: the
 * original keeps its stack (the debug log shows both), and one failure awaited by many callers
 * (a token refusal, a lost ping) is never changed by any of them.
 */
function rephrase(err, message) {
    const options = { cause: err };
    const next = err.constructor === RegistryError
        ? new RegistryError(message, err.status, err.code, err.retryAfterMs, err.errors, options)
        : err.constructor === TransportError
            ? new TransportError(message, err.code, options)
            : err.constructor === InputError
                ? new InputError(message, options)
                : err.constructor === IntegrityError
                    ? new IntegrityError(message, options)
                    : sameKind(err, message);
    // Fields callers attached (a push's tagsWritten, a Node error's code) travel with it.
    for (const [k, v] of Object.entries(err))
        if (!(k in next))
            next[k] = v;
    return next;
}
/** Any other error (a subclass, a TypeError): one of its kind, with its own stack, the original as its cause. */
function sameKind(err, message) {
    const next = Object.assign(Object.create(Object.getPrototypeOf(err)), err);
    const hidden = (value) => ({ value, writable: true, configurable: true, enumerable: false });
    Object.defineProperty(next, 'message', hidden(message));
    Object.defineProperty(next, 'cause', hidden(err));
    Error.captureStackTrace(next, rephrase);
    return next;
}
/** Prefix an error's message with context, keeping its type (for retry decisions and tests). */
function withContext(err, context) {
    // Said once: a context already at the front (the same failure passing a caller twice) is not repeated.
    if (hasContext(err, context))
        return err;
    return rephrase(err, `${context}: ${err.message}`);
}
/** Whether `context` is already at the front of the error or of one it wraps. */
function hasContext(err, context) {
    for (let e = err; e instanceof Error; e = e.cause) {
        if (e.message === context || e.message.startsWith(`${context}: `))
            return true;
    }
    return false;
}
/** Append a hint to an error's message (a new error, as withContext). */
function withHint(err, hint) {
    return hint ? rephrase(err, `${err.message}${hint}`) : err;
}
/** The registry answered with one of `statuses`. */
function hasStatus(err, ...statuses) {
    return err instanceof RegistryError && statuses.includes(err.status);
}
/** The registry's (first) error code is one of `codes`. */
function hasCode(err, ...codes) {
    return err instanceof RegistryError && !!err.code && codes.includes(err.code);
}
/** 404: the thing (manifest, blob, repository) is not there. */
const isNotFound = (err) => hasStatus(err, 404);
/** A 5xx: the registry itself failed. */
const isServerFailure = (err) => err instanceof RegistryError && err.status >= 500;
/** 401/403 or a DENIED/UNAUTHORIZED code: the credentials do not allow it. */
const isDenied = (err) => hasStatus(err, 401, 403) || hasCode(err, 'DENIED', 'UNAUTHORIZED');
/** A manifest PUT refused because something it references is not visible yet (MANIFEST_BLOB_UNKNOWN / MANIFEST_UNKNOWN). */
const errors_isReferenceUnknown = (err) => hasCode(err, 'MANIFEST_BLOB_UNKNOWN', 'MANIFEST_UNKNOWN');
/** Any failure the edge knows how to say in one line (others are internal: "unexpected error"). */
function isKnownFailure(err) {
    return (err instanceof InputError ||
        err instanceof RegistryError ||
        err instanceof TransportError ||
        err instanceof IntegrityError);
}
/** The error, its stack, and every cause under it: for the debug log, never the failure line. */
function debugTrace(err) {
    const parts = [];
    const seen = new Set();
    for (let e = err; e !== undefined && !seen.has(e); e = e?.cause) {
        seen.add(e);
        const text = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
        parts.push(parts.length ? `caused by: ${text}` : text);
    }
    return parts.join('\n');
}
function errorMessage(err) {
    return err instanceof Error ? err.message : String(err);
}

;// CONCATENATED MODULE: ../src/edges/failure.ts
/** One line for the log and the failure annotation: what failed, where, and what to do. */

function oneLine(err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const known = isKnownFailure(e);
    return (known ? e.message : `unexpected error: ${e.message}`).replace(/\s*\n\s*/g, ' ');
}
/**
 * The failure's stack and its cause chain, line by line, for the debug log only (the failure line
 * stays one line): an internal TypeError is then traceable. Messages never carry credentials.
 */
function traceLines(err) {
    return debugTrace(err).split('\n');
}

// EXTERNAL MODULE: ../node_modules/yaml/dist/index.js
var dist = __nccwpck_require__(6637);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ../src/model/digest.ts
/**
 * Content digests, in one place: the image spec's grammar (descriptor.md, "Digests"), the
 * algorithms this tool can verify, and the distribution spec's referrers tag of a digest. Pure.
 */


/** `algorithm ":" encoded`; algorithm components joined by `+._-`; encoded `[a-zA-Z0-9=_-]+`. */
const GRAMMAR = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
/** Registered algorithms and their encoded form; `verifiable`: Node's crypto computes it. */
const REGISTERED = {
    sha256: { hex: 64, verifiable: true },
    sha512: { hex: 128, verifiable: true },
    // Registered by the image spec in 2026; Node has no blake3, so its digests cannot be checked.
    blake3: { hex: 64, verifiable: false }
};
const VERIFIABLE = Object.keys(REGISTERED).filter((a) => REGISTERED[a].verifiable);
/** Split by the grammar; undefined when it is not a digest at all. */
function parseDigest(s) {
    const m = GRAMMAR.exec(s);
    return m ? { algorithm: m[1], encoded: m[2] } : undefined;
}
/** Why `s` cannot be used as a digest here, in words for an error line; undefined when it can. */
function digestProblem(s) {
    const d = parseDigest(s);
    if (!d)
        return `"${s}" is not a digest (algorithm:encoded, e.g. sha256:<64 hex digits>)`;
    const known = REGISTERED[d.algorithm];
    const can = VERIFIABLE.join(' and ');
    if (!known)
        return `digest algorithm "${d.algorithm}" is not supported (${can} are)`;
    if (!known.verifiable)
        return `digest algorithm "${d.algorithm}" is registered but cannot be verified here (${can} can)`;
    if (!new RegExp(`^[a-f0-9]{${known.hex}}$`).test(d.encoded))
        return `"${s}" is not a ${d.algorithm} digest (${known.hex} lowercase hex digits)`;
    return undefined;
}
/** A digest this tool can verify (sha256 or sha512, well formed). */
function isDigest(s) {
    return digestProblem(s) === undefined;
}
/** A manifest reference (tag or digest) names a digest: a tag can never hold ":". */
function isDigestRef(ref) {
    return ref.includes(':');
}
/** The digest of `data` with `algorithm` (sha256 unless told). */
function digestOf(data, algorithm = 'sha256') {
    return `${algorithm}:${(0,external_node_crypto_.createHash)(algorithm).update(data).digest('hex')}`;
}
/** The algorithm of a usable digest; throws IntegrityError (one line) for any other. */
function algorithmOf(digest) {
    const problem = digestProblem(digest);
    if (problem)
        throw new IntegrityError(problem);
    return parseDigest(digest).algorithm;
}
/** Whether `data` has `digest`, computed with the digest's own algorithm. */
function matchesDigest(data, digest) {
    return digestOf(data, algorithmOf(digest)) === digest;
}
/** What a tag may not hold (distribution spec, `<reference>` as a tag), replaced by `-`. */
const NOT_IN_TAG = /[^a-zA-Z0-9_.-]/g;
/**
 * The distribution spec's "Referrers Tag Schema": the algorithm truncated to 32 characters, `-`,
 * the encoded part truncated to 64, characters a tag may not hold replaced by `-`.
 */
function referrersTag(digest) {
    const d = parseDigest(digest);
    if (!d)
        throw new IntegrityError(`"${digest}" is not a digest`);
    return `${d.algorithm.slice(0, 32)}-${d.encoded.slice(0, 64)}`.replace(NOT_IN_TAG, '-');
}

;// CONCATENATED MODULE: ../src/model/reference.ts
/**
 * Image references with docker's normalization rules, in one place.
 * `nginx` → docker.io/library/nginx:latest; `ghcr.io/o/app@sha256:…`; `localhost:5000/app:1`.
 */


function isTagReference(ref) {
    return !!ref.tag && !ref.digest;
}
function isDigestReference(ref) {
    return !!ref.digest;
}
const DOCKER_HUB = 'docker.io';
/** The API host behind docker.io. */
const DOCKER_HUB_API = 'registry-1.docker.io';
/**
 * The one name of a registry host: lower case (RFC 3986 §3.2.2: host names are case-insensitive),
 * and Docker Hub's aliases folded into docker.io. `index.docker.io` is the v1 name docker's
 * config.json still uses (`https://index.docker.io/v1/`), `registry-1.docker.io` the API host.
 */
function canonicalRegistry(host) {
    const h = host.toLowerCase();
    return h === 'index.docker.io' || h === DOCKER_HUB_API ? DOCKER_HUB : h;
}
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const HOST = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]+)?$/;
function bad(input, why, hint) {
    return new InputError(`invalid reference "${input}": ${why}${hint ? ` (${hint})` : ''}`);
}
/** Parse a reference the way docker does. Throws InputError naming the reference and the rule. */
function parseReference(input) {
    const s = input.trim();
    if (!s)
        throw bad(input, 'it is empty');
    if (/\s/.test(s))
        throw bad(input, 'it contains white space');
    if (s.includes('://'))
        throw bad(input, 'a reference has no scheme', 'write host/repository:tag');
    let rest = s;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        const problem = digestProblem(digest);
        if (problem)
            throw bad(input, problem);
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag))
            throw bad(input, `"${tag}" is not a valid tag`, 'tags are up to 128 of [A-Za-z0-9_.-], not starting with . or -');
    }
    if (!rest)
        throw bad(input, 'the repository name is missing');
    let registry = DOCKER_HUB;
    let path = rest;
    const slash = rest.indexOf('/');
    if (slash >= 0) {
        const first = rest.slice(0, slash);
        if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
            registry = first;
            path = rest.slice(slash + 1);
        }
    }
    if (!HOST.test(registry))
        throw bad(input, `"${registry}" is not a valid registry host`);
    // One registry, one client, one credential, however it is spelled.
    registry = canonicalRegistry(registry);
    if (registry === DOCKER_HUB && !path.includes('/'))
        path = `library/${path}`;
    const components = path.split('/');
    for (const c of components) {
        if (c !== c.toLowerCase() && COMPONENT.test(c.toLowerCase())) {
            throw bad(input, 'repository names must be lowercase');
        }
        if (!COMPONENT.test(c))
            throw bad(input, `"${c}" is not a valid repository path component`);
    }
    if (registry.length + 1 + path.length > 255)
        throw bad(input, 'the name is longer than 255 characters');
    return { registry, repository: path, tag, digest };
}
/** Fully qualified name without tag or digest: `ghcr.io/o/app`. */
function repoName(ref) {
    // A layout (oci-layout://PATH) has no repository: its "registry" names it whole.
    return ref.repository ? `${ref.registry}/${ref.repository}` : ref.registry;
}
/** Fully qualified string form: `docker.io/library/nginx:latest`, `ghcr.io/o/app@sha256:…`. */
function formatReference(ref) {
    let s = repoName(ref);
    if (ref.tag)
        s += `:${ref.tag}`;
    if (ref.digest)
        s += `@${ref.digest}`;
    return s;
}
/** The host that serves the registry API. */
function apiHost(registry) {
    return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}
/** Whether a registry host is on the loopback interface (plain HTTP allowed without `insecure`). */
function isLoopback(registry) {
    const lower = registry.toLowerCase();
    const host = lower.startsWith('[') ? lower.slice(1, lower.indexOf(']')) : lower.replace(/:\d+$/, '');
    return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
/** Two references name the same repository (same registry and path). */
function sameRepo(a, b) {
    return a.registry === b.registry && a.repository === b.repository;
}
/** A manifest "version" reference: the digest if there is one, else the tag (default latest). */
function manifestRef(ref) {
    return ref.digest ?? ref.tag ?? 'latest';
}
/** A reference without a digest as a tag reference: docker's default tag `latest` when it names none. */
function asTagReference(ref) {
    if (ref.digest)
        throw new InputError(`${formatReference(ref)} has a digest; expected registry/repository:tag`);
    return { ...ref, tag: ref.tag || 'latest', digest: undefined };
}
/** Apply docker's default tag: a reference with neither tag nor digest means `:latest`. */
function withDefaultTag(ref) {
    // A layout without a tag means its only manifest, not `latest`.
    return ref.tag || ref.digest || ref.layout !== undefined ? ref : { ...ref, tag: 'latest' };
}

;// CONCATENATED MODULE: ../src/model/credential-inputs.ts
/**
 * The credential inputs: `username`/`password` (for the first tag's registry) and `registry-auth`
 * (docker/login-action v4's YAML list of `registry`, `username`, `password`). Pure: the edge
 * reads them (and masks every password), the credential lookup answers from what this returns.
 */



const ACTION_INPUT_NAMES = {
    usernamePassword: 'the "username"/"password" inputs',
    registryAuth: 'the "registry-auth" input'
};
const CLI_INPUT_NAMES = {
    usernamePassword: '--username/--password-stdin',
    registryAuth: '--registry-auth'
};
/** `https://ghcr.io/v2/`, `ghcr.io`, `index.docker.io`: one registry, as docker/login-action accepts them. */
function registryName(value) {
    return canonicalRegistry(value
        .trim()
        .replace(/^[a-z]+:\/\//i, '')
        .replace(/\/.*$/, ''));
}
/** Every password in a registry-auth text, for masking before anything else reads it; [] when unparsable. */
function registryAuthPasswords(text) {
    try {
        const list = (0,dist/* parse */.qg)(text ?? '');
        if (!Array.isArray(list))
            return [];
        return list
            .map((e) => (e && typeof e === 'object' ? e.password : undefined))
            .filter((p) => (typeof p === 'string' || typeof p === 'number') && `${p}` !== '')
            .map(String);
    }
    catch {
        return [];
    }
}
function parseRegistryAuth(text, names) {
    let list;
    try {
        list = (0,dist/* parse */.qg)(text);
    }
    catch (err) {
        // Not the parser's message: its excerpt of the text may hold a password.
        const pos = err.linePos?.[0];
        throw new InputError(`input "registry-auth" is not valid YAML${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}: give a list of registry, username and password entries`);
    }
    if (!Array.isArray(list))
        throw new InputError('input "registry-auth" must be a YAML list, each item with registry (default docker.io), username and password');
    const seen = new Set();
    return list.map((item, i) => {
        const e = (item && typeof item === 'object' ? item : {});
        const text = (k) => (typeof e[k] === 'string' || typeof e[k] === 'number' ? String(e[k]) : '');
        const registry = registryName(text('registry') || DOCKER_HUB);
        const username = text('username');
        const password = text('password');
        if (!username || !password)
            throw new InputError(`input "registry-auth": item ${i + 1} (${registry}) needs both username and password (got ${username ? 'no password' : 'no username'})`);
        if (seen.has(registry))
            throw new InputError(`input "registry-auth": ${registry} is given twice; keep one item per registry`);
        seen.add(registry);
        return { registry, username, password, from: `${names.registryAuth} (item ${i + 1}, ${registry})` };
    });
}
/**
 * The credentials the inputs give, `username`/`password` first (they win over `registry-auth`
 * for their registry). One of username and password without the other is an input error.
 */
function parseCredentialInputs(raw, firstTagRegistry, names = ACTION_INPUT_NAMES) {
    const username = (raw.username ?? '').trim();
    const password = raw.password ?? '';
    if (!!username !== !!password)
        throw new InputError(username
            ? `input "username" is set but "password" is empty: give both (the password from a secret), or neither`
            : `input "password" is set but "username" is empty: give both, or neither`);
    const out = [];
    if (username)
        out.push({ registry: firstTagRegistry, username, password, from: names.usernamePassword });
    if ((raw.registryAuth ?? '').trim())
        out.push(...parseRegistryAuth(raw.registryAuth, names));
    return out;
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = require("node:fs/promises");
var promises_default = /*#__PURE__*/__nccwpck_require__.n(promises_namespaceObject);
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = require("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ../src/edges/sources-from.ts
/**
 * The `sources-from` input: newline-separated paths and globs → the files' text, in sorted path
 * order. The edge reads them once; src/model/source.ts turns their lines into sources. Globs are
 * matched here rather than by fs.glob, which Node 20 (the CLI's floor) lacks: `*`, `?`, `[…]`
 * within one path segment, `**` for any number of directories; as in a shell, a wildcard does not
 * match a name that starts with a dot unless the pattern segment does.
 */



const MAGIC = /[*?[]/;
/** One pattern segment → a regular expression over one directory entry's name. Pure. */
function segmentRegExp(segment) {
    let re = '';
    for (let i = 0; i < segment.length; i++) {
        const c = segment[i];
        if (c === '*')
            re += '.*';
        else if (c === '?')
            re += '.';
        else if (c === '[') {
            const end = segment.indexOf(']', i + 2);
            if (end < 0)
                re += '\\[';
            else {
                let body = segment.slice(i + 1, end);
                const negate = body.startsWith('!') || body.startsWith('^');
                if (negate)
                    body = body.slice(1);
                re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
                i = end;
            }
        }
        else
            re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
    return new RegExp(`^${re}$`, 's');
}
const matchesName = (segment, name) => (!name.startsWith('.') || segment.startsWith('.')) && segmentRegExp(segment).test(name);
async function entries(dir) {
    const list = await promises_default().readdir(dir, { withFileTypes: true }).catch(() => []);
    return Promise.all(list.map(async (e) => {
        // A symbolic link counts as what it points to (download-artifact writes plain files, a user may link).
        const st = e.isSymbolicLink() ? await promises_default().stat(external_node_path_default().join(dir, e.name)).catch(() => undefined) : e;
        return { name: e.name, dir: !!st?.isDirectory(), file: !!st?.isFile() };
    }));
}
const join = (shown, name) => shown === '' ? name : shown.endsWith('/') ? shown + name : `${shown}/${name}`;
/** What `parts[i…]` matches below `dir` (shown as `shown`): files, and directories apart. */
async function walk(dir, shown, parts, i, out) {
    if (i === parts.length)
        return;
    const part = parts[i];
    const last = i === parts.length - 1;
    if (part === '' || part === '.')
        return walk(dir, shown, parts, i + 1, out);
    if (part === '**') {
        if (!last)
            await walk(dir, shown, parts, i + 1, out);
        for (const e of await entries(dir)) {
            if (e.name.startsWith('.'))
                continue;
            if (e.dir)
                await walk(external_node_path_default().join(dir, e.name), join(shown, e.name), parts, i, out);
            else if (e.file && last)
                out.files.push(join(shown, e.name));
        }
        return;
    }
    for (const e of await entries(dir)) {
        if (MAGIC.test(part) ? !matchesName(part, e.name) : e.name !== part)
            continue;
        const next = join(shown, e.name);
        if (!last) {
            if (e.dir)
                await walk(external_node_path_default().join(dir, e.name), next, parts, i + 1, out);
        }
        else if (e.file)
            out.files.push(next);
        else if (e.dir)
            out.dirs.push(next);
    }
}
/** The files one pattern matches, relative to `cwd` unless it is absolute; sorted. */
async function matchFiles(pattern, cwd) {
    const parts = pattern.split('/');
    // The fixed start of the pattern is taken as it is (`/tmp/x`, `D:/a/_temp`, `../digests`).
    let k = 0;
    while (k < parts.length - 1 && !MAGIC.test(parts[k]))
        k++;
    if (!MAGIC.test(parts[k]))
        k = parts.length;
    const out = { files: [], dirs: [] };
    if (k === parts.length) {
        const st = await promises_default().stat(external_node_path_default().resolve(cwd, pattern)).catch(() => undefined);
        if (st?.isFile())
            out.files.push(pattern);
        else if (st?.isDirectory())
            out.dirs.push(pattern);
        return out;
    }
    const base = parts.slice(0, k).join('/') || (k > 0 ? '/' : '');
    await walk(external_node_path_default().resolve(cwd, base || '.'), base, parts, k, out);
    out.files.sort();
    out.dirs.sort();
    return out;
}
/**
 * `sources-from` (one path or glob per line) → each file once, in sorted path order. A pattern
 * that matches no file is an error naming it.
 */
async function readSourceFiles(input, cwd, windows = process.platform === 'win32') {
    const patterns = input
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));
    const found = new Map();
    const seen = new Set();
    for (const pattern of patterns) {
        // Windows paths as the runner spells them (D:\a\_temp\digests\*): the matcher speaks `/`.
        const { files, dirs } = await matchFiles(windows ? pattern.replace(/\\/g, '/') : pattern, cwd);
        if (files.length === 0) {
            const only = dirs.length
                ? `, only the director${dirs.length === 1 ? 'y' : 'ies'} ${dirs.slice(0, 3).join(', ')}${dirs.length > 3 ? ', …' : ''} (download-artifact puts each artifact in a directory of its own unless merge-multiple is true; or add /* to the pattern)`
                : '';
            throw new InputError(`input "sources-from": "${pattern}" matches no file in ${cwd}${only}`);
        }
        for (const f of files) {
            const abs = external_node_path_default().resolve(cwd, f);
            if (!seen.has(abs))
                found.set(f, abs);
            seen.add(abs);
        }
    }
    const shown = [...found.keys()].sort();
    return Promise.all(shown.map(async (p) => {
        try {
            return { path: p, text: await promises_default().readFile(found.get(p), 'utf8') };
        }
        catch (err) {
            throw new InputError(`input "sources-from": cannot read ${p}: ${err.message}`, { cause: err });
        }
    }));
}

;// CONCATENATED MODULE: ../src/edges/action-inputs.ts
/** The action's inputs, read through @actions/core; the token is masked as it is read. */



/** The action's inputs as raw strings, exactly as named in action.yml; `sources-from`'s files read from the workspace. */
async function readInputs() {
    const get = (name) => getInput(name);
    // A secret from the moment it is read: nothing may print it.
    const githubToken = get('github-token');
    if (githubToken)
        core_setSecret(githubToken);
    const password = get('password');
    const registryAuth = get('registry-auth');
    for (const secret of [password, ...registryAuthPasswords(registryAuth)])
        if (secret)
            core_setSecret(secret);
    return {
        tags: get('tags'),
        sources: get('sources'),
        // The runner starts the action in the workspace: relative paths are the workflow's.
        sourceFiles: await readSourceFiles(get('sources-from'), process.cwd()),
        annotations: get('annotations'),
        insecure: get('insecure'),
        purge: get('purge'),
        amend: get('amend'),
        format: get('format'),
        push: get('push'),
        platforms: get('platforms'),
        attestations: get('attestations'),
        referrers: get('referrers'),
        summary: get('summary'),
        githubToken,
        username: get('username'),
        password,
        registryAuth
    };
}

;// CONCATENATED MODULE: ../src/model/platform.ts
/**
 * Platforms: normalized as containerd does, formatted, matched, and checked when read from a
 * registry. Pure.
 */

/** The fields `docker manifest annotate` sets, each with its flag: the one map of field ↔ flag. */
const PLATFORM_FLAGS = {
    architecture: '--arch',
    os: '--os',
    'os.version': '--os-version',
    'os.features': '--os-features',
    variant: '--variant'
};
/** The field a `docker manifest annotate` flag sets. */
function fieldOfFlag(flag) {
    return Object.keys(PLATFORM_FLAGS).find((k) => PLATFORM_FLAGS[k] === flag);
}
/**
 * containerd's defaults: an arm64 without a variant is v8, an arm without one is v7
 * (containerd's platforms.Normalize). The one home of that rule.
 */
const DEFAULT_VARIANT = { arm64: 'v8', arm: 'v7' };
/**
 * What os, architecture and variant may hold: what containerd's platform specifiers allow
 * (`[A-Za-z0-9_-]`, plus the dot some os names carry). A `/` means `arch/variant` written as one
 * value; quotes mean a value copied from a shell line.
 */
const PLATFORM_VALUE = /^[A-Za-z0-9._-]+$/;
/**
 * Why an os, architecture or variant value cannot be written into a list, or undefined when it
 * can. Said so the user knows what to write instead. Pure.
 */
function platformValueProblem(field, value) {
    if (PLATFORM_VALUE.test(value))
        return undefined;
    if (/['"]/.test(value))
        return `${field} ${JSON.stringify(value)} is quoted; nothing here is read by a shell: write ${value.replace(/['"]/g, '')}`;
    if (field === 'architecture' && /^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/.test(value)) {
        const [a, v] = value.split('/');
        return `architecture ${JSON.stringify(value)} holds a variant; the architecture is ${a}, the variant ${v} (--arch ${a} --variant ${v})`;
    }
    return `${field} ${JSON.stringify(value)} holds characters other than letters, digits, ".", "_" and "-"`;
}
/** The first unusable os/architecture/variant of a platform, as platformValueProblem says it. */
function platformValuesProblem(p) {
    for (const k of ['os', 'architecture', 'variant']) {
        const v = p[k];
        const problem = v === undefined ? undefined : platformValueProblem(k, v.trim());
        if (problem)
            return problem;
    }
    return undefined;
}
const ARCH_ALIASES = {
    x86_64: { architecture: 'amd64' },
    'x86-64': { architecture: 'amd64' },
    x64: { architecture: 'amd64' },
    aarch64: { architecture: 'arm64' },
    armhf: { architecture: 'arm', variant: 'v7' },
    armel: { architecture: 'arm', variant: 'v6' },
    i386: { architecture: '386' },
    i686: { architecture: '386' },
    x86: { architecture: '386' }
};
/** Normalize names the way containerd does, so `x86_64` and `amd64` are one platform. */
function normalizeArch(arch, variant) {
    const a = arch.trim().toLowerCase();
    const alias = ARCH_ALIASES[a];
    const architecture = alias ? alias.architecture : a;
    let v = variant?.trim().toLowerCase() || alias?.variant;
    if (v && /^\d+$/.test(v) && (architecture === 'arm' || architecture === 'arm64'))
        v = `v${v}`;
    if (architecture === 'amd64' && v === 'v1')
        v = undefined;
    return v ? { architecture, variant: v } : { architecture };
}
/**
 * Clean a platform: lowercase os/arch, aliases resolved, empty fields dropped; fields this action
 * does not set (`features`, unknown ones) kept as they are. Pure.
 */
function normalizePlatform(p) {
    const { architecture, variant } = normalizeArch(p.architecture, p.variant);
    const out = { ...p, architecture, os: p.os.trim().toLowerCase() };
    delete out.variant;
    if (!p['os.version'])
        delete out['os.version'];
    if (p['os.features'] && p['os.features'].length > 0)
        out['os.features'] = [...p['os.features']];
    else
        delete out['os.features'];
    if (variant)
        out.variant = variant;
    return out;
}
/**
 * The platform fields in the order of the OCI Platform type (as docker prints them), so the same
 * platform always serializes to the same bytes; `withOthers` appends the fields this action does
 * not know, in their order.
 */
function platform_orderedPlatform(p, withOthers = false) {
    const out = { architecture: p.architecture, os: p.os };
    if (p['os.version'])
        out['os.version'] = p['os.version'];
    if (p['os.features']?.length)
        out['os.features'] = p['os.features'];
    if (p.variant)
        out.variant = p.variant;
    if (withOthers) {
        for (const [k, v] of Object.entries(p))
            if (!(k in PLATFORM_FLAGS) && v !== undefined)
                out[k] = v;
    }
    return out;
}
/**
 * What an image config (parsed JSON) says about its platform: whichever of the fields it has as
 * non-empty strings (possibly none), so annotate flags can complete it. Undefined for a config
 * that is no object. Pure.
 */
function configPlatformFields(json) {
    if (!json || typeof json !== 'object')
        return undefined;
    const j = json;
    const str = (k) => (typeof j[k] === 'string' && j[k].trim() ? j[k] : undefined);
    const out = {};
    if (str('os'))
        out.os = str('os');
    if (str('architecture'))
        out.architecture = str('architecture');
    if (str('variant'))
        out.variant = str('variant');
    if (str('os.version'))
        out['os.version'] = str('os.version');
    const features = j['os.features'];
    if (Array.isArray(features) && features.every((f) => typeof f === 'string'))
        out['os.features'] = features;
    return out;
}
/** `os/arch[/variant]`, the form of the `platforms` output and of `manifest-descriptor[…]`. */
function platform_formatPlatform(p) {
    return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
/**
 * The identity used to detect duplicates: normalized os/arch/variant/os.version/os.features.
 * arm64/v8 is arm64 and arm is arm/v7, as containerd treats them.
 */
function platformKey(p) {
    const n = normalizePlatform(p);
    // containerd's defaults: arm64 means v8, a bare arm means v7; keyed as arm64 and arm/v7.
    const full = n.variant ?? DEFAULT_VARIANT[n.architecture];
    const variant = n.architecture === 'arm64' && full === DEFAULT_VARIANT.arm64 ? '' : (full ?? '');
    const features = [...(n['os.features'] ?? [])].sort().join(',');
    return [n.os, n.architecture, variant, n['os.version'] ?? '', features].join('|');
}
/** Attestation manifests that buildx attaches carry this placeholder platform. */
function isUnknownPlatform(p) {
    return !!p && p.os === 'unknown' && p.architecture === 'unknown';
}
/** Parse `os/arch[/variant]` as written in `manifest-descriptor[linux/arm64]:…`. */
function parsePlatform(s) {
    const parts = s.trim().split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some((x) => !x)) {
        throw new InputError(`invalid platform "${s}": expected os/arch or os/arch/variant, e.g. linux/arm64 or linux/arm/v7`);
    }
    const problem = platformValuesProblem({ os: parts[0], architecture: parts[1], variant: parts[2] });
    if (problem)
        throw new InputError(`invalid platform "${s}": ${problem}`);
    return normalizePlatform({ os: parts[0], architecture: parts[1], variant: parts[2] });
}
/**
 * Whether `p` matches a platform written as os/arch[/variant]: a pattern without a variant
 * matches every variant, as docker's platform filters do.
 */
function platformMatches(p, pattern) {
    const n = normalizePlatform(p);
    if (n.os !== pattern.os || n.architecture !== pattern.architecture)
        return false;
    if (!pattern.variant)
        return true;
    return (n.variant ?? DEFAULT_VARIANT[n.architecture]) === pattern.variant;
}
/**
 * A platform object read from a registry (an index entry, a config), checked before any use:
 * `os` and `architecture` non-empty strings, the optional fields of the right type. Returns
 * the reason it is unusable, or undefined when it is fine. Pure.
 */
function platformProblem(p) {
    if (!p || typeof p !== 'object' || Array.isArray(p))
        return 'it is not an object';
    const o = p;
    for (const k of ['os', 'architecture']) {
        if (o[k] === undefined)
            return `it has no "${k}"`;
        if (typeof o[k] !== 'string' || !o[k].trim())
            return `its "${k}" is not a non-empty string`;
    }
    for (const k of ['variant', 'os.version'])
        if (o[k] !== undefined && typeof o[k] !== 'string')
            return `its "${k}" is not a string`;
    const f = o['os.features'];
    if (f !== undefined && !(Array.isArray(f) && f.every((x) => typeof x === 'string')))
        return 'its "os.features" is not a list of strings';
    const values = platformValuesProblem(o);
    return values && `its ${values}`;
}
/**
 * os/arch/variant after normalization and containerd's defaults (arm64 = arm64/v8, arm =
 * arm/v7): what the `platforms` input and a template's platform are compared on.
 */
function osArchVariant(p) {
    return platformKey({ os: p.os, architecture: p.architecture, variant: p.variant })
        .split('|')
        .slice(0, 3)
        .join('/')
        .replace(/\/$/, '');
}

;// CONCATENATED MODULE: ../src/model/annotations.ts
/**
 * The `annotations` input: `docker manifest annotate` flags per source (platform overrides) and
 * OCI annotation lines (index and descriptor annotations), parsed and checked. Pure.
 */



// level[platform]:key=value, or key=value. Keys hold no white space and no '='.
const OCI_LINE = /^(?:([a-z][a-z-]*)(?:\[([^\]]*)\])?:)?([^=\s]+)=(.*)$/;
// A line that starts like an OCI line of a known level but has no KEY=VALUE after it. (A
// registry named like a level would be followed by a port and a slash: `index:5000/app`.)
const LEVEL_PREFIX = /^(index|manifest-descriptor|manifest|index-descriptor)(\[[^\]]*\])?:(?!\d+\/)(.*)$/;
// The start of a bare key that is a level line missing its ':' (`index[…]foo`, `manifest-descriptor[…]foo`).
const LEVEL_TYPO = /^((?:index|manifest-descriptor|manifest|index-descriptor)\[[^\]]*\])/;
/** The key under which a source's override is stored. */
function sourceKey(ref) {
    return formatReference(withDefaultTag(ref));
}
function lineError(n, line, why) {
    return new InputError(`annotations line ${n} "${line}": ${why}`);
}
/**
 * Parse the `annotations` input: docker-annotate lines, `index:` / bare OCI annotations and
 * `manifest-descriptor[…]:` lines. Pure; every error names the line.
 */
function parseAnnotations(lines, sources, 
// How a source is written in `sources` (a bare digest names the first tag's repository).
toRef = parseReference) {
    const result = { overrides: new Map(), index: {}, descriptors: [], warnings: [] };
    const known = new Set(sources.map(sourceKey));
    lines.forEach((line, i) => {
        const n = i + 1;
        // Checked first: `index:=v` would otherwise read as the bare key "index:".
        const level = LEVEL_PREFIX.exec(line);
        if (level && !/^[^=\s]+=/.test(level[3])) {
            const rest = level[3];
            const why = rest.startsWith('=')
                ? 'the key is empty'
                : /\s/.test(rest.split('=')[0])
                    ? 'the key holds white space'
                    : 'there is no =VALUE';
            throw lineError(n, line, `${why}; write ${level[1]}${level[2] ?? ''}:KEY=VALUE (an empty value is "KEY=")`);
        }
        if (line.startsWith('='))
            throw lineError(n, line, 'the key is empty; write KEY=VALUE or index:KEY=VALUE');
        const oci = OCI_LINE.exec(line);
        if (oci)
            parseOciLine(oci, n, line, result);
        else
            parseAnnotateLine(line, n, known, result.overrides, toRef);
    });
    return result;
}
/** The start of the one warning about `manifest:` / `index-descriptor:` lines. */
const IGNORED_LEVELS = 'annotations: ignoring ';
/** `[level[platform]:]KEY=VALUE`: an index or descriptor annotation, or a level that is not ours (warned once). */
function parseOciLine(match, n, line, result) {
    const [, level, platform, key, value] = match;
    // `manifest-descriptor[linux/amd64]foo=bar`: the ':' was forgotten, not a key with brackets.
    const typo = level === undefined ? LEVEL_TYPO.exec(key) : null;
    if (typo)
        throw lineError(n, line, `"${typo[1]}" is not followed by ":"; write ${typo[1]}:KEY=VALUE`);
    switch (level ?? 'index') {
        case 'index':
            if (platform !== undefined)
                throw lineError(n, line, 'index annotations take no platform');
            result.index[key] = value;
            return;
        case 'manifest-descriptor': {
            let only;
            if (platform !== undefined) {
                try {
                    only = parsePlatform(platform);
                }
                catch (e) {
                    throw lineError(n, line, e.message);
                }
            }
            result.descriptors.push({ platform: only, key, value });
            return;
        }
        case 'manifest':
        case 'index-descriptor':
            // These belong to the build step (image manifests) or to an outer index: not ours to set.
            if (!result.warnings.some((w) => w.startsWith(IGNORED_LEVELS)))
                result.warnings.push(`${IGNORED_LEVELS}"${level}:" lines such as line ${n}; they belong to the build step (docker/build-push-action's annotations), not to the list`);
            return;
        default:
            throw lineError(n, line, `unknown annotation level "${level}" (use index:, manifest-descriptor: or manifest-descriptor[os/arch]:)`);
    }
}
/** `SOURCE --arch A --os O …`, the flags of `docker manifest annotate`. */
function parseAnnotateLine(line, n, known, overrides, toRef) {
    const tokens = line.split(/\s+/).filter(Boolean);
    const [source, ...flags] = tokens;
    if (source.startsWith('-'))
        throw lineError(n, line, 'a docker-annotate line starts with the source it annotates');
    let ref;
    try {
        ref = toRef(source);
    }
    catch (e) {
        if (flags.length === 0)
            throw lineError(n, line, 'neither KEY=VALUE (an OCI annotation) nor SOURCE --flag VALUE (docker manifest annotate flags for one of the sources)');
        throw lineError(n, line, e.message);
    }
    const key = sourceKey(ref);
    if (!known.has(key)) {
        if (flags.length === 0)
            throw lineError(n, line, 'neither KEY=VALUE (an OCI annotation) nor SOURCE --flag VALUE (docker manifest annotate flags for one of the sources)');
        throw lineError(n, line, `${source} is not one of the sources; annotate lines must name a source exactly`);
    }
    if (flags.length === 0)
        throw lineError(n, line, 'no flags: expected --arch, --os, --os-version, --os-features or --variant, or KEY=VALUE for an OCI annotation');
    const given = readFlags(flags, (why) => lineError(n, line, why));
    overrides.set(key, toOverride(given, overrides.get(key) ?? {}, (why) => lineError(n, line, why)));
}
/** `--flag VALUE` and `--flag=VALUE` pairs → the value given for each field (the last one wins). */
function readFlags(flags, fail) {
    const given = {};
    for (let i = 0; i < flags.length; i++) {
        let flag = flags[i];
        let value;
        const eq = flag.indexOf('=');
        if (eq > 0) {
            value = flag.slice(eq + 1);
            flag = flag.slice(0, eq);
        }
        else {
            value = flags[++i];
        }
        const field = fieldOfFlag(flag);
        if (!field)
            throw fail(`unknown flag "${flag}" (known: ${Object.values(PLATFORM_FLAGS).join(', ')})`);
        if (value === undefined || value === '' || value.startsWith('--'))
            throw fail(`${flag} needs a value`);
        if (/['"]/.test(value))
            throw fail(`${flag} ${value} is quoted; the annotations input is not read by a shell: write ${flag} ${value.replace(/['"]/g, '')}`);
        given[field] = value;
    }
    return given;
}
/**
 * The fields given → an override (onto what earlier lines set for that source). `--arch arm/v7`
 * is split into architecture arm and variant v7, as docker's `--platform` writes it, unless a
 * `--variant` that says otherwise is given too; any other value outside [A-Za-z0-9._-] is refused.
 */
function toOverride(given, o, fail) {
    let { architecture, variant } = given;
    const split = architecture && /^[^/]+\/[^/]+$/.exec(architecture) ? architecture.split('/') : undefined;
    if (split) {
        if (variant !== undefined && normalizeArch(split[0], variant).variant !== normalizeArch(split[0], split[1]).variant)
            throw fail(`--arch ${architecture} says variant ${split[1]}, --variant says ${variant}; give one`);
        [architecture, variant] = split;
    }
    for (const [k, v] of [
        ['os', given.os],
        ['architecture', architecture],
        ['variant', variant]
    ]) {
        const problem = v === undefined ? undefined : platformValueProblem(k, v);
        if (problem)
            throw fail(`${PLATFORM_FLAGS[k]} ${v}: ${problem}`);
    }
    if (architecture !== undefined) {
        const n = normalizeArch(architecture, variant ?? o.variant);
        o.architecture = n.architecture;
        if (n.variant !== undefined || variant !== undefined)
            o.variant = n.variant;
    }
    else if (variant !== undefined)
        o.variant = normalizeArch(o.architecture ?? '', variant).variant;
    if (given.os !== undefined)
        o.os = given.os.toLowerCase();
    if (given['os.version'] !== undefined)
        o['os.version'] = given['os.version'];
    if (given['os.features'] !== undefined)
        o['os.features'] = given['os.features'].split(',').filter(Boolean);
    return o;
}
/** A single-platform source's platform (from its config, if any) after its annotate flags. */
function applyOverride(p, o) {
    if (!o)
        return p;
    const out = { os: '', architecture: '', ...p, ...o };
    // A new architecture without a new variant drops the old variant (arm/v7 → arm64 is not arm64/v7).
    if (o.architecture && o.architecture !== p?.architecture && o.variant === undefined)
        delete out.variant;
    return normalizePlatform(out);
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __nccwpck_require__(7030);
var external_node_net_default = /*#__PURE__*/__nccwpck_require__.n(external_node_net_);
;// CONCATENATED MODULE: ../src/model/proxy-env.ts
/**
 * Which proxy a request goes through, from the environment as curl and Go read it: HTTPS_PROXY for
 * https URLs, HTTP_PROXY for http ones, NO_PROXY for the exceptions; for each, the uppercase name
 * wins when both spellings are set (Go's httpproxy.FromEnvironment). Pure: the environment is passed in.
 */

function pick(env, upper) {
    const v = env[upper] || env[upper.toLowerCase()];
    return v?.trim() || undefined;
}
function proxyConfig(env) {
    return {
        https: pick(env, 'HTTPS_PROXY'),
        http: pick(env, 'HTTP_PROXY'),
        noProxy: (pick(env, 'NO_PROXY') ?? '')
            .split(',')
            .map((s) => s.trim().toLowerCase())
            .filter((s) => s)
    };
}
/** The proxy URL parsed; a bare `host:port` means plain HTTP to the proxy, as curl and Go take it. */
function parseProxy(value) {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new Error(`proxy ${url.host}: scheme ${url.protocol} is not supported (http:// or https://)`);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    return {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port,
        name: `${url.hostname}:${port}`,
        ...(user || password ? { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } : {})
    };
}
/** Loopback is never proxied (Go's rule, and the toolkit's). */
function isLoopbackHost(host) {
    return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
}
/** Split `host[:port]` / `[v6][:port]` / a bare IPv6 literal. */
function splitHostPort(entry) {
    if (entry.startsWith('[')) {
        const end = entry.indexOf(']');
        const rest = entry.slice(end + 1);
        return { host: entry.slice(1, end), port: rest.startsWith(':') ? Number(rest.slice(1)) : undefined };
    }
    if (external_node_net_default().isIPv6(entry))
        return { host: entry };
    const colon = entry.lastIndexOf(':');
    if (colon > 0 && /^\d+$/.test(entry.slice(colon + 1)))
        return { host: entry.slice(0, colon), port: Number(entry.slice(colon + 1)) };
    return { host: entry };
}
function inCidr(ip, cidr) {
    const [base, bits] = cidr.split('/');
    const family = external_node_net_default().isIPv4(base) ? 'ipv4' : external_node_net_default().isIPv6(base) ? 'ipv6' : undefined;
    if (!family || !/^\d+$/.test(bits) || external_node_net_default().isIP(ip) === 0)
        return false;
    const list = new (external_node_net_default()).BlockList();
    try {
        list.addSubnet(base, Number(bits), family);
    }
    catch {
        return false;
    }
    return list.check(ip, external_node_net_default().isIPv4(ip) ? 'ipv4' : 'ipv6');
}
/**
 * Whether one NO_PROXY entry covers `host` on `port`: `*` everything; an IP literal that address; a
 * CIDR its range; `corp.test` that name and its subdomains; `.corp.test` and `*.corp.test` the
 * subdomains and (as curl reads a leading dot) the name itself; `:port` narrows any of them.
 */
function noProxyMatches(entry, host, port) {
    if (entry === '*')
        return true;
    const h = host
        .toLowerCase()
        .replace(/^\[|\]$/g, '')
        .replace(/\.$/, '');
    if (entry.includes('/'))
        return inCidr(h, entry);
    const e = splitHostPort(entry);
    if (e.port !== undefined && e.port !== port)
        return false;
    const name = e.host.replace(/^\*?\./, '').replace(/\.$/, '');
    if (!name)
        return false;
    if (external_node_net_default().isIP(name) || external_node_net_default().isIP(h))
        return name === h;
    return h === name || h.endsWith(`.${name}`);
}
/** The proxy for `url`, or undefined to go direct (no proxy set, loopback, or NO_PROXY covers it). */
function proxyFor(url, config) {
    const value = url.protocol === 'https:' ? config.https : config.http;
    if (!value)
        return undefined;
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (isLoopbackHost(host))
        return undefined;
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    if (config.noProxy.some((entry) => noProxyMatches(entry, host, port)))
        return undefined;
    return parseProxy(value);
}

;// CONCATENATED MODULE: ../src/model/settings.ts
/**
 * The environment knobs, read once by an edge and passed down: nothing below the edges reads
 * process.env. Pure: the edge hands in the environment and the home directory.
 */


/** A number of seconds from the environment; empty or absent means the default. */
function seconds(value, fallback, positive) {
    if (value === undefined || value.trim() === '')
        return fallback;
    const v = Number(value);
    return Number.isFinite(v) && (positive ? v > 0 : v >= 0) ? v * 1000 : fallback;
}
/** docker's certs.d: /etc/docker/certs.d, and %ProgramData%\docker\certs.d on Windows (as dockerd reads it). */
function defaultCertsDir(env, platform) {
    if (platform !== 'win32')
        return '/etc/docker/certs.d';
    return external_node_path_default().win32.join(env.ProgramData || env.PROGRAMDATA || 'C:\\ProgramData', 'docker', 'certs.d');
}
/**
 * containers-auth.json(5): REGISTRY_AUTH_FILE alone; else $XDG_RUNTIME_DIR/containers/auth.json,
 * and, for a registry it does not hold, ~/.config/containers/auth.json (as podman reads them).
 */
function containersAuthFiles(env, home) {
    if (env.REGISTRY_AUTH_FILE)
        return [env.REGISTRY_AUTH_FILE];
    const config = external_node_path_default().join(home, '.config', 'containers', 'auth.json');
    return env.XDG_RUNTIME_DIR ? [external_node_path_default().join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'), config] : [config];
}
function readSettings(env, home, platform = process.platform) {
    const ci = !!env.CI && env.CI !== 'false';
    const dockerConfig = env.DOCKER_CONFIG || external_node_path_default().join(home, '.docker');
    return {
        sourceWaitMs: seconds(env.FANIN_SOURCE_WAIT_SECONDS, ci ? 30_000 : 0, false),
        timeoutMs: seconds(env.FANIN_TIMEOUT_SECONDS, 60_000, true),
        certsDir: env.FANIN_CERTS_DIR || defaultCertsDir(env, platform),
        dockerConfig,
        buildxConfig: env.BUILDX_CONFIG || external_node_path_default().join(dockerConfig, 'buildx'),
        dockerAuthConfig: env.DOCKER_AUTH_CONFIG,
        containersAuthFiles: containersAuthFiles(env, home),
        githubPackagesRegistries: (env.FANIN_GITHUB_PACKAGES_REGISTRIES ?? 'ghcr.io')
            .split(/[\s,]+/)
            .map((h) => h.trim().toLowerCase())
            .filter(Boolean),
        githubApiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
        ci,
        edge: 'action',
        proxy: proxyConfig(env)
    };
}

;// CONCATENATED MODULE: ../src/model/layout.ts
/**
 * OCI image layouts as sources (`oci-layout://PATH[:TAG][@DIGEST]`): the source form, the
 * layout's `index.json`, and which of its manifests a source selects. Pure. The layout's files
 * are read by src/layout/.
 */


const LAYOUT_SCHEME = 'oci-layout://';
/** The annotation by which an image layout's index.json names its manifests (image-spec, annotations.md). */
const REF_NAME = 'org.opencontainers.image.ref.name';
/** What may follow the path's last `:`: a ref.name as BuildKit and skopeo write them (no `/`, so a path never reads as one). */
const layout_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;
function isLayoutSource(item) {
    return item.trim().startsWith(LAYOUT_SCHEME);
}
/**
 * `oci-layout://PATH[:TAG][@DIGEST]` as a Reference whose `layout` is PATH. Its registry is the
 * whole `oci-layout://PATH` (never a registry's host, so nothing mounts from it or confuses it
 * with a target) and its repository is empty, so formatReference gives back the form as written.
 */
function parseLayoutSource(input) {
    const s = input.trim();
    let rest = s.slice(LAYOUT_SCHEME.length);
    let digest;
    const at = rest.lastIndexOf('@');
    if (at >= 0 && rest.slice(at + 1).includes(':')) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        const problem = digestProblem(digest);
        if (problem)
            throw new InputError(`invalid source "${input}": ${problem}`);
    }
    let tag;
    const colon = rest.lastIndexOf(':');
    // `C:\out` or `C:/out` keep their colon: what follows is no tag.
    if (colon > 0 && layout_TAG.test(rest.slice(colon + 1))) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    if (!rest)
        throw new InputError(`invalid source "${input}": the path is missing; write oci-layout://PATH[:TAG][@DIGEST], PATH an OCI layout directory or a tar of one`);
    return { registry: `${LAYOUT_SCHEME}${rest}`, repository: '', tag, digest, layout: rest };
}
/** The manifests a layout's index.json names, checked as descriptors. */
function parseLayoutIndex(bytes) {
    let json;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new IntegrityError('its index.json is not valid JSON');
    }
    if (!json || !Array.isArray(json.manifests))
        throw new IntegrityError('its index.json has no "manifests" list');
    return json.manifests.map((m, i) => {
        const d = m;
        if (!d || typeof d.mediaType !== 'string' || typeof d.digest !== 'string' || typeof d.size !== 'number')
            throw new IntegrityError(`its index.json's manifests[${i}] is not a descriptor (mediaType, digest, size)`);
        const problem = digestProblem(d.digest);
        if (problem)
            throw new IntegrityError(`its index.json's manifests[${i}]: ${problem}`);
        return d;
    });
}
/** One manifest of index.json, for messages: `sha256:… (tag "v1", application/vnd.oci.image.index.v1+json)`. */
function describeLayoutEntry(d) {
    const name = d.annotations?.[REF_NAME];
    return `${d.digest} (${name !== undefined ? `tag "${name}", ` : 'no tag, '}${d.mediaType})`;
}
/**
 * The manifest a source selects: by TAG (the `org.opencontainers.image.ref.name` annotation), by
 * DIGEST, both (they must agree), or neither (index.json must name exactly one). Undefined: a
 * digest that index.json does not name, which may still be a manifest among the layout's blobs.
 */
function selectLayoutManifest(manifests, ref, name) {
    const holds = () => manifests.length === 0
        ? 'its index.json names no manifest'
        : `its index.json names ${manifests.length}: ${manifests.map(describeLayoutEntry).join(', ')}`;
    if (ref.tag !== undefined) {
        const tagged = manifests.filter((d) => d.annotations?.[REF_NAME] === ref.tag);
        if (tagged.length !== 1)
            throw new InputError(`source ${name}: ${tagged.length ? `the tag "${ref.tag}" names ${tagged.length} manifests` : `no manifest has the tag "${ref.tag}"`}; ${holds()}`);
        if (ref.digest && tagged[0].digest !== ref.digest)
            throw new InputError(`source ${name}: the tag "${ref.tag}" names ${tagged[0].digest}, not ${ref.digest}`);
        return tagged[0];
    }
    if (ref.digest)
        return manifests.find((d) => d.digest === ref.digest);
    if (manifests.length !== 1)
        throw new InputError(`source ${name}: ${holds()}; select one with oci-layout://PATH:TAG or oci-layout://PATH@DIGEST`);
    return manifests[0];
}
/** The path of a blob inside a layout (image-spec, image-layout.md). */
function blobPath(digest) {
    const [algorithm, hex] = digest.split(':');
    return `blobs/${algorithm}/${hex}`;
}

;// CONCATENATED MODULE: ../src/model/source.ts




/** A registered digest algorithm and `:` (a Docker Hub image of that name would need a `/` or a tag). */
const BARE_DIGEST = /^(?:sha256|sha512|blake3):/i;
/** A source → the reference it is read from; a bare digest lives in the first tag's repository. */
function parseSource(item, firstTag) {
    const s = item.trim();
    if (isLayoutSource(s))
        return parseLayoutSource(s);
    // Without this, `sha256:abc` would read as Docker Hub's library/sha256 with the tag abc.
    if (BARE_DIGEST.test(s)) {
        const problem = digestProblem(s);
        if (problem)
            throw new InputError(`invalid reference "${s}": ${problem}; a bare digest is sha256:<64 lowercase hex digits> or sha512:<128> (the digest in the first tag's repository)`);
        return { registry: firstTag.registry, repository: firstTag.repository, digest: s };
    }
    return parseReference(s);
}
/** One source per line; blank lines and `#` comments dropped; CR LF and a UTF-8 BOM tolerated. */
function sourceFileItems(file) {
    return file.text
        .replace(/^\uFEFF/, '')
        .split(/\r\n|\r|\n/)
        .map((line, i) => ({ item: line.trim(), origin: `sources-from ${file.path} line ${i + 1}` }))
        .filter((x) => x.item && !x.item.startsWith('#'));
}
/** A source on disk (`oci-layout://`), not in a registry: nothing is pulled, mounted or purged there. */
const isLayout = (ref) => ref.layout !== undefined;

;// CONCATENATED MODULE: ../src/model/template.ts
const RUN = /[A-Z]+/g;
const WHOLE = /^(?:OS|ARCH|VARIANT)+$/;
const WORD = /OS|ARCH|VARIANT/g;
/** Whether `source` holds a placeholder. */
function isTemplate(source) {
    return (source.match(RUN) ?? []).some((run) => WHOLE.test(run));
}
/** The placeholders in `source`, in order of appearance (for messages). */
function placeholdersOf(source) {
    return (source.match(RUN) ?? []).filter((run) => WHOLE.test(run)).flatMap((run) => run.match(WORD) ?? []);
}
/** `source` for one platform: OS, ARCH and VARIANT replaced; VARIANT is dropped where there is none. */
function expandTemplate(source, p) {
    const value = { OS: p.os, ARCH: p.architecture, VARIANT: p.variant ?? '' };
    return source.replace(RUN, (run) => (WHOLE.test(run) ? run.replace(WORD, (w) => value[w]) : run));
}

;// CONCATENATED MODULE: ../src/model/options.ts
/** Raw inputs (from the action or the CLI) → Options, with every input error. Pure. */








/** Newline- or comma-separated list; blank lines and `#` comments dropped. */
function splitList(s) {
    return splitLines(s)
        .flatMap((line) => line.split(','))
        .map((x) => x.trim())
        .filter((x) => x && !x.startsWith('#'));
}
/** One item per line (annotation values may hold commas); blank lines and `#` comments dropped. */
function splitLines(s) {
    return (s ?? '')
        .split('\n')
        .map((x) => x.trim())
        .filter((x) => x && !x.startsWith('#'));
}
/** YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts them. */
function parseBoolean(name, value, fallback) {
    const v = (value ?? '').trim();
    if (v === '')
        return fallback;
    if (['true', 'True', 'TRUE'].includes(v))
        return true;
    if (['false', 'False', 'FALSE'].includes(v))
        return false;
    throw new InputError(`input "${name}" must be true or false, got "${v}"`);
}
function parseRefs(name, items) {
    return items.map((item) => {
        try {
            return parseReference(item);
        }
        catch (e) {
            throw new InputError(`input "${name}": ${e.message}`);
        }
    });
}
/** `sources`, then the lines of the `sources-from` files, each with where it was written. */
function sourceItemsOf(raw) {
    const items = [
        ...splitList(raw.sources).map((item) => ({ item, origin: 'input "sources"' })),
        ...(raw.sourceFiles ?? []).flatMap(sourceFileItems)
    ];
    if (items.length === 0) {
        const files = raw.sourceFiles ?? [];
        throw new InputError(files.length
            ? `no sources: input "sources" is empty and the files of "sources-from" (${files.map((f) => f.path).join(', ')}) hold none`
            : 'input "sources" is empty: give the per-platform images to combine, by tag or by digest (or files of them in "sources-from")');
    }
    return items;
}
/** Raw inputs → validated Options. Every input error of the action is raised here. */
function parseOptions(raw, settings = readSettings({}, '/nonexistent')) {
    const tags = parseTags(raw.tags);
    const sourceItems = sourceItemsOf(raw);
    const platforms = parsePlatforms(raw.platforms);
    // A bare digest is one of the first tag's repository.
    const toRef = (item) => parseSource(item, tags[0]);
    const { sources, templates } = parseSources(sourceItems, platforms, toRef);
    const attestations = oneOf('attestations', raw.attestations, ['keep', 'drop']);
    const format = oneOf('format', raw.format, ['auto', 'docker', 'oci']);
    const annotations = parseAnnotations(splitLines(raw.annotations), sources, toRef);
    if (format === 'docker' && (Object.keys(annotations.index).length > 0 || annotations.descriptors.length > 0)) {
        throw new InputError('format "docker" cannot carry OCI annotations (index: or manifest-descriptor: lines): a Docker manifest list has no annotations field; use format "oci" or "auto"');
    }
    return {
        tags,
        sources,
        annotations,
        insecure: parseBoolean('insecure', raw.insecure, false),
        purge: parseBoolean('purge', raw.purge, false),
        amend: parseBoolean('amend', raw.amend, false),
        format,
        push: parseBoolean('push', raw.push, true),
        platforms,
        attestations,
        referrers: parseBoolean('referrers', raw.referrers, false),
        summary: parseBoolean('summary', raw.summary, true),
        githubToken: (raw.githubToken ?? '').trim(),
        templates,
        credentials: parseCredentialInputs(raw, tags[0].registry, settings.edge === 'cli' ? CLI_INPUT_NAMES : undefined),
        settings
    };
}
/** An enumerated input, case-insensitive; empty means the first choice (the default). */
function oneOf(name, value, choices) {
    const v = (value ?? '').trim().toLowerCase() || choices[0];
    if (choices.includes(v))
        return v;
    const listed = `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}`;
    throw new InputError(`input "${name}" must be ${listed}, got "${value}"`);
}
/** `tags`: targets with the default tag applied, duplicates dropped, in input order. */
function parseTags(value) {
    const items = splitList(value);
    if (items.length === 0)
        throw new InputError('input "tags" is empty: give at least one target such as ghcr.io/owner/app:1.0');
    const tags = new Map();
    for (const t of parseRefs('tags', items)) {
        if (t.digest)
            throw new InputError(`input "tags": ${formatReference(t)} has a digest; a target is registry/repository:tag`);
        const full = asTagReference(t);
        const key = formatReference(full);
        if (!tags.has(key))
            tags.set(key, full);
    }
    return [...tags.values()];
}
/** Sources: templates expanded for `platforms`; one listed twice (by hand or by a template) is an error. */
function parseSources(items, platforms, toRef) {
    const expanded = expandSources(items, platforms);
    const sources = expanded.map((x) => {
        try {
            return withDefaultTag(toRef(x.item));
        }
        catch (e) {
            throw new InputError(`${x.origin}: ${e.message}`);
        }
    });
    const templates = new Map();
    const seen = new Map();
    sources.forEach((s, i) => {
        const key = formatReference(s);
        const before = seen.get(key);
        const { template: t, origin } = expanded[i];
        if (before !== undefined) {
            const why = t
                ? ` (template "${t.template}" for ${platform_formatPlatform(t.platform)} gives a source that is already listed; a template needs ARCH, and VARIANT where platforms differ only by variant)`
                : '';
            const where = before.origin === origin ? '' : `, ${before.origin}`;
            throw new InputError(`${origin}: "${expanded[i].item}" is listed twice (also as "${before.item}"${where})${why}`);
        }
        seen.set(key, expanded[i]);
        if (t)
            templates.set(key, t);
    });
    return { sources, templates };
}
/** `platforms`: os/arch[/variant] items, normalized; one listed twice is an error. */
function parsePlatforms(value) {
    const out = [];
    const seen = new Map();
    for (const item of splitList(value)) {
        let p;
        try {
            p = parsePlatform(item);
        }
        catch (e) {
            throw new InputError(`input "platforms": ${e.message}`);
        }
        const key = osArchVariant(p);
        const before = seen.get(key);
        if (before !== undefined)
            throw new InputError(`input "platforms": "${item}" is listed twice (also as "${before}")`);
        seen.set(key, item);
        out.push(p);
    }
    return out;
}
/** Templates → one source per platform, in the order of `platforms`; other sources as they are. */
function expandSources(items, platforms) {
    return items.flatMap(({ item, origin }) => {
        if (!isTemplate(item))
            return [{ item, origin }];
        if (platforms.length === 0) {
            throw new InputError(`${origin}: "${item}" is a template (it holds ${[...new Set(placeholdersOf(item))].join(', ')}), which needs the input "platforms" to say which platforms it stands for; give platforms, or write the source without uppercase OS, ARCH or VARIANT`);
        }
        return platforms.map((p) => ({
            item: expandTemplate(item, p),
            origin,
            template: { template: item, platform: p }
        }));
    });
}

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = require("node:os");
;// CONCATENATED MODULE: ../src/util/concurrency.ts
/** Map with at most `limit` calls in flight; results keep input order; the first failure wins. */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    let failed = false;
    const worker = async () => {
        while (!failed && next < items.length) {
            const i = next++;
            try {
                results[i] = await fn(items[i], i);
            }
            catch (err) {
                failed = true;
                throw err;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
/** Requests in flight at once across a phase: enough that round trips do not grow with sources. */
const CONCURRENCY = 64;
/**
 * Run a keyed async job once; later callers share its promise (a blob copied once per repo, a
 * token per scope set, credentials per registry). The one memo of the code base.
 */
class Once {
    jobs = new Map();
    run(key, job) {
        let p = this.jobs.get(key);
        if (!p) {
            p = job();
            this.jobs.set(key, p);
        }
        return p;
    }
    /** Forget a key (a failed or expired result), so the next run starts the job again; only `p` when given. */
    forget(key, p) {
        if (!p || this.jobs.get(key) === p)
            this.jobs.delete(key);
    }
    /** Forget every key. */
    clear() {
        this.jobs.clear();
    }
}

;// CONCATENATED MODULE: ../src/model/manifest.ts
/** Media types, descriptors, parsing and building of manifests. Pure. */



const manifest_MediaType = {
    DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    DockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    DockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
    DockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
    OciManifest: 'application/vnd.oci.image.manifest.v1+json',
    OciIndex: 'application/vnd.oci.image.index.v1+json'
};
/** What we ask registries for: the four types we accept (schema 1 is refused). */
const ACCEPT_MANIFESTS = [
    manifest_MediaType.OciIndex,
    manifest_MediaType.DockerList,
    manifest_MediaType.OciManifest,
    manifest_MediaType.DockerManifest
].join(', ');
/** Manifests larger than this are refused (what distribution and most registries enforce). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Top-level index fields only an OCI index can carry: a Docker list has no place for them. */
const OCI_ONLY_INDEX_FIELDS = ['artifactType', 'subject'];
/** The sha256 digest of bytes this tool writes (see digest.ts for the rest). */
function sha256(data) {
    return digestOf(data, 'sha256');
}
function isIndexType(mediaType) {
    return mediaType === manifest_MediaType.DockerList || mediaType === manifest_MediaType.OciIndex;
}
function isDockerType(mediaType) {
    return mediaType.startsWith('application/vnd.docker.');
}
/** Every blob a manifest names: all are copied, whatever their media type. */
function blobsOf(m) {
    return m.kind === 'image' ? [m.config, ...m.layers] : [];
}
/**
 * A blob its descriptor says can be fetched elsewhere (`urls`: Windows base layers on
 * mcr.microsoft.com). Only such a blob may be left out of a copy, and only when the source does
 * not serve it: a foreign or non-distributable media type alone says nothing about where it is.
 */
function servedElsewhere(d) {
    return (d.urls?.length ?? 0) > 0;
}
function asDescriptor(v, where) {
    const d = v;
    if (!d ||
        typeof d !== 'object' ||
        typeof d.digest !== 'string' ||
        typeof d.size !== 'number' ||
        typeof d.mediaType !== 'string') {
        throw new IntegrityError(`${where} is not a valid descriptor (needs mediaType, digest and size)`);
    }
    const problem = digestProblem(d.digest);
    if (problem)
        throw new IntegrityError(`${where} has an unusable digest: ${problem}`);
    return d;
}
/** What a JSON value is, for a message: `an object`, `the string "x"`, `null`. */
function jsonKind(v) {
    if (v === null)
        return 'null';
    if (typeof v === 'string')
        return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    if (typeof v === 'number' || typeof v === 'boolean')
        return `the ${typeof v} ${String(v)}`;
    return 'an object';
}
/**
 * Parse manifest bytes as served with `contentType`. Accepts Docker v2, Docker list, OCI
 * manifest and OCI index; refuses schema 1 with a message that says how to fix it.
 */
function parseManifest(bytes, contentType) {
    let json;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new IntegrityError('the manifest is not valid JSON');
    }
    if (!json || typeof json !== 'object' || Array.isArray(json))
        throw new IntegrityError('the manifest is not a JSON object');
    const declared = typeof json.mediaType === 'string' ? json.mediaType : undefined;
    const header = contentType?.split(';')[0].trim();
    let mediaType = declared ?? (header && header !== 'application/json' && header !== 'text/plain' ? header : undefined);
    if (json.schemaVersion === 1 ||
        mediaType === manifest_MediaType.DockerSchema1 ||
        mediaType === manifest_MediaType.DockerSchema1Signed) {
        throw new IntegrityError('it is a Docker schema 1 manifest, which is deprecated and cannot be listed; rebuild and push it with a current docker/buildx');
    }
    if (!mediaType)
        mediaType = Array.isArray(json.manifests) ? manifest_MediaType.OciIndex : manifest_MediaType.OciManifest;
    if (isIndexType(mediaType)) {
        if (json.manifests === undefined)
            throw new IntegrityError(`a ${mediaType} without "manifests"`);
        if (!Array.isArray(json.manifests))
            throw new IntegrityError(`a ${mediaType} whose "manifests" is ${jsonKind(json.manifests)}, not an array`);
        return {
            kind: 'index',
            mediaType,
            manifests: json.manifests.map((m, i) => asDescriptor(m, `manifests[${i}]`)),
            annotations: json.annotations,
            others: othersOf(json, ['schemaVersion', 'mediaType', 'manifests', 'annotations'])
        };
    }
    if (mediaType === manifest_MediaType.DockerManifest || mediaType === manifest_MediaType.OciManifest) {
        return {
            kind: 'image',
            mediaType,
            config: asDescriptor(json.config, 'config'),
            layers: (Array.isArray(json.layers) ? json.layers : []).map((l, i) => asDescriptor(l, `layers[${i}]`)),
            subject: json.subject ? asDescriptor(json.subject, 'subject') : undefined,
            artifactType: typeof json.artifactType === 'string' ? json.artifactType : undefined,
            annotations: json.annotations && typeof json.annotations === 'object'
                ? json.annotations
                : undefined
        };
    }
    throw new IntegrityError(`unsupported manifest media type "${mediaType}"`);
}
/** The fields of `json` not named in `known`, in their order; undefined when there are none. */
function othersOf(json, known) {
    const rest = Object.entries(json).filter(([k]) => !known.includes(k));
    return rest.length ? Object.fromEntries(rest) : undefined;
}
function orderedAnnotations(a) {
    if (!a || Object.keys(a).length === 0)
        return undefined;
    return Object.fromEntries(Object.keys(a)
        .sort()
        .map((k) => [k, a[k]]));
}
const DESCRIPTOR_FIELDS = ['mediaType', 'digest', 'size', 'urls', 'platform', 'artifactType', 'annotations'];
/** Known fields in a fixed order; fields this action does not set (`data`, unknown ones) after them, kept. */
function orderedDescriptor(d, oci) {
    const out = { mediaType: d.mediaType, digest: d.digest, size: d.size };
    if (d.urls?.length)
        out.urls = d.urls;
    if (d.platform)
        out.platform = platform_orderedPlatform(d.platform, true);
    if (oci) {
        if (d.artifactType)
            out.artifactType = d.artifactType;
        const a = orderedAnnotations(d.annotations);
        if (a)
            out.annotations = a;
    }
    return { ...out, ...othersOf(d, DESCRIPTOR_FIELDS) };
}
/**
 * Serialize a list deterministically: fixed key order, sorted annotation keys, 3-space indent
 * (as docker's own lists). The digest is sha256 of exactly these bytes.
 */
function buildList(descriptors, format, indexAnnotations, others) {
    const oci = format === 'oci';
    const mediaType = oci ? manifest_MediaType.OciIndex : manifest_MediaType.DockerList;
    const { artifactType, subject, ...unknown } = others ?? {};
    // The OCI index's field order: schemaVersion, mediaType, artifactType, manifests, subject, annotations.
    const doc = { schemaVersion: 2, mediaType };
    if (oci && artifactType !== undefined)
        doc.artifactType = artifactType;
    doc.manifests = descriptors.map((d) => orderedDescriptor(d, oci));
    if (oci && subject !== undefined)
        doc.subject = subject;
    const a = oci ? orderedAnnotations(indexAnnotations) : undefined;
    if (a)
        doc.annotations = a;
    Object.assign(doc, unknown);
    const bytes = Buffer.from(JSON.stringify(doc, null, 3), 'utf8');
    checkListSize(bytes.length, descriptors.length);
    return { mediaType, bytes, digest: sha256(bytes) };
}
/**
 * A list the registry would refuse is refused before anything is written: the spec says a
 * registry SHOULD accept manifests up to 4 MiB, and distribution refuses bigger ones at the PUT.
 */
function checkListSize(bytes, entries) {
    if (bytes <= MAX_MANIFEST_BYTES)
        return;
    const mib = (bytes / (1024 * 1024)).toFixed(2);
    throw new InputError(`the list would be ${bytes} bytes (${mib} MiB, ${entries} entries), over the 4 MiB a registry accepts for a manifest (the OCI distribution spec's limit); drop descriptor annotations or entries. Nothing was written`);
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(7075);
;// CONCATENATED MODULE: ../src/model/progress.ts
/** Words for the progress of a long blob copy. Pure: the caller measures, this only formats. */
/** Blobs at least this large report progress while they copy. */
const PROGRESS_MIN_BYTES = 64 * 1024 * 1024;
/** How often a progress line is written. */
const PROGRESS_EVERY_MS = 10_000;
const mb = (bytes) => (bytes / 1e6).toFixed(1);
function duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60)
        return `${s} s`;
    const m = Math.floor(s / 60);
    return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}
/** `what: 120.0 of 300.0 MB (40%), 12.0 MB/s, about 15 s left` */
function progressLine(what, done, total, elapsedMs) {
    const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    const left = rate > 0 ? `about ${duration(((total - done) / rate) * 1000)} left` : 'time left unknown';
    return `${what}: ${mb(done)} of ${mb(total)} MB (${pct}%), ${mb(rate)} MB/s, ${left}`;
}
/** `what: 300.0 MB in 25 s (12.0 MB/s)` */
function progressTotal(what, total, elapsedMs) {
    const rate = elapsedMs > 0 ? total / (elapsedMs / 1000) : 0;
    return `${what}: ${mb(total)} MB in ${elapsedMs < 1000 ? `${(elapsedMs / 1000).toFixed(1)} s` : duration(elapsedMs)} (${mb(rate)} MB/s)`;
}

;// CONCATENATED MODULE: ../src/steps/progress.ts
/**
 * A meter on a blob's source stream: for a large blob, a line every 10 s (bytes done, rate, time
 * left) while it copies, and the total at the end. The clock is injectable for tests.
 */


const realClock = {
    now: () => performance.now(),
    every: (ms, fn) => {
        const t = setInterval(fn, ms);
        t.unref(); // a meter never keeps the process alive
        return () => clearInterval(t);
    }
};
class ProgressMeter {
    what;
    total;
    log;
    clock;
    done = 0;
    started;
    stopTimer;
    active;
    constructor(what, total, log, clock = realClock, minBytes = PROGRESS_MIN_BYTES) {
        this.what = what;
        this.total = total;
        this.log = log;
        this.clock = clock;
        this.active = total >= minBytes;
        this.started = clock.now();
    }
    /** Count what flows through `source`; each call (a retried upload) starts the count afresh. */
    wrap(source) {
        if (!this.active)
            return source;
        this.stop();
        this.done = 0;
        this.started = this.clock.now();
        this.stopTimer = this.clock.every(PROGRESS_EVERY_MS, () => this.log.info(progressLine(this.what, this.done, this.total, this.clock.now() - this.started)));
        const counting = new external_node_stream_.Transform({
            transform: (chunk, _enc, cb) => {
                this.done += chunk.length;
                cb(null, chunk);
            }
        });
        source.on('error', (err) => counting.destroy(err));
        // The uploader destroys what it was given: that must release the source's socket too.
        counting.on('close', () => {
            this.stop();
            source.destroy();
        });
        return source.pipe(counting);
    }
    /** The blob is stored: say how long it took. */
    finish() {
        this.stop();
        if (this.active)
            this.log.info(progressTotal(this.what, this.total, this.clock.now() - this.started));
    }
    stop() {
        this.stopTimer?.();
        this.stopTimer = undefined;
    }
}

;// CONCATENATED MODULE: ../src/steps/source-reader.ts
function readerFor(registries, from) {
    return from.store ?? registries.get(from.registry);
}

;// CONCATENATED MODULE: ../src/steps/copy-blob.ts
/**
 * One blob the target lacks: mounted within a registry, else streamed from the source; a blob
 * whose descriptor has `urls` and that the source does not serve is left out (Windows base layers).
 */





/** Returns true when the blob was put into the target. */
async function copyBlob(ctx, blob, item, to, toStats) {
    const { from } = item;
    const target = ctx.registries.get(to.registry);
    const source = readerFor(ctx.registries, from);
    // A layout's blob is named with its manifest: the layout is where to look for what broke.
    const of = from.store ? ` of manifest ${item.descriptor.digest}` : '';
    const what = `blob ${blob.digest} (${blob.size} bytes)${of} from ${repoName(from)} to ${repoName(to)}`;
    const move = { blob, from, to, toStats, what };
    try {
        if (servedElsewhere(blob) && !(await source.hasBlob(from.repository, blob.digest))) {
            ctx.stats.blobsSkipped = (ctx.stats.blobsSkipped ?? 0) + 1;
            ctx.log.debug(`${what}: not in the source; its descriptor's urls serve it (${blob.urls.join(', ')})`);
            return false;
        }
        if (from.registry === to.registry) {
            const found = await mountOrFind(ctx, move);
            if (found !== 'absent')
                return found === 'mounted';
        }
        await streamBlob(ctx, move, source, target);
        return true;
    }
    catch (err) {
        // A layout's blob that streams other bytes than its digest says is damaged on disk.
        const hint = from.store && err instanceof IntegrityError ? '; the layout is corrupt: write it again' : '';
        throw withHint(withContext(err, what), hint);
    }
}
/** Within one registry: mount the blob, else see whether the target has it already. */
async function mountOrFind(ctx, move) {
    const { blob, from, to, what } = move;
    // Any failed mount falls back to streaming: Harbor answers 401 for another project's blob
    // (goharbor/harbor#17097), ECR 202 unless mounts are enabled, others 403/404/405 or 5xx.
    // The mount may have been started as soon as the manifest was read (see target-checks.ts).
    const mounted = await ctx.targetChecks.mountBlob(to, blob.digest, from).catch((err) => {
        ctx.log.debug(`${what}: mount failed (${err.message}); streaming instead`);
        return false;
    });
    if (mounted) {
        ctx.stats.blobsMounted++;
        move.toStats.blobsMounted++;
        return 'mounted';
    }
    // Not mounted (mounts off, another project): it may be there already, as after a re-run.
    if (await ctx.targetChecks.hasBlob(to, blob.digest)) {
        ctx.stats.blobsPresent++;
        return 'present';
    }
    return 'absent';
}
/** Upload the blob as the source serves it, with progress lines; its size is checked against the manifest's. */
async function streamBlob(ctx, move, source, target) {
    const { blob, from, to } = move;
    const meter = new ProgressMeter(`${blob.digest.slice(0, 19)}… → ${repoName(to)}`, blob.size, ctx.log, ctx.clock);
    try {
        await target.uploadBlob(to.repository, blob.digest, blob.size, async () => {
            const { stream, size } = await source.openBlob(from.repository, blob.digest);
            if (size !== undefined && size !== blob.size) {
                stream.destroy();
                throw new IntegrityError(`the source serves ${size} bytes, the manifest says ${blob.size}`);
            }
            return meter.wrap(stream);
        }, { source: `${from.registry}/${from.repository}@${blob.digest}` });
    }
    finally {
        meter.stop();
    }
    meter.finish();
    ctx.stats.blobsStreamed++;
    ctx.stats.bytesStreamed += blob.size;
    move.toStats.blobsStreamed++;
    move.toStats.bytesStreamed += blob.size;
    ctx.log.debug(`${move.what}: streamed`);
}

;// CONCATENATED MODULE: ../src/registry/content-digest.ts
/**
 * Checking a registry's answer against its bytes: the digest asked for, and `Docker-Content-Digest`
 * (a MUST on manifest and blob answers since the 2026 distribution spec; verified where given,
 * with its own algorithm, where this tool can compute it). Pure.
 */

/**
 * Why an answer's `bytes` cannot be what `registry` says they are, in words for an error line;
 * undefined when they can. `asked`: the digest the request named (undefined for a tag).
 */
function contentDigestMismatch(registry, bytes, asked, claimed) {
    if (asked !== undefined && !matchesDigest(bytes, asked))
        return `${registry} sent bytes whose digest is ${digestOf(bytes, algorithmOf(asked))}, not ${asked} as asked`;
    // A digest this tool cannot compute (blake3) is left unchecked: the spec lets clients ignore it.
    if (typeof claimed === 'string' && isDigest(claimed) && !matchesDigest(bytes, claimed))
        return `${registry} answered Docker-Content-Digest ${claimed}, but the bytes it sent have digest ${digestOf(bytes, algorithmOf(claimed))}`;
    return undefined;
}
/** The same for a PUT: the digest the registry says it stored against the bytes sent. */
function storedDigestMismatch(registry, bytes, sent, claimed) {
    if (typeof claimed !== 'string' || claimed === sent || !isDigest(claimed) || matchesDigest(bytes, claimed))
        return undefined;
    return `${registry} answered Docker-Content-Digest ${claimed}, but the manifest sent has digest ${sent}`;
}

;// CONCATENATED MODULE: ../src/registry/retry.ts
/** Retries, in one mechanism: which failures are worth another try, how long to wait, when to stop. */

const DEFAULT_RETRY = { attempts: 6, baseMs: 250, capMs: 8_000, deadlineMs: 60_000 };
const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const RETRY_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'ECONNABORTED',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'ERR_STREAM_PREMATURE_CLOSE',
    'UND_ERR_SOCKET',
    'TIMEOUT',
    'ABORTED'
]);
/** Status codes worth another try: throttling and transient server trouble. */
function isRetryableStatus(status) {
    return RETRY_STATUS.has(status);
}
/**
 * Error codes of the distribution spec (and registries' common additions) that describe the
 * request or its content, not the server's state: the same request gets the same answer, whatever
 * the status. Some registries wrap them in a 500 (a storage layer that turns a validation failure
 * into an internal error); such an answer is not retried. Not here, so retried on a 5xx: UNKNOWN
 * (distribution's catch-all for storage trouble), UNAVAILABLE, TOOMANYREQUESTS, and
 * BLOB_UPLOAD_UNKNOWN / BLOB_UPLOAD_INVALID (a lost upload session, which a fresh start mends).
 */
const PERMANENT_CODES = new Set([
    'BLOB_UNKNOWN',
    'DIGEST_INVALID',
    'MANIFEST_BLOB_UNKNOWN',
    'MANIFEST_INVALID',
    'MANIFEST_UNKNOWN',
    'MANIFEST_UNVERIFIED',
    'NAME_INVALID',
    'NAME_UNKNOWN',
    'SIZE_INVALID',
    'TAG_INVALID',
    'UNAUTHORIZED',
    'DENIED',
    'UNSUPPORTED',
    'PAGINATION_NUMBER_INVALID',
    'RANGE_INVALID'
]);
/** The body's errors all say the request itself is wrong (see PERMANENT_CODES). */
function isPermanentError(err) {
    return err.errors.length > 0 && err.errors.every((e) => !!e.code && PERMANENT_CODES.has(e.code.toUpperCase()));
}
/** Whether a failure is transient: a retryable status, or a dropped/timed-out connection. */
const isTransient = (err) => isRetryable(err);
/** Whether a failure is transient (the older name of isTransient). */
function isRetryable(err) {
    if (err instanceof RegistryError)
        return isRetryableStatus(err.status) && !isPermanentError(err);
    if (err instanceof TransportError)
        return !!err.code && RETRY_CODES.has(err.code);
    return false;
}
/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
function parseRetryAfter(value, now = Date.now()) {
    const v = Array.isArray(value) ? value[0] : value;
    if (!v)
        return undefined;
    if (/^\d+(\.\d+)?$/.test(v.trim()))
        return Math.round(Number(v.trim()) * 1000);
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
/** Delay before retry number `retry` (1-based): full jitter over an exponential ceiling. */
function backoffDelay(retry, policy, random = Math.random) {
    if (policy.delaysMs)
        return policy.delaysMs[Math.min(retry, policy.delaysMs.length) - 1] ?? 0;
    const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (retry - 1));
    if (policy.jitter === false)
        return ceiling;
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
/**
 * Waiting for something to appear (a source a matrix job has not pushed yet): 0.5 s, 1 s, 2 s,
 * 4 s, then every 5 s, for up to `waitMs`.
 */
function waitPolicy(waitMs) {
    return { attempts: Number.POSITIVE_INFINITY, baseMs: 500, capMs: 5_000, deadlineMs: waitMs, jitter: false };
}
/** Wait `ms`; ends early (rejecting) when `signal` aborts, so a finished run leaves no timers. */
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason);
        const t = setTimeout(() => {
            signal?.removeEventListener('abort', stop);
            resolve();
        }, ms);
        const stop = () => {
            clearTimeout(t);
            reject(signal.reason);
        };
        signal?.addEventListener('abort', stop, { once: true });
    });
}
/** A failure wrapped by doNotRetry(): `retrying` throws the failure inside, as it is, at once. */
class DoNotRetry {
    error;
    constructor(error) {
        this.error = error;
    }
}
/**
 * Say, from inside a retried operation, that this failure must end it: a step that was retried on
 * its own already (opening the source of an upload), whose repeat would multiply the attempts.
 * Only for throwing inside `retrying`'s operation; the error itself is not changed.
 */
function doNotRetry(err) {
    return err instanceof DoNotRetry ? err : new DoNotRetry(err);
}
const retry_realClock = { now: () => Date.now(), sleep, random: Math.random };
/**
 * Run `op` until it succeeds, fails for good, or the policy runs out. Only for operations that
 * are safe to repeat; callers make a whole upload one operation so it restarts cleanly.
 * `retryable` decides which failures are worth another try (default: the policy's, else transient ones).
 */
async function retrying(op, policy = DEFAULT_RETRY, onRetry, signal, retryable = policy.retryable ?? isRetryable, hooks = {}) {
    const clock = hooks.clock ?? retry_realClock;
    const started = clock.now();
    const giveUp = (err, attempt) => attempt > 1 ? (hooks.onGiveUp?.(err, attempt) ?? err) : err;
    for (let attempt = 1;; attempt++) {
        try {
            return await op(attempt);
        }
        catch (caught) {
            if (caught instanceof DoNotRetry)
                throw caught.error;
            const err = caught;
            // The run is over (another failure ended it): no retry, nothing more to say.
            if (signal?.aborted || !retryable(err))
                throw err;
            if (attempt >= policy.attempts)
                throw giveUp(err, attempt);
            const asked = err.retryAfterMs;
            if (asked !== undefined && asked > (policy.maxRetryAfterMs ?? policy.capMs * 4))
                throw err;
            const delay = Math.max(asked ?? 0, backoffDelay(attempt, policy, clock.random));
            if (clock.now() - started + delay > policy.deadlineMs)
                throw giveUp(err, attempt);
            onRetry?.(err, delay, attempt);
            await clock.sleep(delay, signal);
        }
    }
}
/** Run `op` under a named policy (see policies.ts): the one way this project retries or polls. */
function retryWith(policy, op, hooks = {}) {
    return retrying(op, policy, hooks.onRetry, hooks.signal, policy.retryable ?? isRetryable, hooks);
}

;// CONCATENATED MODULE: ../src/registry/policies.ts
/**
 * Every retry and poll of the project, by name: what is retried, for how long, which answers are
 * final. The one mechanism that runs them is retry.ts's `retryWith`.
 */


/** A result that is not there yet: thrown inside a poll to ask for another look. */
class NotYet extends Error {
    name = 'NotYet';
}
const notYet = (err) => err instanceof NotYet;
/** How long a PUT refused for a manifest this run just put is retried (replication lag). */
const LAG_WAIT_MS = 30_000;
const policies = {
    /** One registry request or operation safe to repeat: transient failures (5xx, 429, dropped connections). */
    request: { ...DEFAULT_RETRY, retryable: isTransient },
    /**
     * A whole blob upload (start, stream, commit), restarted from its first byte on a transient
     * failure; its start and commit are retried on their own under `request` first.
     */
    upload: { ...DEFAULT_RETRY, retryable: isTransient },
    /**
     * A manifest PUT refused as naming something unknown that this run just put: CDN-fronted or
     * replicated registries lag (int128/docker-manifest-create-action#857). Only that refusal is retried.
     */
    tagLag: {
        attempts: 100,
        baseMs: 500,
        capMs: 5_000,
        deadlineMs: LAG_WAIT_MS,
        jitter: true,
        retryable: errors_isReferenceUnknown
    },
    /** Purge's check that each tag serves the pushed list: 250 ms doubling to 2 s, until `waitMs`. */
    purgeRecheck: (waitMs) => ({
        attempts: Number.POSITIVE_INFINITY,
        baseMs: 250,
        capMs: 2_000,
        deadlineMs: waitMs,
        jitter: false,
        retryable: notYet
    }),
    /** A GitHub REST call: throttling and server trouble (GitHubApiError says which). */
    githubApi: DEFAULT_RETRY,
    /**
     * A package version not listed yet: GitHub's package listing trails a push by seconds. Looked
     * at again after each of `delaysMs`.
     */
    packageListing: (delaysMs) => ({
        attempts: delaysMs.length + 1,
        baseMs: 0,
        capMs: 0,
        deadlineMs: Number.POSITIVE_INFINITY,
        delaysMs,
        retryable: notYet
    }),
    /** A source that a matrix job may not have pushed yet (see waitPolicy). */
    sourceWait: waitPolicy
};

;// CONCATENATED MODULE: ../src/steps/put.ts
/**
 * Writing one manifest the way every registry accepts: read the tag first (ECR), wait out
 * replication lag (CDN-fronted registries), name a missing repository. Shared by copy and push.
 */





/**
 * CDN-fronted or replicated registries can answer MANIFEST_BLOB_UNKNOWN / MANIFEST_UNKNOWN about
 * a manifest or blob put a moment ago (int128/docker-manifest-create-action#857).
 */
function isLagRefusal(err) {
    return isReferenceUnknown(err);
}
/** A hint for a target repository that does not exist (ECR creates none on push). */
function withRepoHint(err, repo) {
    if (hasCode(err, 'NAME_UNKNOWN') && !REPO_HINTED.has(err)) {
        const hinted = withHint(err, `; create the repository ${repo} first (some registries, such as ECR, do not create repositories on push)`);
        REPO_HINTED.add(hinted);
        return hinted;
    }
    return err;
}
/** Errors that already carry the create-the-repository hint (said once, without reading the message). */
const REPO_HINTED = new WeakSet();
/** PUT and check the stored digest; returns the registry's `OCI-Subject` and `OCI-Tag` answers. */
async function putChecked(client, repo, ref, bytes, mediaType, digest, opts) {
    const started = Date.now();
    const put = async () => {
        const put = await client.putManifestDetailed(repo, ref, bytes, mediaType);
        const mismatch = storedDigestMismatch(client.registry, bytes, digest, put.digest);
        if (mismatch)
            throw new IntegrityError(mismatch);
        return put;
    };
    if (!opts.lagRetry)
        return put();
    return retryWith(policies.tagLag, put, {
        signal: opts.signal,
        onRetry: (err, delay) => opts.log.info(`${err.message}; the registry may not show what this run just put yet: retrying in ${(delay / 1000).toFixed(1)} s`),
        onGiveUp: (err) => withContext(err, `still refused after ${Math.round((Date.now() - started) / 1000)} s of waiting for what this run just put to become visible`)
    });
}
/**
 * PUT under a tag unless it already holds `digest`. ECR's immutable tags refuse every re-push,
 * even of the same digest (aws/containers-roadmap#2179): reading first lets a re-run of the same
 * inputs succeed. Returns false when the tag was already up to date.
 */
async function putUnlessCurrent(client, repo, tag, bytes, mediaType, digest, opts) {
    if (await isCurrent(client, repo, tag, digest, opts.known))
        return false;
    await putChecked(client, repo, tag, bytes, mediaType, digest, opts);
    return true;
}
/**
 * Whether a tag holds `digest` now. A read made earlier in the run (`known`) saves the round trip;
 * only "already current" is read again, since skipping the write on a stale answer would leave the
 * tag elsewhere.
 */
async function isCurrent(client, repo, tag, digest, known) {
    const early = known ? await known.catch(() => digest) : digest;
    return early === digest && (await client.headManifest(repo, tag, 'push'))?.digest === digest;
}

;// CONCATENATED MODULE: ../src/steps/target-checks.ts
/**
 * What the target repositories are asked, started as soon as the question can be put: whether a
 * child is there already and whether its blobs are (as each source manifest arrives, while its
 * config is still fetched), what each tag holds (while the sources resolve), and, when allowed,
 * the mounts of each child's blobs within a registry. Copy and push await the same answers
 * instead of asking again, so these requests leave the critical path (issue "At the round-trip
 * floor"). Reads, and mounts: a mount links a blob the registry has into another repository; it
 * writes no manifest and no tag, and it is started early only when no `platforms` check is asked
 * for (that check comes before anything at all is written).
 */




/** Blobs an image is taken to have before its manifest is read: a config and one layer. */
const BLOBS_BEFORE_READ = 2;
/**
 * How many requests `startChecks` sends to `registry` at once when `manifests` source manifests
 * arrive together: per manifest and target repository on that registry, the manifest's HEAD and
 * one request per blob (a mount, or a HEAD across registries) — the widest case, early mounts
 * allowed. The client opens that many connections while it fetches the token, so a request added
 * to `startChecks` belongs here too (a unit test ties the two).
 */
function checksWaveWidth(manifests, targets, registry) {
    const on = targets.filter((t) => t.registry === registry).length;
    return manifests * on * (1 + BLOBS_BEFORE_READ);
}
class TargetChecks {
    registries;
    targets;
    opts;
    manifests = new Once();
    blobs = new Once();
    mounts = new Once();
    tags = new Once();
    /** Manifests found in a target already (`repo@digest`): their blobs need no early requests. */
    present = new Set();
    constructor(registries, targets, opts = {}) {
        this.registries = registries;
        this.targets = targets;
        this.opts = opts;
    }
    /** Whether the manifest `digest` is in `target` (one HEAD per repository and digest in the run). */
    hasManifest(target, digest) {
        const key = `${repoName(target)}@${digest}`;
        return this.manifests.run(key, async () => {
            const found = await this.registries
                .get(target.registry)
                .headManifest(target.repository, digest, 'push')
                .catch((err) => {
                throw withContext(err, `HEAD ${key}`);
            });
            if (found)
                this.present.add(key);
            return !!found;
        });
    }
    /** Whether the blob `digest` is in `target` (one HEAD per repository and digest in the run). */
    hasBlob(target, digest) {
        return this.blobs.run(`${repoName(target)}@${digest}`, () => this.registries.get(target.registry).hasBlob(target.repository, digest));
    }
    /**
     * Mount `digest` from `from` into `target` (same registry), once per repository and digest:
     * true when mounted; false or a rejection when not (the caller then streams it).
     */
    mountBlob(target, digest, from) {
        return this.mounts.run(`${repoName(target)}@${digest}`, () => this.registries.get(target.registry).mountBlob(target.repository, digest, from.repository));
    }
    /** Start what can be asked of every target repository (but the one it is read from) about this manifest. */
    startChecks(m) {
        if (m.attestation && this.opts.dropAttestations)
            return;
        // An index entry may be an attestation that only its manifest shows (a subject): asked about once read.
        if (!m.manifest && this.opts.dropAttestations)
            return;
        const ignore = () => undefined; // awaited, and reported, by copy
        for (const t of this.targets) {
            if (sameRepo(t, m.from))
                continue;
            this.hasManifest(t, m.digest).catch(ignore);
            // Already there (the HEAD of its index entry answered first, as on a re-run): its blobs need nothing.
            if (!m.manifest || this.present.has(`${repoName(t)}@${m.digest}`))
                continue;
            const mountable = t.registry === m.from.registry;
            if (mountable && !this.opts.mountEarly)
                continue;
            // Blobs served from their descriptor's urls are copy's to decide (the source may lack them).
            for (const b of blobsOf(m.manifest).filter((d) => !servedElsewhere(d))) {
                if (mountable)
                    this.mountBlob(t, b.digest, m.from).catch(ignore);
                else
                    this.hasBlob(t, b.digest).catch(ignore);
            }
        }
    }
    /** The digest a tag holds now (undefined: none), read once. */
    tagDigest(tag) {
        return this.tags.run(formatReference(tag), async () => (await this.registries.get(tag.registry).headManifest(tag.repository, tag.tag, 'push'))?.digest);
    }
    /** Start reading every tag. */
    primeTags(tags) {
        for (const t of tags)
            this.tagDigest(t).catch(() => undefined); // push reads again if this failed
    }
}

;// CONCATENATED MODULE: ../src/steps/copy.ts
/**
 * Manifests and their blobs into each target repository: HEAD → mount → stream, then the
 * manifest, each after every manifest it names (its subject, an index's children).
 */








/** Manifests that must be in a repository before this one: its subject, an index's children. */
function prerequisites(m) {
    if (m.kind === 'index')
        return m.manifests.map((d) => d.digest);
    return m.subject ? [m.subject.digest] : [];
}
/**
 * Items ordered so each comes after the items it names. GitLab refuses a manifest whose subject
 * is not yet in the repository (moby/buildkit#7007).
 */
function orderForCopy(items) {
    const byDigest = new Map(items.map((i) => [i.descriptor.digest, i]));
    const out = [];
    const state = new Map();
    const visit = (i) => {
        const d = i.descriptor.digest;
        if (state.has(d))
            return; // done, or a cycle (impossible with digests): keep input order
        state.set(d, 'visiting');
        for (const p of prerequisites(i.manifest)) {
            const dep = byDigest.get(p);
            if (dep)
                visit(dep);
        }
        state.set(d, 'done');
        out.push(i);
    };
    items.forEach(visit);
    return out;
}
function emptyStats() {
    return {
        manifestsPresent: 0,
        manifestsCopied: 0,
        blobsPresent: 0,
        blobsMounted: 0,
        blobsStreamed: 0,
        bytesStreamed: 0,
        blobsSkipped: 0,
        repos: {}
    };
}
function repoStats(stats, name) {
    const repos = (stats.repos ??= {});
    return (repos[name] ??= {
        manifestsPresent: 0,
        manifestsCopied: 0,
        blobsMounted: 0,
        blobsStreamed: 0,
        bytesStreamed: 0
    });
}
/** Add what `more` moved (blobs, and manifests per repository) into `stats`. */
function addBlobStats(stats, more) {
    stats.blobsPresent += more.blobsPresent;
    stats.blobsMounted += more.blobsMounted;
    stats.blobsStreamed += more.blobsStreamed;
    stats.bytesStreamed += more.bytesStreamed;
    stats.blobsSkipped = (stats.blobsSkipped ?? 0) + (more.blobsSkipped ?? 0);
    for (const [name, r] of Object.entries(more.repos ?? {})) {
        const into = repoStats(stats, name);
        into.manifestsCopied += r.manifestsCopied;
        into.manifestsPresent += r.manifestsPresent;
        into.blobsMounted += r.blobsMounted;
        into.blobsStreamed += r.blobsStreamed;
        into.bytesStreamed += r.bytesStreamed;
    }
}
/** Repositories into which this run put a manifest or blob (a refusal there may be lag). */
function freshRepos(stats) {
    return new Set(Object.entries(stats.repos ?? {})
        .filter(([, r]) => r.manifestsCopied + r.blobsMounted + r.blobsStreamed > 0)
        .map(([name]) => name));
}
/** A promise settled from outside: "this manifest is in that repository now". */
class PendingPuts {
    jobs = new Map();
    entry(key) {
        let e = this.jobs.get(key);
        if (!e) {
            let settle;
            const promise = new Promise((resolve, reject) => (settle = (v) => (v instanceof Error ? reject(v) : resolve(v))));
            promise.catch(() => undefined); // its own job reports the failure
            e = { promise, settle };
            this.jobs.set(key, e);
        }
        return e;
    }
    declare(key) {
        this.entry(key);
    }
    /** Resolves true when this run put it, false when it was there; undefined: not ours to wait for. */
    wait(key) {
        return this.jobs.get(key)?.promise;
    }
    settle(key, put) {
        this.entry(key).settle(put);
    }
}
/** Make every child of the list exist in every target repository. */
async function copyChildren(registries, children, targets, log, stats = emptyStats(), opts = {}) {
    await copyManifests(registries, children, targets, log, stats, opts);
    return stats;
}
/** The key of a manifest or blob in one repository. */
const inRepo = (t, digest) => `${repoName(t)}@${digest}`;
/**
 * Make every item exist in every target repository. All checks run together (the manifest and
 * its blobs in the same round trip); a blob shared by several items is handled once per
 * repository; a manifest is put only after all its blobs, and what it names, are there.
 */
async function copyManifests(registries, items, targets, log, stats, opts = {}) {
    const run = {
        registries,
        stats,
        log,
        opts,
        clock: opts.clock ?? realClock,
        targetChecks: opts.checks ?? new TargetChecks(registries, targets),
        blobChecks: new Once(),
        blobTransfers: new Once(),
        pendingPuts: new PendingPuts()
    };
    const ordered = orderForCopy(items);
    // Target-major, prerequisites first: every manifest waited for has its own job started already.
    const work = targets.flatMap((t) => ordered.map((c) => ({ t, c })));
    for (const { t, c } of work)
        run.pendingPuts.declare(inRepo(t, c.descriptor.digest));
    await mapLimit(work, CONCURRENCY, async ({ t, c }) => {
        const key = inRepo(t, c.descriptor.digest);
        try {
            const put = await copyInto(run, t, c);
            run.pendingPuts.settle(key, put);
        }
        catch (err) {
            run.pendingPuts.settle(key, err);
            throw withRepoHint(err, repoName(t));
        }
    });
}
/** One item into one target repository: true when this run put the manifest, false when it was there already. */
async function copyInto(run, t, c) {
    const { stats } = run;
    const r = repoStats(stats, repoName(t));
    // An item read from this very repository is there already (its tags too): no request needed.
    if (sameRepo(t, c.from)) {
        stats.manifestsPresent++;
        r.manifestsPresent++;
        return false;
    }
    const blobs = blobsOf(c.manifest);
    const [present, blobsThere] = await Promise.all([
        run.targetChecks.hasManifest(t, c.descriptor.digest),
        blobsInTarget(run, t, c, blobs)
    ]);
    let put = false;
    if (present) {
        stats.manifestsPresent++;
        r.manifestsPresent++;
    }
    else {
        await putWithBlobs(run, t, c, blobs.filter((_, i) => !blobsThere[i]), r);
        put = true;
    }
    await putItemTags(run, t, c, put);
    return put;
}
/**
 * Which of the item's blobs the target has. Within one registry a mount answers "it is there" as
 * well as a HEAD does, so blobs are mounted without asking first; across registries a HEAD saves
 * streaming what is there.
 */
function blobsInTarget(run, t, c, blobs) {
    const mountable = c.from.registry === t.registry;
    return Promise.all(blobs.map((b) => mountable
        ? false
        : run.blobChecks.run(inRepo(t, b.digest), async () => {
            const there = await run.targetChecks.hasBlob(t, b.digest).catch((err) => {
                throw withContext(err, `blob ${b.digest} in ${repoName(t)}`);
            });
            if (there)
                run.stats.blobsPresent++;
            return there;
        })));
}
/** The blobs the target lacks, then the manifests this one names, then the manifest itself. */
async function putWithBlobs(run, t, c, missing, r) {
    const { registries, log } = run;
    await Promise.all(missing.map((b) => run.blobTransfers.run(inRepo(t, b.digest), () => copyBlob(run, b, c, t, r))));
    // What it names goes first; when this run put any of it, a refusal naming it may be lag.
    const before = await Promise.all(prerequisites(c.manifest).map((d) => run.pendingPuts.wait(inRepo(t, d)) ?? false));
    const what = `copy ${c.descriptor.digest} from ${repoName(c.from)} to ${repoName(t)}`;
    try {
        const answer = await putChecked(registries.get(t.registry), t.repository, c.descriptor.digest, c.bytes, c.descriptor.mediaType, c.descriptor.digest, { lagRetry: before.some(Boolean), signal: registries.signal, log });
        run.opts.onPut?.(t, c, answer);
    }
    catch (err) {
        throw withContext(err, what);
    }
    run.stats.manifestsCopied++;
    r.manifestsCopied++;
    log.debug(`${what}: done`);
}
/** The tags the item goes under too (cosign's `.sig`); right after its put, a refusal may be lag. */
async function putItemTags(run, t, c, justPut) {
    const { registries, log } = run;
    for (const tag of c.tags ?? []) {
        try {
            const wrote = await putUnlessCurrent(registries.get(t.registry), t.repository, tag, c.bytes, c.descriptor.mediaType, c.descriptor.digest, { lagRetry: justPut, signal: registries.signal, log });
            log.debug(`${repoName(t)}:${tag} → ${c.descriptor.digest}${wrote ? '' : ' (already up to date)'}`);
        }
        catch (err) {
            throw withContext(err, `tag ${repoName(t)}:${tag}`);
        }
    }
}

;// CONCATENATED MODULE: ../src/model/referrers.ts
/**
 * OCI referrers and cosign's tags, as values: the tag names, the referrers index a registry
 * answers, and the `sha256-<hex>` fallback tag index a client keeps where the registry indexes
 * nothing itself (OCI distribution spec 1.1, "Referrers tag schema"). Pure.
 */



/**
 * The fallback tag of a subject: the distribution spec's referrers tag schema (`sha256:abc…` →
 * `sha256-abc…`; longer algorithms and encodings truncated, see digest.ts).
 */
function fallbackTag(digest) {
    return referrersTag(digest);
}
/** BuildKit's attestation manifests, as OCI artifacts (BuildKit ≥ 0.32). */
const BUILDKIT_ATTESTATION = 'application/vnd.docker.attestation.manifest.v1+json';
/** A referrer that is a BuildKit attestation: `attestations: drop` leaves it behind too. */
function isBuildkitAttestation(m) {
    return m.kind === 'image' && m.artifactType === BUILDKIT_ATTESTATION;
}
/** cosign's tags beside an image: signature, attestations, SBOM. */
const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'];
/**
 * cosign names them after the whole digest, `:` as `-` (not truncated: no spec schema); a name
 * longer than a tag may be (a sha512 subject's) cannot exist, so it is not looked for.
 */
function cosignTags(digest) {
    return COSIGN_SUFFIXES.map((s) => `${digest.replace(':', '-')}.${s}`).filter((t) => t.length <= 128);
}
/** The descriptors of a referrers index (an API answer page, or a fallback tag's index). */
function referrerDescriptors(bytes, where) {
    let json;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new IntegrityError(`${where} is not valid JSON`);
    }
    if (!json || !Array.isArray(json.manifests))
        throw new IntegrityError(`${where} is not an image index (no "manifests")`);
    return json.manifests.filter((d) => !!d &&
        typeof d === 'object' &&
        typeof d.digest === 'string' &&
        typeof d.mediaType === 'string' &&
        typeof d.size === 'number');
}
/** How a referrer is listed: its artifactType (else its config's media type) and its annotations. */
function describeReferrer(manifest, digest, size) {
    const d = { mediaType: manifest.mediaType, digest, size };
    const artifactType = manifest.kind === 'image' ? (manifest.artifactType ?? manifest.config.mediaType) : undefined;
    if (artifactType)
        d.artifactType = artifactType;
    if (manifest.annotations && Object.keys(manifest.annotations).length)
        d.annotations = manifest.annotations;
    return d;
}
/**
 * The fallback index with `add` merged in: every descriptor it already lists is kept as it is
 * (another tool's referrers too), new ones are appended. `changed` false: nothing to write.
 */
function mergeFallbackIndex(existing, add) {
    let doc = { schemaVersion: 2, mediaType: manifest_MediaType.OciIndex, manifests: [] };
    if (existing) {
        try {
            doc = JSON.parse(existing.toString('utf8'));
        }
        catch {
            throw new IntegrityError('the fallback tag holds something that is not JSON');
        }
        if (!doc || !Array.isArray(doc.manifests))
            throw new IntegrityError('the fallback tag holds something that is not an image index');
    }
    const listed = doc.manifests;
    const known = new Set(listed.map((d) => d.digest));
    const fresh = add.filter((d) => !known.has(d.digest) && known.add(d.digest));
    if (existing && fresh.length === 0)
        return { mediaType: manifest_MediaType.OciIndex, bytes: existing, digest: sha256(existing), changed: false };
    const bytes = Buffer.from(JSON.stringify({ ...doc, manifests: [...listed, ...fresh] }), 'utf8');
    return { mediaType: manifest_MediaType.OciIndex, bytes, digest: sha256(bytes), changed: true };
}

;// CONCATENATED MODULE: ../src/steps/referrers.ts
/**
 * `referrers: true`: what refers to each child (signatures, SBOMs, attestations) travels with it.
 * Found in the child's source repository through the OCI 1.1 referrers API, else the
 * `sha256-<hex>` fallback tag index, plus cosign's `.sig`/`.att`/`.sbom` tags; copied into each
 * target repository (the cosign tags under the same names); where a target registry does not
 * index referrers itself, its fallback tag index is created or updated, keeping what it lists.
 */







/** Referrers of referrers are followed this deep (a signature of an SBOM of the image). */
const MAX_DEPTH = 3;
/** Answers that mean "no referrers API here": 404 as the spec says, 400/405 from older registries. */
function noApi(err) {
    return hasStatus(err, 400, 404, 405, 406);
}
const notFound = isNotFound;
/** Loads a manifest of a source repository as an item to copy, once; an index brings its children. */
function loader(registries, items, dropAttestations) {
    const fetched = new Once();
    const load = (from, digest, tag) => fetched
        .run(`${repoName(from)}@${digest}`, async () => {
        const client = registries.get(from.registry);
        const m = await client.getManifest(from.repository, digest);
        const item = toItem(m, from, `referrer ${repoName(from)}@${digest}`);
        if (item.manifest.kind === 'index') {
            for (const d of item.manifest.manifests)
                await load(from, d.digest);
        }
        if (!(dropAttestations && isBuildkitAttestation(item.manifest)))
            items.set(item.descriptor.digest, item);
        return item;
    })
        .then((item) => {
        if (tag && !item.tags?.includes(tag))
            item.tags = [...(item.tags ?? []), tag];
        return item;
    });
    return load;
}
/** What refers to one subject in its source repository (OCI referrers, listed by subject; cosign's tags). */
async function referrersOf(x, s) {
    const from = s.from;
    const digest = s.descriptor.digest;
    const where = `referrers of ${repoName(from)}@${digest}`;
    try {
        const [oci, cosign] = await Promise.all([
            listOciReferrers(x.registries, from, digest),
            findCosign(x.registries, from, digest)
        ]);
        const loaded = await Promise.all(oci.map((d) => x.load(from, d.digest).catch((err) => {
            // A listing that names a manifest the repository no longer has: nothing to copy.
            if (!notFound(err))
                throw err;
            x.log.warning(`${where}: ${d.digest} is listed but not in the repository; skipped`);
            return undefined;
        })));
        // attestations: drop leaves BuildKit's attestations out even where they are referrers.
        const refs = loaded.filter((r) => !!r && !(x.dropAttestations && isBuildkitAttestation(r.manifest)));
        const listed = x.bySubject.get(digest) ?? [];
        for (const r of refs)
            if (!listed.some((d) => d.digest === r.descriptor.digest))
                listed.push(describeReferrer(r.manifest, r.descriptor.digest, r.descriptor.size));
        if (listed.length)
            x.bySubject.set(digest, listed);
        const tagged = await Promise.all(cosign.map(({ tag, digest: d }) => x.load(from, d, tag)));
        return [...refs, ...tagged];
    }
    catch (err) {
        throw withContext(err, where);
    }
}
/** Find what refers to `subjects` in their source repositories, and what refers to those. */
async function discoverReferrers(registries, subjects, log, opts = {}) {
    const items = new Map();
    const bySubject = new Map();
    const search = {
        registries,
        log,
        dropAttestations: opts.dropAttestations,
        load: loader(registries, items, opts.dropAttestations),
        bySubject
    };
    const seen = new Set(subjects.map((s) => `${repoName(s.from)}@${s.descriptor.digest}`));
    // A layout on disk has no referrers API and no cosign tags: what it holds came with its index.
    let frontier = subjects.filter((s) => !s.from.store);
    for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
        const found = await mapLimit(frontier, CONCURRENCY, (s) => referrersOf(search, s));
        frontier = [];
        for (const r of found.flat()) {
            const key = `${repoName(r.from)}@${r.descriptor.digest}`;
            if (!seen.has(key)) {
                seen.add(key);
                frontier.push(r);
            }
        }
    }
    const all = [...items.values()];
    if (all.length)
        log.info(`referrers: ${all.length} manifest(s) refer to the ${subjects.length} child(ren) or to each other`);
    return { items: all, bySubject };
}
function toItem(m, from, what) {
    let manifest;
    try {
        manifest = parseManifest(m.bytes, m.mediaType);
    }
    catch (err) {
        throw withContext(err, what);
    }
    return {
        descriptor: { mediaType: manifest.mediaType, digest: m.digest, size: m.bytes.length },
        bytes: m.bytes,
        manifest,
        from
    };
}
/** The referrers API where the registry has it, else the fallback tag index. */
async function listOciReferrers(registries, from, digest) {
    const client = registries.get(from.registry);
    const pages = await client.getReferrers(from.repository, digest).catch((err) => {
        if (noApi(err))
            return undefined;
        throw err;
    });
    if (pages)
        return pages.flatMap((p, i) => referrerDescriptors(p, `the referrers API's answer (page ${i + 1})`));
    const index = await client.getManifest(from.repository, fallbackTag(digest)).catch((err) => {
        if (notFound(err))
            return undefined;
        throw err;
    });
    return index ? referrerDescriptors(index.bytes, `the fallback tag ${fallbackTag(digest)}`) : [];
}
/** cosign's tags beside `digest` that exist: tag → the digest it holds. */
async function findCosign(registries, from, digest) {
    const client = registries.get(from.registry);
    const found = await Promise.all(cosignTags(digest).map(async (tag) => {
        const head = await client.headManifest(from.repository, tag);
        return head ? { tag, digest: head.digest } : undefined;
    }));
    return found.filter((f) => !!f);
}
/**
 * Copy what was found into every target repository, then, in each target whose registry did not
 * index the referrers itself (no `OCI-Subject` on the PUT, no referrers API), write the fallback
 * tag index of each subject with what it already lists kept.
 */
async function copyReferrers(registries, found, targets, log, stats) {
    const indexed = new Map();
    // Counted apart: manifestsCopied/Present keep meaning the list's children.
    const referrerStats = emptyStats();
    await copyManifests(registries, found.items, targets, log, referrerStats, {
        onPut: (t, item, answer) => {
            if (item.manifest.kind === 'image' && item.manifest.subject)
                indexed.set(repoName(t), indexed.get(repoName(t)) || !!answer.subject);
        }
    });
    addBlobStats(stats, referrerStats);
    stats.referrersCopied = (stats.referrersCopied ?? 0) + referrerStats.manifestsCopied;
    stats.fallbackIndexesWritten ??= 0;
    const subjects = [...found.bySubject.entries()];
    if (!subjects.length)
        return;
    await mapLimit(targets, CONCURRENCY, async (t) => {
        const client = registries.get(t.registry);
        let indexes = indexed.get(repoName(t));
        // Nothing with a subject was put here this run: ask the registry whether it has the API.
        if (indexes === undefined) {
            indexes = !!(await client.getReferrers(t.repository, subjects[0][0]).catch((err) => {
                if (noApi(err))
                    return undefined;
                throw withContext(err, `referrers in ${repoName(t)}`);
            }));
        }
        if (indexes)
            return;
        await mapLimit(subjects, CONCURRENCY, async ([subject, listed]) => {
            const tag = fallbackTag(subject);
            const what = `fallback tag index ${repoName(t)}:${tag}`;
            try {
                const now = await client.getManifest(t.repository, tag).catch((err) => {
                    if (notFound(err))
                        return undefined;
                    throw err;
                });
                const merged = mergeFallbackIndex(now?.bytes, listed);
                if (!merged.changed)
                    return;
                await putChecked(client, t.repository, tag, merged.bytes, manifest_MediaType.OciIndex, merged.digest, {
                    lagRetry: true,
                    signal: registries.signal,
                    log
                });
                stats.fallbackIndexesWritten++;
                log.debug(`${what}: ${now ? 'updated' : 'created'}`);
            }
            catch (err) {
                throw withContext(err, what);
            }
        });
    });
}

;// CONCATENATED MODULE: ../src/model/entry.ts
/**
 * What resolving the sources yields: the list's entries and the manifests they reference, and the
 * pure rules over them (what an attestation is, duplicates, amend).
 */


/** How many attestations an index holds, attached to a platform or not. */
const attestationCount = (r) => r.strays.length + r.entries.reduce((n, e) => n + e.attestations.length, 0);
const ATTESTATION_TYPE = 'vnd.docker.reference.type';
const entry_ATTESTATION_SUBJECT = 'vnd.docker.reference.digest';
/**
 * An entry is an attestation only when it says so: buildx's `vnd.docker.reference.type:
 * attestation-manifest` annotation, or a `subject` in its manifest (BuildKit ≥ 0.32 OCI artifacts,
 * referrers stored in an index). A bare `unknown/unknown` platform is not enough.
 */
function entry_isAttestation(d, m) {
    return d.annotations?.[ATTESTATION_TYPE] === 'attestation-manifest' || (m?.kind === 'image' && !!m.subject);
}
/** The digest an attestation describes: its annotation, else its manifest's subject. */
function attestationSubject(c) {
    return c.descriptor.annotations?.[entry_ATTESTATION_SUBJECT] ?? c.manifest.subject?.digest;
}
/** Two entries for one platform are an error naming both sources. */
function checkDuplicates(entries) {
    const seen = new Map();
    for (const e of entries) {
        const key = platformKey(e.image.descriptor.platform);
        const before = seen.get(key);
        if (before) {
            const p = platform_formatPlatform(e.image.descriptor.platform);
            const same = before.source === e.source ? ` (${before.image.descriptor.digest} and ${e.image.descriptor.digest})` : '';
            throw new InputError(`duplicate platform ${p}: both ${before.source} and ${e.source}${same} provide it; drop one source, or fix a platform with an annotations line "SOURCE --arch … --variant …"`);
        }
        seen.set(key, e);
    }
}
/** amend: new entries replace old ones of the same platform in place; the rest are appended. */
function amendEntries(existing, fresh) {
    const out = [...existing];
    for (const e of fresh) {
        const key = platformKey(e.image.descriptor.platform);
        const i = out.findIndex((x) => platformKey(x.image.descriptor.platform) === key);
        if (i >= 0)
            out[i] = e;
        else
            out.push(e);
    }
    return out;
}
/** amend: the existing list's other entries stay; a fresh one already there (same digest) is not added twice. */
function amendOthers(existing, fresh) {
    const seen = new Set(existing.map((o) => o.child.descriptor.digest));
    return [...existing, ...fresh.filter((o) => !seen.has(o.child.descriptor.digest))];
}
/** What an index holds, for a message about a source that gave no platform. */
function describeEmpty(r) {
    if (r.children.length === 0)
        return 'it is an empty index';
    const att = attestationCount(r);
    const parts = [];
    if (att)
        parts.push(`${att} attestation${att > 1 ? 's' : ''}`);
    if (r.others.length)
        parts.push(`${r.others.length} entr${r.others.length > 1 ? 'ies' : 'y'} without a platform (such as unknown/unknown)`);
    return `it is an index of ${parts.join(' and ')} only`;
}
/**
 * Every source must give at least one platform: an index of attestations only, or an empty one,
 * would otherwise turn into a list that silently lacks what the user meant to publish.
 */
function checkContributions(resolved) {
    for (const r of resolved) {
        if (r.entries.length === 0) {
            throw new InputError(`source ${r.source} (${r.manifest.digest}) contributes no platform: ${describeEmpty(r)}; give the image index or per-platform image that the build pushed, or drop this source. No manifest or tag was written`);
        }
    }
}

;// CONCATENATED MODULE: ../src/model/metadata.ts
/**
 * The `metadata` output: the list, its tags and references, and each entry with the source it
 * came from, as JSON (the shape is the contract's). Pure.
 */


/** The list's descriptors, in order, with what the run knows of each (its manifest, its source). */
function listEntries(descriptors, children, origins) {
    const manifests = new Map(children.map((c) => [c.descriptor.digest, c.manifest]));
    return descriptors.map((d) => {
        const attestation = entry_isAttestation(d, manifests.get(d.digest));
        const platform = !attestation && d.platform && !isUnknownPlatform(d.platform) ? platform_formatPlatform(d.platform) : null;
        return {
            digest: d.digest,
            mediaType: d.mediaType,
            size: d.size,
            platform,
            source: origins.get(d.digest) ?? '',
            attestation
        };
    });
}
/** One `registry/repository@digest` per target repository, in the order of the tags. */
function refsOf(tags, digest) {
    return [...new Set(tags.map((t) => `${t.registry}/${t.repository}@${digest}`))];
}

;// CONCATENATED MODULE: ../src/model/plan.ts





/** Annotations asked for, kept from an amended list, or carried on the sources' descriptors. */
function hasOciAnnotations(a, entries, existing, others = []) {
    const carried = [...entries.map((e) => e.image), ...others.map((o) => o.child)].some((c) => Object.keys(c.descriptor.annotations ?? {}).length > 0);
    return (Object.keys(a.index).length > 0 || a.descriptors.length > 0 || Object.keys(existing ?? {}).length > 0 || carried);
}
/**
 * `auto`: a Docker list when every child is a Docker manifest and no OCI annotation is asked
 * for, else an OCI index. `docker` with an OCI child is an error, never a silent drop.
 */
function chooseFormat(format, children, ociAnnotations) {
    const oci = children.find((c) => !isDockerType(c.descriptor.mediaType));
    if (format === 'docker') {
        if (oci) {
            const attestation = entry_isAttestation(oci.descriptor, oci.manifest);
            const what = attestation
                ? 'attestation'
                : oci.descriptor.platform
                    ? platform_formatPlatform(oci.descriptor.platform)
                    : 'no platform';
            throw new InputError(`format "docker": child ${oci.descriptor.digest} (${what}) of ${repoName(oci.from)} is an OCI manifest (${oci.descriptor.mediaType}), which a Docker manifest list cannot reference; use format "oci" or "auto"${attestation ? ', or build without attestations (provenance: false, sbom: false), or set attestations: drop' : ''}`);
        }
        return 'docker';
    }
    if (format === 'oci')
        return 'oci';
    return oci || ociAnnotations ? 'oci' : 'docker';
}
/** A new list from the entries (platforms first, then other entries, then attestations). */
function planList(entries, format, annotations, existingIndexAnnotations, others = [], existingFields) {
    // Never push an empty list: it would replace what the tag holds with nothing.
    if (entries.length === 0)
        throw new InputError('the list would hold no platform; give at least one source that has an image for a platform. No manifest or tag was written');
    const warnings = [];
    const children = [
        ...entries.map((e) => e.image),
        ...others.map((o) => o.child),
        ...entries.flatMap((e) => e.attestations)
    ];
    // An amended list's OCI-only fields (artifactType, subject) are kept, so they need an OCI index.
    const ociOnly = OCI_ONLY_INDEX_FIELDS.filter((k) => existingFields?.[k] !== undefined);
    const chosen = chooseFormat(format, children, ociOnly.length > 0 || hasOciAnnotations(annotations, entries, existingIndexAnnotations, others));
    // amend keeps every field of the old list or fails naming it (issue 17, item 4).
    const lost = [...ociOnly, ...(Object.keys(existingIndexAnnotations ?? {}).length ? ['annotations'] : [])];
    if (chosen === 'docker' && lost.length > 0)
        throw new InputError(`format "docker": the existing list has ${lost.map((k) => `"${k}"`).join(' and ')}, which a Docker manifest list cannot hold and amend would lose; use format "oci" or "auto". Nothing was written`);
    const descriptors = platformDescriptors(entries, annotations, warnings);
    descriptors.push(...others.map((o) => o.child.descriptor));
    descriptors.push(...entries.flatMap((e) => e.attestations.map((c) => c.descriptor)));
    const indexAnnotations = { ...(existingIndexAnnotations ?? {}), ...annotations.index };
    if (chosen === 'docker' && descriptors.some((d) => Object.keys(d.annotations ?? {}).length > 0)) {
        warnings.push('format "docker": the sources\' descriptor annotations are dropped (a Docker manifest list has none)');
    }
    const list = buildList(descriptors, chosen, indexAnnotations, existingFields);
    return {
        list,
        format: chosen,
        children,
        platforms: entries.map((e) => platform_formatPlatform(e.image.descriptor.platform)),
        entries,
        contributors: [...new Set(entries.map((e) => e.source))],
        promoted: false,
        warnings
    };
}
/** The platform entries' descriptors with the `manifest-descriptor:` annotations that match them. */
function platformDescriptors(entries, annotations, warnings) {
    const descriptors = entries.map((e) => {
        const d = e.image.descriptor;
        const extra = {};
        for (const a of annotations.descriptors)
            if (!a.platform || platformMatches(d.platform, a.platform))
                extra[a.key] = a.value;
        const merged = { ...(d.annotations ?? {}), ...extra };
        return { ...d, annotations: Object.keys(merged).length ? merged : undefined };
    });
    for (const a of annotations.descriptors) {
        if (a.platform && !entries.some((e) => platformMatches(e.image.descriptor.platform, a.platform))) {
            warnings.push(`annotations: manifest-descriptor[${platform_formatPlatform(a.platform)}]:${a.key} matches no platform of the list`);
        }
    }
    return descriptors;
}
const describeEntries = (entries) => entries.map((e) => `${platform_formatPlatform(e.image.descriptor.platform)} (from ${e.source})`).join(', ');
/** A source written as a template must give the platform it stands for. */
function checkTemplates(fresh, templates) {
    for (const r of fresh) {
        const t = templates.get(r.source);
        if (!t || r.entries.some((e) => osArchVariant(e.image.descriptor.platform) === osArchVariant(t.platform)))
            continue;
        const held = r.entries.map((e) => platform_formatPlatform(e.image.descriptor.platform)).join(', ');
        throw new InputError(`source ${r.source} (template "${t.template}" for ${platform_formatPlatform(t.platform)}) holds ${held}, not ${platform_formatPlatform(t.platform)}; push the ${platform_formatPlatform(t.platform)} image under that tag, or fix the template. Nothing was written`);
    }
}
/** `platforms`: the list must hold exactly these, in any order (compared after normalization). */
function checkPlatforms(entries, expected) {
    if (expected.length === 0)
        return;
    const want = new Set(expected.map(osArchVariant));
    const have = new Set(entries.map((e) => osArchVariant(e.image.descriptor.platform)));
    const missing = expected.filter((p) => !have.has(osArchVariant(p))).map(platform_formatPlatform);
    const extra = entries.filter((e) => !want.has(osArchVariant(e.image.descriptor.platform)));
    if (missing.length === 0 && extra.length === 0)
        return;
    const parts = [
        missing.length ? `missing ${missing.join(', ')}` : '',
        extra.length ? `extra ${describeEntries(extra)}` : ''
    ].filter(Boolean);
    throw new InputError(`input "platforms": the list would hold ${describeEntries(entries) || 'no platform'}; ${parts.join('; ')}. Fix the sources or the platforms input. Nothing was written`);
}
/**
 * One index source and nothing that changes it: no annotation, no format conversion, no dropped
 * attestation (`drop` on an index without any changes nothing), no amend. Its bytes are pushed
 * as they are, so its digest (and signatures made for it) stay valid.
 */
function isPromotion(fresh, o) {
    if (fresh.length !== 1 || !fresh[0].index || o.amend)
        return false;
    const r = fresh[0];
    if (Object.keys(o.annotations.index).length > 0 || o.annotations.descriptors.length > 0)
        return false;
    if (o.format === 'docker' && r.manifest.mediaType !== manifest_MediaType.DockerList)
        return false;
    if (o.format === 'oci' && r.manifest.mediaType !== manifest_MediaType.OciIndex)
        return false;
    return !(o.attestations === 'drop' && attestationCount(r) > 0);
}
/** The whole plan: checks first (nothing written yet), then the promoted source or a new list. */
function planPublish(fresh, existing, existingIndexAnnotations, o) {
    checkContributions(fresh);
    checkTemplates(fresh, o.templates);
    const freshEntries = fresh.flatMap((r) => r.entries);
    const freshOthers = fresh.flatMap((r) => r.others);
    let entries = existing ? amendEntries(existing.entries, freshEntries) : freshEntries;
    const others = existing ? amendOthers(existing.others, freshOthers) : freshOthers;
    checkDuplicates(entries);
    checkPlatforms(entries, o.platforms);
    if (isPromotion(fresh, o))
        return planPromotion(fresh[0], entries, others, o.format);
    if (existing)
        refuseNested(existing, `amend: ${existing.source}`);
    for (const r of fresh)
        refuseNested(r, `source ${r.source}`);
    const warnings = [];
    if (o.attestations === 'drop')
        entries = entries.map((e) => (e.attestations.length ? { ...e, attestations: [] } : e));
    else {
        for (const r of fresh) {
            for (const s of r.strays) {
                warnings.push(`source ${r.source}: attestation ${s.descriptor.digest} describes ${attestationSubject(s) ?? 'nothing'}, which is not a platform of that index; left out of the list`);
            }
        }
    }
    const kept = existing?.index ? indexFieldsOf(existing) : undefined;
    const plan = planList(entries, o.format, o.annotations, existingIndexAnnotations, others, kept);
    const freshNames = new Set(fresh.map((r) => r.source));
    return {
        ...plan,
        contributors: plan.contributors.filter((s) => freshNames.has(s)),
        warnings: [...warnings, ...plan.warnings]
    };
}
/** The one index source as it is: its bytes, and every manifest below it (nested indexes' included). */
function planPromotion(r, entries, others, format) {
    const children = [
        ...entries.map((e) => e.image),
        ...others.map((x) => x.child),
        ...entries.flatMap((e) => e.attestations),
        ...r.strays,
        ...(r.nested ?? [])
    ];
    // A Docker list source may name OCI children: `format: docker` holds for a promotion too.
    if (format === 'docker')
        chooseFormat('docker', children, false);
    return {
        list: { mediaType: r.manifest.mediaType, bytes: r.manifest.bytes, digest: r.manifest.digest },
        format: r.manifest.mediaType === manifest_MediaType.DockerList ? 'docker' : 'oci',
        // Every manifest the index references, strays included: the target must hold them all.
        children,
        platforms: entries.map((e) => platform_formatPlatform(e.image.descriptor.platform)),
        entries,
        contributors: [r.source],
        promoted: true,
        warnings: []
    };
}
/** A nested index can only be promoted as it is: a new list would have to flatten it, which is not done. */
function refuseNested(r, what) {
    const n = r.nested?.[0];
    if (!n)
        return;
    throw new InputError(`${what}: its entry ${n.descriptor.digest} is an index itself (a nested index), which only a promotion keeps (that index as the one source, nothing changed: no annotations, amend, format change or dropped attestations); a new list does not flatten it: give the inner index as a source instead. Nothing was written`);
}
/** The top-level fields of an amended list other than its manifests and annotations: kept as they are. */
function indexFieldsOf(existing) {
    const m = parseManifest(existing.manifest.bytes, existing.manifest.mediaType);
    return m.kind === 'index' ? m.others : undefined;
}

;// CONCATENATED MODULE: ../src/registry/github-packages.ts



/** The repository path below the owner is the package name (`o/team/app` → o, `team/app`). */
function packageOf(repository) {
    const i = repository.indexOf('/');
    if (i <= 0 || i === repository.length - 1)
        return undefined;
    return { owner: repository.slice(0, i), name: repository.slice(i + 1) };
}
/** The GitHub API answered with an error status. */
class GitHubApiError extends RegistryError {
    name = 'GitHubApiError';
    /** 401/403, or 404 where a package the registry serves is not visible: the token's rights. */
    get access() {
        return this.status === 401 || this.status === 403 || this.status === 404;
    }
}
const PER_PAGE = 100;
/** A new version is listed first; a package with more versions than this is searched no further. */
const MAX_PAGES = 20;
/** GitHub may list a version a moment after the registry stored its manifest. */
const LISTING_DELAYS_MS = [500, 1500, 3000];
class GitHubPackages {
    opts;
    octokit;
    /** Whether an owner is an organization or a user, once one of the two answered. */
    scopes = new Map();
    constructor(opts) {
        this.opts = opts;
    }
    client() {
        this.octokit ??= Promise.all(/* import() */[__nccwpck_require__.e(820), __nccwpck_require__.e(586)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3586)).then((m) => m.getOctokit(this.opts.token, { baseUrl: this.opts.baseUrl }));
        return this.octokit;
    }
    /** One API call with retries on throttling and server trouble; errors become GitHubApiError. */
    async call(what, op) {
        const o = await this.client();
        return retryWith(this.opts.retry ?? policies.githubApi, async () => {
            const signal = AbortSignal.any([
                AbortSignal.timeout(this.opts.timeoutMs),
                ...(this.opts.signal ? [this.opts.signal] : [])
            ]);
            try {
                return await op(o, signal);
            }
            catch (err) {
                throw toApiError(err, what, this.opts.baseUrl);
            }
        }, {
            signal: this.opts.signal,
            onRetry: (err, delay, attempt) => this.opts.log.info(`${err.message}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1})`)
        });
    }
    async page(scope, pkg, page) {
        const path = `/${scope}/${pkg.owner}/packages/container/${encodeURIComponent(pkg.name)}/versions`;
        return this.call(`GET ${path}?page=${page}`, async (o, signal) => {
            const params = {
                package_type: 'container',
                package_name: pkg.name,
                per_page: PER_PAGE,
                page,
                request: { signal }
            };
            const res = scope === 'orgs'
                ? await o.rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...params, org: pkg.owner })
                : await o.rest.packages.getAllPackageVersionsForPackageOwnedByUser({ ...params, username: pkg.owner });
            return res.data;
        });
    }
    /** Page 1 under the owner's scope; an owner not yet known is tried as an organization, then a user. */
    async firstPage(pkg) {
        const known = this.scopes.get(pkg.owner);
        if (known)
            return { scope: known, versions: await this.page(known, pkg, 1) };
        try {
            const versions = await this.page('orgs', pkg, 1);
            this.scopes.set(pkg.owner, 'orgs');
            return { scope: 'orgs', versions };
        }
        catch (err) {
            if (!(err instanceof GitHubApiError && isNotFound(err)))
                throw err;
        }
        const versions = await this.page('users', pkg, 1);
        this.scopes.set(pkg.owner, 'users');
        return { scope: 'users', versions };
    }
    async findVersion(pkg, digest) {
        const delays = this.opts.listingDelaysMs ?? LISTING_DELAYS_MS;
        const look = async () => {
            const first = await this.firstPage(pkg);
            const scope = first.scope;
            let versions = first.versions;
            for (let page = 1;;) {
                const v = versions.find((x) => x.name === digest);
                if (v)
                    return { id: v.id, digest: v.name, tags: v.metadata?.container?.tags ?? [] };
                if (versions.length < PER_PAGE || page >= MAX_PAGES)
                    throw new NotYet(digest);
                versions = await this.page(scope, pkg, ++page);
            }
        };
        return retryWith(policies.packageListing(delays), look, { signal: this.opts.signal }).catch((err) => err instanceof NotYet ? undefined : Promise.reject(err));
    }
    async deleteVersion(pkg, version) {
        const scope = this.scopes.get(pkg.owner) ?? 'orgs';
        const path = `/${scope}/${pkg.owner}/packages/container/${encodeURIComponent(pkg.name)}/versions/${version.id}`;
        await this.call(`DELETE ${path}`, async (o, signal) => {
            const params = {
                package_type: 'container',
                package_name: pkg.name,
                package_version_id: version.id,
                request: { signal }
            };
            if (scope === 'orgs')
                await o.rest.packages.deletePackageVersionForOrg({ ...params, org: pkg.owner });
            else
                await o.rest.packages.deletePackageVersionForUser({ ...params, username: pkg.owner });
        });
    }
}
/** Octokit's RequestError (status, GitHub's message) or a network failure, as one GitHubApiError line. */
function toApiError(err, what, baseUrl) {
    const e = err;
    const timedOut = e.name === 'TimeoutError' || /aborted|timeout/i.test(e.message ?? '');
    // Octokit reports a connection that failed as status 500: keep it retryable, and say so.
    const status = typeof e.status === 'number' ? e.status : timedOut ? 504 : 500;
    const message = (e.message ?? String(err)).replace(/\s+-\s+https:\/\/docs\.github\.com\S*/, '');
    return new GitHubApiError(`GitHub API ${baseUrl}: ${what} answered HTTP ${status} ${message}`.trim(), status, undefined, parseRetryAfter(e.response?.headers?.['retry-after']));
}

;// CONCATENATED MODULE: ../src/steps/purge/placeholder.ts
/**
 * Placeholder manifests for purge: tiny, unique OCI manifests that a tag is moved onto so the
 * tag can be removed by deleting the placeholder (never the manifest the tag pointed at). Each
 * carries a random annotation, so its digest is new and referenced by nothing else.
 */



const EMPTY_CONFIG = Buffer.from('{}');
/** A fresh placeholder; `note` says in the registry's UI what it is for. */
function placeholder(note) {
    const doc = {
        schemaVersion: 2,
        mediaType: manifest_MediaType.OciManifest,
        config: {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            digest: sha256(EMPTY_CONFIG),
            size: EMPTY_CONFIG.length
        },
        layers: [],
        annotations: {
            'org.opencontainers.image.description': `manifest-fanin purge placeholder: ${note}`,
            'dev.manifest-fanin.purge': (0,external_node_crypto_.randomUUID)()
        }
    };
    const bytes = Buffer.from(JSON.stringify(doc));
    return { bytes, digest: sha256(bytes), mediaType: manifest_MediaType.OciManifest };
}
/** A throwaway tag name for probes: unique, and plainly ours in a tag listing. */
function throwawayTag() {
    return `fanin-purge-probe-${(0,external_node_crypto_.randomUUID)().slice(0, 8)}`;
}
/** The placeholder's config blob (`{}`) must be in the repository before a placeholder is pushed. */
async function ensurePlaceholderConfig(client, repo) {
    const digest = sha256(EMPTY_CONFIG);
    if (await client.hasBlob(repo, digest))
        return;
    await client.uploadBlob(repo, digest, EMPTY_CONFIG.length, async () => external_node_stream_.Readable.from([EMPTY_CONFIG]));
}

;// CONCATENATED MODULE: ../src/steps/purge/tag.ts
/**
 * What purge does to one source tag, whichever way the registry removes tags: the candidate, the
 * outcome, the check just before the tag is changed, and putting a tag back where it was.
 */


const left = (reason, detail) => ({ removed: false, reason, detail });
/**
 * Check the tag again right before changing it, so a push that landed while the run went on is
 * never undone. Returns an outcome when the tag must not be touched, else undefined.
 */
async function recheck(client, c) {
    const now = (await client.headManifest(c.ref.repository, c.ref.tag, 'push'))?.digest;
    if (now === undefined)
        return { removed: true };
    if (now !== c.digest) {
        return left('changed', `it now points to ${now}, not ${c.digest} that the list was built from: it was pushed again while this ran, so it is left alone`);
    }
    return undefined;
}
/**
 * The tag was moved onto a placeholder and could not be removed: put it back on the manifest it
 * held, then drop the placeholder where `leftover.drop` can, else say what remains
 * (`leftover.says`). Never leaves the tag on something new without a warning that says how to
 * repair it.
 */
async function putBack(client, c, ph, outcome, leftover, log) {
    const name = formatReference(c.ref);
    try {
        await client.putManifest(c.ref.repository, c.ref.tag, c.bytes, c.mediaType);
    }
    catch (err) {
        log.warning(`purge: ${name} now points to a placeholder (${ph.digest}), not ${c.digest}: putting it back failed (${errorMessage(err)}); tag ${c.digest} as ${c.ref.tag} again`);
        return left('failed', outcome.detail);
    }
    const dropped = leftover.drop ? await leftover.drop().catch(() => false) : false;
    if (!dropped)
        log.warning(`purge: ${leftover.says}`);
    return left(outcome.reason, outcome.detail);
}

;// CONCATENATED MODULE: ../src/steps/purge/github.ts
/**
 * Removing a tag on a GitHub Packages registry (ghcr.io, a GitHub Enterprise Server's
 * containers.HOST). Its registry API has no tag DELETE, and deleting a package version deletes the
 * manifest, so a per-arch tag cannot simply go without breaking the list. Instead the tag is moved
 * onto a unique placeholder and the placeholder's version is deleted through the REST API: never
 * a version whose digest the list references, never one that is not the placeholder just made.
 */





/** What to tell a user whose token may not delete the package's versions. */
function accessHint(pkg) {
    return (`deleting a version of the package ${pkg.owner}/${pkg.name} needs github-token with packages: write ` +
        `(in the workflow: permissions: packages: write) and, in the package's settings on GitHub, Manage Actions access ` +
        `giving this repository the Admin role`);
}
async function removeByPackagesApi(client, api, c, listDigests, log) {
    const repo = c.ref.repository;
    const pkg = packageOf(repo);
    if (!pkg)
        return left('failed', `${client.registry}/${repo} is not OWNER/PACKAGE, so it names no GitHub package`);
    if (!api)
        return left('github-access', `no github-token was given: ${accessHint(pkg)}`);
    const stale = await recheck(client, c);
    if (stale)
        return stale;
    await ensurePlaceholderConfig(client, repo);
    const ph = placeholder(formatReference(c.ref));
    const leftover = {
        says: `an untagged placeholder version ${ph.digest} remains in the package ${pkg.owner}/${pkg.name}; it is safe to delete`
    };
    await client.putManifest(repo, c.ref.tag, ph.bytes, ph.mediaType);
    try {
        const version = await api.findVersion(pkg, ph.digest);
        if (!version)
            throw new Error(`the GitHub API lists no version ${ph.digest} of the package ${pkg.owner}/${pkg.name}`);
        // The placeholder is unique, so this cannot be a digest the list references; say it anyway.
        if (version.digest !== ph.digest || listDigests.has(version.digest))
            throw new Error(`refusing to delete package version ${version.id} (${version.digest})`);
        await api.deleteVersion(pkg, version);
    }
    catch (err) {
        const access = err instanceof GitHubApiError && err.access;
        const detail = access ? `${errorMessage(err)}: ${accessHint(pkg)}` : errorMessage(err);
        log.debug(`purge: ${formatReference(c.ref)}: ${errorMessage(err)}`);
        return putBack(client, c, ph, { reason: access ? 'github-access' : 'failed', detail }, leftover, log);
    }
    const now = await client.headManifest(repo, c.ref.tag).catch(() => undefined);
    if (now?.digest === ph.digest) {
        return putBack(client, c, ph, { reason: 'failed', detail: `its placeholder's package version was deleted, yet the tag still points to it` }, leftover, log);
    }
    return { removed: true };
}

;// CONCATENATED MODULE: ../src/steps/purge/registry-api.ts
/**
 * Removing a tag over the registry API, where registries disagree on what a DELETE removes:
 * - CNCF distribution 2.8: DELETE of a tag is 400 UNSUPPORTED; DELETE by digest removes the
 *   manifest and every tag on it (with storage.delete.enabled; without it every DELETE is 405).
 * - Harbor: DELETE of a tag deletes the artifact and every tag on it (goharbor/harbor#11988).
 * - Google Artifact Registry: DELETE of a tag removes that tag only; DELETE by digest while a tag
 *   points at it is 400 GOOGLE_MANIFEST_DANGLING_TAG (genuinetools/reg#136).
 * - Docker Hub: no DELETE on the registry API (405).
 * - ECR with tag immutability: no tag can be moved (400 TAG_INVALID), so no placeholder either.
 * So no real tag is deleted by DELETE until the repository has shown, on a throwaway manifest
 * under two throwaway tags, that deleting one tag leaves the manifest and the other tag. Without
 * that proof a tag is moved onto a unique placeholder, and the placeholder is deleted by digest.
 * The probe runs once per repository, before any real tag is touched.
 */




const deleted = (d) => d.outcome === 'deleted';
/** A DELETE answer that says no delete will work here (for these credentials), as a TagRemoval. */
function refusal(registry, res) {
    if (res.outcome === 'denied') {
        return {
            kind: 'none',
            reason: 'denied',
            detail: `${registry} refused these credentials a delete (${res.answer}): log in with an account that may delete there`
        };
    }
    if (res.outcome === 'unsupported')
        return {
            kind: 'none',
            reason: 'unsupported',
            detail: `${registry} does not allow deleting tags or manifests (DELETE answered ${res.answer})`
        };
    return undefined;
}
/** Those of `tags` that still resolve. */
async function remaining(client, repo, tags) {
    const found = await Promise.all(tags.map((t) => client.headManifest(repo, t).catch(() => ({}))));
    return tags.filter((_, i) => found[i]);
}
/** Find out, on throwaway manifests, how this repository can lose a tag and nothing else. */
async function probeTagRemoval(client, repo, log) {
    const where = `${client.registry}/${repo}`;
    // A DELETE of a tag that does not exist changes nothing, and shows a registry (or credentials)
    // that allows no delete at all before anything is written there.
    const nothing = await client.deleteManifest(repo, throwawayTag());
    const no = refusal(client.registry, nothing);
    if (no)
        return no;
    await ensurePlaceholderConfig(client, repo);
    const m = placeholder('purge probe, safe to delete');
    // Untagged first: where neither a tag DELETE is understood nor a manifest can be deleted, the
    // answer comes before any throwaway tag is written (it could not be removed again).
    await client.putManifest(repo, m.digest, m.bytes, m.mediaType);
    const loose = await client.deleteManifest(repo, m.digest);
    if (!deleted(loose) && nothing.outcome !== 'not-found') {
        log.debug(`${where}: DELETE of a missing tag answered ${nothing.answer}, of an untagged manifest ${loose.answer}`);
        return (refusal(client.registry, loose) ?? {
            kind: 'none',
            reason: 'unsupported',
            detail: `${client.registry} deletes neither tags (${nothing.answer}) nor manifests (${loose.answer})`
        });
    }
    return probeWithTags(client, repo, m, log);
}
/** The probe manifest under two throwaway tags: whether a tag DELETE takes that tag alone, more, or nothing. */
async function probeWithTags(client, repo, m, log) {
    const where = `${client.registry}/${repo}`;
    const [t1, t2] = [throwawayTag(), throwawayTag()];
    await client.putManifest(repo, t1, m.bytes, m.mediaType);
    await client.putManifest(repo, t2, m.bytes, m.mediaType);
    const strays = async () => {
        const rest = await remaining(client, repo, [t1, t2]);
        if (rest.length)
            log.warning(`purge: the throwaway probe tag(s) ${rest.join(', ')} remain in ${where}; they are safe to delete`);
    };
    const byTag = await client.deleteManifest(repo, t1);
    if (deleted(byTag)) {
        const [kept, other, gone] = await Promise.all([
            client.headManifest(repo, m.digest),
            client.headManifest(repo, t2),
            client.headManifest(repo, t1)
        ]);
        if (kept && other?.digest === m.digest && !gone) {
            // The tag went alone (GAR): the other probe tag, then the untagged probe, go the same way.
            await client.deleteManifest(repo, t2);
            await client.deleteManifest(repo, m.digest);
            await strays();
            return { kind: 'tag' };
        }
        // It took the manifest or its other tag with it (Harbor): never DELETE a real tag here.
        log.debug(`${where}: DELETE of a tag also removed ${kept ? 'the other tag' : 'the manifest'}; tags are removed through placeholders here`);
        if (kept || other)
            await client.deleteManifest(repo, m.digest);
        await strays();
        return { kind: 'placeholder' };
    }
    // No tag DELETE (distribution): deleting the manifest by digest must take its tags with it.
    const byDigest = await client.deleteManifest(repo, m.digest);
    const rest = await remaining(client, repo, [t1, t2]);
    if (deleted(byDigest) && !rest.length)
        return { kind: 'placeholder' };
    log.debug(`${where}: DELETE of a tag answered ${byTag.answer}, by digest ${byDigest.answer}; tags still there: ${rest.join(', ') || 'none'}`);
    await strays();
    return (refusal(client.registry, byDigest) ?? {
        kind: 'none',
        reason: 'unsupported',
        detail: `${client.registry} removes no tag without removing more (DELETE of a tag answered ${byTag.answer}; of a manifest by digest ${byDigest.answer}${deleted(byDigest) ? ', leaving its tags' : ''})`
    });
}
// Distribution 2.8 (registry/handlers/manifests.go DeleteManifest) deletes the manifest, then
// looks its tags up to untag them; a DELETE in the same repository that untags at that moment
// makes the lookup fail (500 UNKNOWN) after the manifest went, so the retry answers 404 and the
// tag is left listed, pointing at nothing. Placeholder DELETEs of one repository therefore go one
// at a time, and a 404 (another client raced us) is met by putting the placeholder back by
// digest and deleting it again, which untags.
const deleting = new Map();
function oneAtATime(key, op) {
    const run = (deleting.get(key) ?? Promise.resolve()).catch(() => undefined).then(op);
    const settled = run.catch(() => undefined);
    deleting.set(key, settled);
    void settled.then(() => {
        if (deleting.get(key) === settled)
            deleting.delete(key);
    });
    return run;
}
async function deletePlaceholder(client, repo, ph) {
    return oneAtATime(`${client.registry}/${repo}`, async () => {
        const res = await client.deleteManifest(repo, ph.digest);
        if (res.outcome !== 'not-found')
            return res;
        await client.putManifest(repo, ph.digest, ph.bytes, ph.mediaType);
        return client.deleteManifest(repo, ph.digest);
    });
}
/** Remove one source tag the way the probe found; the tag is checked again right before. */
async function removeByRegistry(client, c, removal, log) {
    if (removal.kind === 'none')
        return left(removal.reason, removal.detail);
    const stale = await recheck(client, c);
    if (stale)
        return stale;
    return removal.kind === 'tag' ? deleteTag(client, c, log) : moveOntoPlaceholder(client, c, log);
}
/** DELETE the tag itself (the probe showed it leaves the manifest and its other tags). */
async function deleteTag(client, c, log) {
    const repo = c.ref.repository;
    const tag = c.ref.tag;
    const res = await client.deleteManifest(repo, tag);
    if (!deleted(res) && res.outcome !== 'not-found')
        return left('failed', `DELETE ${formatReference(c.ref)} answered ${res.answer}`);
    // The probe showed the manifest stays; should it not, it is put back by digest.
    if (!(await client.headManifest(repo, c.digest))) {
        await client.putManifest(repo, c.digest, c.bytes, c.mediaType);
        log.warning(`purge: deleting the tag ${formatReference(c.ref)} also removed ${c.digest} from ${client.registry}/${repo}; it was pushed again by digest`);
    }
    if (await client.headManifest(repo, tag))
        return left('failed', `DELETE answered ${res.answer}, but the tag is still there`);
    return { removed: true };
}
/** Move the tag onto a unique placeholder and delete that by digest; on failure the tag is put back. */
async function moveOntoPlaceholder(client, c, log) {
    const repo = c.ref.repository;
    const tag = c.ref.tag;
    const ph = placeholder(formatReference(c.ref));
    try {
        await client.putManifest(repo, tag, ph.bytes, ph.mediaType);
    }
    catch (err) {
        // ECR with tag immutability refuses to move any tag (400 TAG_INVALID; see the ecr
        // personality): a trait of the repository, so one warning names every tag it keeps.
        if (hasCode(err, 'TAG_INVALID')) {
            return left('unsupported', `${client.registry}/${repo} does not let a tag move (${err.status} TAG_INVALID: immutable tags), so none is removed; delete them with the registry's own API`);
        }
        throw err;
    }
    const res = await deletePlaceholder(client, repo, ph).catch((err) => err);
    const gone = !(res instanceof Error) && deleted(res) && !(await client.headManifest(repo, tag).catch(() => true));
    if (gone)
        return { removed: true };
    const why = res instanceof Error
        ? res.message
        : deleted(res)
            ? `deleting its placeholder ${ph.digest} left the tag in place`
            : `DELETE ${ph.digest} answered ${res.answer}`;
    return putBack(client, c, ph, { reason: 'failed', detail: why }, {
        drop: async () => deleted(await deletePlaceholder(client, repo, ph)),
        says: `an untagged placeholder manifest ${ph.digest} remains in ${client.registry}/${repo}; it is safe to delete`
    }, log);
}

;// CONCATENATED MODULE: ../src/steps/purge/purge.ts
/**
 * Purge: after the list is pushed and verified, remove the source tags it was built from, and the
 * local lists `docker manifest create` left for the targets. Tags only: a digest the list
 * references is never deleted, a source given by digest, a tag that is also a target and a
 * source that contributed nothing are never touched, and no tag is left pointing at something
 * new. Where a tag cannot be removed, purge warns, names it, and the run still succeeds.
 */










/**
 * Sources that purge may remove: given by tag (not digest), not themselves a target, and among
 * `contributed` (fully qualified sources that gave the list at least one entry). Pure.
 */
function purgeCandidates(sources, tags, contributed) {
    const targets = new Set(tags.map(formatReference));
    return sources
        .filter(isTagReference)
        .filter((ref) => !targets.has(formatReference(ref)) && contributed.has(formatReference(ref)));
}
/** `docker manifest create` keeps local lists under $DOCKER_CONFIG/manifests/<ref made file-safe>. */
function localListDirs(dockerConfig, tag) {
    const safe = (s) => s.replace(/:/g, '-').replace(/\//g, '_');
    const full = formatReference(tag);
    const names = new Set([full]);
    if (tag.registry === 'docker.io')
        names.add(full.replace(/^docker\.io\/(library\/)?/, ''));
    return [...names].map((n) => external_node_path_default().join(dockerConfig, 'manifests', safe(n)));
}
/**
 * Before any source goes, every tag must resolve to the pushed list. A tag that answers 404 is
 * waited for up to `waitMs`: a registry behind a CDN or with replicas serves a manifest a moment
 * after the PUT that stored it. A tag on another digest fails at once: someone pushed over it.
 */
async function verifyTags(registries, tags, digest, waitMs, log) {
    await Promise.all(tags.map(async (tag) => {
        const wrong = (now) => new IntegrityError(`purge: ${formatReference(tag)} resolves to ${now ?? 'nothing'}, not the pushed list ${digest}; nothing was purged`);
        await retryWith(policies.purgeRecheck(waitMs), async () => {
            const now = await registries.get(tag.registry).headManifest(tag.repository, tag.tag);
            if (now?.digest === digest)
                return;
            // Another digest is final: someone pushed over the tag. Nothing yet may be lag.
            if (now)
                throw wrong(now.digest);
            throw new NotYet(formatReference(tag));
        }, {
            signal: registries.signal,
            onRetry: (_err, delay) => log.debug(`purge: ${formatReference(tag)} not served yet after its push; checking again in ${delay} ms`),
            onGiveUp: () => wrong()
        }).catch((err) => Promise.reject(err instanceof NotYet ? wrong() : err));
    }));
}
/** One warning per cause, naming every tag it left in place. */
function warnLeft(leftTags, log) {
    const byDetail = new Map();
    for (const l of leftTags)
        byDetail.set(l.detail, [...(byDetail.get(l.detail) ?? []), l.tag]);
    for (const [detail, tags] of byDetail)
        log.warning(`purge: ${tags.join(', ')} left in place: ${detail}`);
}
/** The closing line: what went, and what stayed, each said once. */
function purgeSummary(r) {
    const parts = [r.removed.length ? `removed ${r.removed.join(', ')}` : 'removed no source tag'];
    if (r.left.length)
        parts.push(`left ${r.left.map((l) => l.tag).join(', ')} in place`);
    if (r.localLists.length)
        parts.push(`removed the local list${r.localLists.length > 1 ? 's' : ''} ${r.localLists.join(', ')}`);
    return `purge: ${parts.join('; ')}`;
}
async function purge(ctx, candidates, tags) {
    const { registries, log } = ctx;
    const removals = new Once();
    // On GitHub Packages the first tag of each package goes alone: without the token's rights only
    // that one is moved (and put back).
    const firstOfPackage = new Once();
    const githubHosts = new Set(ctx.githubPackagesRegistries.map((h) => h.toLowerCase()));
    const removeOne = async (c) => {
        const client = registries.get(c.ref.registry);
        const key = repoName(c.ref);
        if (githubHosts.has(c.ref.registry.toLowerCase())) {
            let lead = false;
            const first = await firstOfPackage.run(key, () => {
                lead = true;
                return removeByPackagesApi(client, ctx.packages, c, ctx.listDigests, log).catch((err) => left('failed', errorMessage(err)));
            });
            if (lead)
                return first;
            if (!first.removed && first.reason === 'github-access')
                return first;
            return removeByPackagesApi(client, ctx.packages, c, ctx.listDigests, log);
        }
        const removal = await removals.run(key, () => probeTagRemoval(client, c.ref.repository, log).catch((err) => ({
            kind: 'none',
            reason: 'failed',
            detail: `finding out how ${key} deletes tags failed: ${errorMessage(err)}`
        })));
        return removeByRegistry(client, c, removal, log);
    };
    const outcomes = await mapLimit(candidates, CONCURRENCY, (c) => removeOne(c).catch((err) => left('failed', errorMessage(err))));
    const result = { removed: [], left: [], localLists: [] };
    candidates.forEach((c, i) => {
        const o = outcomes[i];
        if (o.removed)
            result.removed.push(formatReference(c.ref));
        else
            result.left.push({ tag: formatReference(c.ref), reason: o.reason, detail: o.detail });
    });
    warnLeft(result.left, log);
    for (const tag of tags) {
        for (const dir of localListDirs(ctx.dockerConfig, tag)) {
            if (await (0,promises_namespaceObject.stat)(dir).catch(() => undefined)) {
                await (0,promises_namespaceObject.rm)(dir, { recursive: true, force: true });
                result.localLists.push(dir);
            }
        }
    }
    log.info(purgeSummary(result));
    return result;
}

;// CONCATENATED MODULE: ../src/registry/oci-tag.ts
/**
 * Several tags in one manifest PUT (distribution spec, "Pushing Manifests", 2026): the request
 * names each tag as a `tag` query parameter of a PUT by digest; a registry that takes them answers
 * an `OCI-Tag` header per accepted tag, comma-joined or on several lines (RFC 9110 §5). Pure.
 */
/** `<digest>?tag=a&tag=b`: the manifest reference of a PUT that asks for every tag at once. */
function withTagQuery(digest, tags) {
    return `${digest}?${tags.map((t) => `tag=${encodeURIComponent(t)}`).join('&')}`;
}
/** The tags an answer's `OCI-Tag` header lines name (none when it has none). */
function ociTagsOf(header) {
    const lines = header === undefined ? [] : Array.isArray(header) ? header : [header];
    return lines.flatMap((l) => l.split(',').map((t) => t.trim())).filter((t) => t.length > 0);
}

;// CONCATENATED MODULE: ../src/steps/push.ts
/**
 * Put the list under every tag: different repositories in parallel; in one repository, the tags
 * that do not hold the list yet in one PUT by digest with every tag as `?tag=` where the registry
 * takes that (distribution spec, "Pushing Manifests"), else one after another. A tag that already
 * holds the list is left alone. A partial failure says which tags were written.
 */




/** Answers to a PUT with several `?tag=` that mean "ask one tag at a time" (spec: 414; also 431, 400). */
const TOO_MANY_TAGS = new Set([400, 414, 431]);
/**
 * One PUT by digest naming every tag. Returns the tags the registry did not name in `OCI-Tag`:
 * all of them where it ignores the parameter (distribution 2.8 answers 201 and sets none) or
 * refuses the request.
 */
async function putTogether(client, repo, tags, list, opts, written) {
    const where = `${client.registry}/${repo}`;
    let named;
    try {
        const ref = withTagQuery(list.digest, tags.map((t) => t.tag));
        named = new Set((await putChecked(client, repo, ref, list.bytes, list.mediaType, list.digest, opts)).tags);
    }
    catch (err) {
        if (!hasStatus(err, ...TOO_MANY_TAGS))
            throw err;
        opts.log.debug(`${where}: ${tags.length} tags in one PUT refused (HTTP ${err.status}): one PUT per tag`);
        return tags;
    }
    const rest = tags.filter((t) => !named.has(t.tag));
    const taken = tags.filter((t) => named.has(t.tag));
    taken.forEach(written);
    // A tag named but not asked for is not ours to claim: only the asked ones count.
    const extra = [...named].filter((n) => !tags.some((t) => t.tag === n));
    if (extra.length)
        opts.log.debug(`${where}: OCI-Tag also named ${extra.join(', ')}, not asked for: ignored`);
    opts.log.debug(`${where}: ${rest.length === 0
        ? `${tags.length} tags in one PUT (the registry named each in OCI-Tag)`
        : taken.length === 0
            ? `the registry ignored the ${tags.length} ?tag= parameters (no OCI-Tag): one PUT per tag`
            : `OCI-Tag named ${taken.length} of ${tags.length} tags: one PUT per tag for ${rest.map((t) => t.tag).join(', ')}`}`);
    return rest;
}
/** One repository's tags: those not yet on the list's digest written, in one PUT where possible. */
async function pushRepo(client, repo, tags, list, opts, outcome, checks) {
    const where = `${client.registry}/${repo}`;
    const current = await Promise.all(tags.map((t) => isCurrent(client, t.repository, t.tag, list.digest, checks?.tagDigest(t))));
    const pending = tags.filter((_, i) => !current[i]);
    tags.forEach((t, i) => {
        if (!current[i])
            return;
        outcome.set(t, 'current');
        opts.log.tagged?.(formatReference(t));
        opts.log.info(`${formatReference(t)} → ${list.digest} (already up to date)`);
    });
    const written = (t) => {
        outcome.set(t, 'written');
        opts.log.tagged?.(formatReference(t));
        opts.log.info(`${formatReference(t)} → ${list.digest}`);
    };
    if (pending.length === 0)
        opts.log.debug(`${where}: every tag already holds the list: nothing written`);
    if (pending.length === 1)
        opts.log.debug(`${where}: one tag to write: one PUT by tag`);
    const rest = pending.length > 1 ? await putTogether(client, repo, pending, list, opts, written) : pending;
    // Quay fails the same manifest PUT to two tags of one repository at once with MANIFEST_INVALID
    // (GoogleContainerTools/jib#2470): one repository's tags go one after another.
    for (const tag of rest) {
        try {
            await putChecked(client, repo, tag.tag, list.bytes, list.mediaType, list.digest, opts);
            written(tag);
        }
        catch (err) {
            outcome.set(tag, withRepoHint(err, repoName(tag)));
            return; // this repository's remaining tags stay unwritten
        }
    }
}
/**
 * @param fresh repositories (`registry/repo`) into which this run put manifests: a refusal
 *   naming an unknown manifest there is replication lag, retried for up to 30 s.
 */
async function pushTags(registries, tags, list, log, fresh = new Set(), checks) {
    const byRepo = new Map();
    for (const t of tags)
        byRepo.set(repoName(t), [...(byRepo.get(repoName(t)) ?? []), t]);
    const outcome = new Map();
    await Promise.all([...byRepo.entries()].map(async ([repo, repoTags]) => {
        const opts = { lagRetry: fresh.has(repo), signal: registries.signal, log };
        const first = repoTags[0];
        await pushRepo(registries.get(first.registry), first.repository, repoTags, list, opts, outcome, checks).catch((err) => {
            for (const t of repoTags)
                if (!outcome.has(t))
                    outcome.set(t, withRepoHint(err, repo));
        });
    }));
    const failed = tags.find((t) => outcome.get(t) instanceof Error);
    if (!failed)
        return;
    // Tags found up to date hold the list as much as those written now.
    const written = tags.filter((t) => outcome.get(t) === 'written' || outcome.get(t) === 'current').map(formatReference);
    const err = withContext(outcome.get(failed), `push ${formatReference(failed)}${written.length ? ` (already written: ${written.join(', ')})` : ''}`);
    // The edge's failure summary names the tags already written.
    throw Object.assign(err, { tagsWritten: written });
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = require("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __nccwpck_require__(1692);
var external_node_tls_default = /*#__PURE__*/__nccwpck_require__.n(external_node_tls_);
;// CONCATENATED MODULE: ../src/registry/proxy-agent.ts
/**
 * Agents that reach a registry through an HTTP(S) proxy with CONNECT tunnels: Node's own keep-alive
 * pool around them (a tunnel, once open, carries request after request like a direct connection),
 * the proxy's answer read here so a 407 or an unreachable proxy fails at once naming the proxy,
 * never its credentials. Replaces the toolkit's `tunnel` agents, which open a tunnel per request
 * and print a Buffer() deprecation warning when the proxy URL carries a password.
 */





/** The proxy's answer to CONNECT as an error, or undefined for 2xx. Exported for unit tests. */
function connectRefusal(proxy, target, statusLine) {
    const m = /^HTTP\/\d(?:\.\d)? (\d{3})\s*(.*)$/.exec(statusLine);
    const status = m ? Number(m[1]) : 0;
    if (status >= 200 && status < 300)
        return undefined;
    const said = m ? `${status}${m[2] ? ` ${m[2]}` : ''}` : JSON.stringify(statusLine.slice(0, 80));
    if (status === 407)
        return new TransportError(`proxy ${proxy.name} answered ${said} to CONNECT ${target}: ${proxy.authorization ? 'the user and password in the proxy URL were refused' : 'it asks for credentials: put user:password in the proxy URL (HTTPS_PROXY / HTTP_PROXY)'}`, 'PROXY_AUTH');
    // A gateway error is the proxy failing to reach the registry: as transient as a direct failure would be.
    const code = status === 502 || status === 503 || status === 504 ? 'ECONNREFUSED' : 'PROXY';
    return new TransportError(`proxy ${proxy.name} answered ${said} to CONNECT ${target}`, code);
}
/** Connect to the proxy, ask for a tunnel to `target` (host:port), and hand over the socket once it is open. */
function openTunnel(proxy, target, timeoutMs, pending, done) {
    const socket = proxy.protocol === 'https:'
        ? external_node_tls_default().connect({
            host: proxy.hostname,
            port: proxy.port,
            servername: external_node_net_default().isIP(proxy.hostname) ? '' : proxy.hostname
        })
        : external_node_net_default().connect(proxy.port, proxy.hostname);
    pending.add(socket);
    socket.setTimeout(timeoutMs);
    let head = Buffer.alloc(0);
    let settled = false;
    const finish = (err) => {
        if (settled)
            return;
        settled = true;
        pending.delete(socket);
        socket.setTimeout(0);
        socket.removeListener('readable', onReadable);
        socket.removeListener('error', onError);
        socket.removeListener('timeout', onTimeout);
        socket.removeListener('close', onClose);
        if (err) {
            socket.destroy();
            done(err);
        }
        else
            done(null, socket);
    };
    // Read with 'readable', not 'data': a flowing socket would drop what the next owner has not yet listened for.
    const onReadable = () => {
        let chunk;
        while ((chunk = socket.read()) !== null)
            head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) {
            if (head.length > 64 * 1024)
                finish(new TransportError(`proxy ${proxy.name}: no end to its answer to CONNECT ${target}`, 'PROXY'));
            return;
        }
        const refusal = connectRefusal(proxy, target, head.subarray(0, head.indexOf('\r\n')).toString('latin1'));
        // Bytes past the proxy's answer are the registry's: give them back to the stream.
        if (!refusal && end + 4 < head.length)
            socket.unshift(head.subarray(end + 4));
        finish(refusal ?? null);
    };
    const onError = (err) => finish(Object.assign(new TransportError(`proxy ${proxy.name} is unreachable (${err.code ?? err.message}): check HTTPS_PROXY / HTTP_PROXY`, 'PROXY'), { cause: err }));
    const onTimeout = () => finish(new TransportError(`proxy ${proxy.name} did not answer CONNECT ${target} within ${timeoutMs / 1000} s`, 'PROXY'));
    const onClose = () => finish(new TransportError(`proxy ${proxy.name} closed the connection before answering CONNECT ${target}`, 'ECONNRESET'));
    socket.on('readable', onReadable);
    socket.on('error', onError);
    socket.on('timeout', onTimeout);
    socket.on('close', onClose);
    socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
        const auth = proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : '';
        socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
    });
}
function targetOf(options, defaultPort) {
    const host = String(options.host ?? options.hostname ?? 'localhost');
    return `${external_node_net_default().isIPv6(host) ? `[${host}]` : host}:${options.port ?? defaultPort}`;
}
/** Plain HTTP through a tunnel: the tunnel is the connection. */
class TunnelHttpAgent extends (external_node_http_default()).Agent {
    proxy;
    timeoutMs;
    pending = new Set();
    constructor(proxy, timeoutMs, opts) {
        super(opts);
        this.proxy = proxy;
        this.timeoutMs = timeoutMs;
    }
    createConnection(options, callback) {
        const done = callback;
        openTunnel(this.proxy, targetOf(options, 80), this.timeoutMs, this.pending, done);
        return undefined;
    }
    destroy() {
        for (const s of this.pending)
            s.destroy();
        this.pending.clear();
        super.destroy();
    }
}
/** HTTPS through a tunnel: TLS to the registry inside it, with the agent's TLS options (verification, CA). */
class TunnelHttpsAgent extends (external_node_https_default()).Agent {
    proxy;
    timeoutMs;
    pending = new Set();
    constructor(proxy, timeoutMs, opts) {
        super(opts);
        this.proxy = proxy;
        this.timeoutMs = timeoutMs;
    }
    createConnection(options, callback) {
        const done = callback;
        openTunnel(this.proxy, targetOf(options, 443), this.timeoutMs, this.pending, (err, raw) => {
            if (err || !raw)
                return done(err ?? new Error('no tunnel'));
            done(null, external_node_tls_default().connect({ ...options, socket: raw }));
        });
        return undefined;
    }
    destroy() {
        for (const s of this.pending)
            s.destroy();
        this.pending.clear();
        super.destroy();
    }
}

;// CONCATENATED MODULE: external "node:stream/promises"
const external_node_stream_promises_namespaceObject = require("node:stream/promises");
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = require("node:fs");
var external_node_fs_default = /*#__PURE__*/__nccwpck_require__.n(external_node_fs_namespaceObject);
;// CONCATENATED MODULE: ../src/registry/tls.ts
/**
 * Which certificates a registry's TLS is checked against: Node's bundled roots (with
 * NODE_EXTRA_CA_CERTS), the system store (where update-ca-certificates puts a company CA, as
 * docker and skopeo see it), and docker's per-registry directory /etc/docker/certs.d/<host>/
 * (`*.crt` CAs, `*.cert` + `*.key` client certificate).
 */





/** docker's directory for one host below the certs.d base. */
function certsDir(host, base) {
    return external_node_path_default().join(base, host);
}
/** Whether docker's certs.d has an entry for this host. */
function hasCertsDir(host, base) {
    return external_node_fs_default().existsSync(certsDir(host, base));
}
function read(dir, ext) {
    let names;
    try {
        names = external_node_fs_default().readdirSync(dir)
            .filter((n) => n.endsWith(ext))
            .sort();
    }
    catch {
        return [];
    }
    return names.map((name) => ({ name, text: external_node_fs_default().readFileSync(external_node_path_default().join(dir, name), 'utf8') }));
}
function caCertificates(type) {
    try {
        return [...external_node_tls_default().getCACertificates(type)];
    }
    catch {
        return []; // an older runtime without the system store
    }
}
let roots;
const contexts = new Map();
/** A secure context for one registry host, built once. */
function secureContextFor(host, base) {
    const key = `${base}|${host}`;
    let ctx = contexts.get(key);
    if (!ctx) {
        roots ??= [...new Set([...caCertificates('default'), ...caCertificates('system')])];
        const dir = certsDir(host, base);
        const extra = read(dir, '.crt').map((c) => {
            try {
                new external_node_crypto_.X509Certificate(c.text);
            }
            catch {
                throw new TransportError(`${external_node_path_default().join(dir, c.name)} is not a PEM certificate; fix or remove it to reach ${host}`, 'CERT_FILE');
            }
            return c.text;
        });
        const options = { ca: [...roots, ...extra] };
        const cert = read(dir, '.cert')[0];
        if (cert) {
            const key = external_node_path_default().join(dir, cert.name.replace(/\.cert$/, '.key'));
            if (external_node_fs_default().existsSync(key))
                Object.assign(options, { cert: cert.text, key: external_node_fs_default().readFileSync(key, 'utf8') });
        }
        ctx = external_node_tls_default().createSecureContext(options);
        contexts.set(key, ctx);
    }
    return ctx;
}

;// CONCATENATED MODULE: ../src/registry/transport.ts
/**
 * HTTP for registries: one keep-alive agent per origin and TLS setting, timeouts on every
 * request, redirects followed by hand so credentials never leave the host they belong to.
 */






const MAX_REDIRECTS = 5;
/**
 * Connections per registry origin. A fan-in's waves (a HEAD, mounts and a PUT per child) are as
 * wide as the sources times the blobs; wider than this, a wave costs round trips in turns.
 */
const MAX_SOCKETS = 64;
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Plain Node agents: direct connections (agents.ts adds the proxy's; tests inject these). */
const nodeAgents = (origin, { skipVerify, secureContext }) => {
    const agent = origin.startsWith('https:')
        ? new (external_node_https_default()).Agent({
            keepAlive: true,
            maxSockets: MAX_SOCKETS,
            rejectUnauthorized: !skipVerify,
            ...(secureContext ? { secureContext } : {})
        })
        : new (external_node_http_default()).Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
    return { agent, dispose: () => agent.destroy() };
};
/** Node's error codes for a certificate that did not verify. */
function isCertificateError(err) {
    const code = err?.code ?? '';
    return /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|LEAF_SIGNATURE/.test(code);
}
/** An HTTPS request answered in plain HTTP: OpenSSL says "wrong version number" or similar. */
function isPlainHttpServer(err) {
    const e = err;
    return (e?.code === 'EPROTO' &&
        /wrong version number|packet length too long|http request|unknown protocol/i.test(e.message ?? ''));
}
class Transport {
    opts;
    agents = new Map();
    /** Hosts whose certificates are checked against the wider trust set (see tls.ts). */
    wideTrust = new Set();
    makeAgent;
    /**
     * Requests in flight per run signal. One abort listener per signal ends them all: Node's own
     * `signal` option adds a listener per request, and each add walks the signal's listeners for a
     * duplicate (quadratic in a fan-in's hundreds of requests, ~25 ms of CPU at N=32).
     */
    inFlight = new WeakMap();
    /** The last Authorization value found clean: the run's token, sent with every request, is checked once. */
    cleanAuthorization;
    constructor(opts) {
        this.opts = opts;
        this.makeAgent = opts.agents;
    }
    /**
     * Check this host against the system store and certs.d too. Building that context costs ~0.1 s,
     * so it is done only for hosts that need it: a certs.d entry, or a failed default verification.
     */
    trustWidely(host) {
        if (this.wideTrust.has(host))
            return false;
        this.wideTrust.add(host);
        const key = `https://${host}|false`;
        this.agents.get(key)?.dispose();
        this.agents.delete(key);
        return true;
    }
    agent(origin, skipVerify) {
        const key = `${origin}|${skipVerify}`;
        let a = this.agents.get(key);
        if (!a) {
            const host = new URL(origin).host;
            const wide = origin.startsWith('https:') &&
                !skipVerify &&
                (this.wideTrust.has(host) || hasCertsDir(host, this.opts.certsDir));
            a = this.makeAgent(origin, {
                skipVerify,
                secureContext: wide ? secureContextFor(host, this.opts.certsDir) : undefined
            });
            this.agents.set(key, a);
        }
        return a.agent;
    }
    async request(req) {
        let url = new URL(req.url);
        const headers = { ...(req.headers ?? {}) };
        const firstHost = url.host;
        for (let hop = 0;; hop++) {
            const res = await this.verified(req.method, url, headers, req.body, req.skipVerify ?? false, req.signal);
            const status = res.statusCode ?? 0;
            const location = res.headers.location;
            if ([301, 302, 303, 307, 308].includes(status) && location) {
                res.resume();
                const next = new URL(location, url);
                if (hop >= MAX_REDIRECTS) {
                    throw new TransportError(`${firstHost}: ${req.method} ${new URL(req.url).pathname} was redirected more than ${MAX_REDIRECTS} times (last to ${next.host}${next.pathname}); a redirect loop: check the registry's address and any proxy in front of it`, 'REDIRECT_LOOP');
                }
                if (url.protocol === 'https:' && next.protocol !== 'https:') {
                    throw new TransportError(`${url.host} redirected ${req.method} to plain HTTP (${next.host}); refusing the downgrade`);
                }
                // Storage redirects (S3, GCS, CDNs) carry their own signed query: never our credentials.
                if (next.host !== firstHost) {
                    for (const h of Object.keys(headers))
                        if (h.toLowerCase() === 'authorization')
                            delete headers[h];
                }
                url = next;
                continue;
            }
            if (req.stream && status >= 200 && status < 300) {
                return { status, headers: res.headers, body: Buffer.alloc(0), stream: res, url: url.toString() };
            }
            const body = await readLimited(res, req.method === 'HEAD' ? 0 : (req.maxBytes ?? DEFAULT_MAX_BYTES), url);
            return { status, headers: res.headers, body, url: url.toString() };
        }
    }
    /** Node's bundled roots did not verify the host: try once more with the system store and certs.d. */
    async verified(method, url, headers, body, skipVerify, signal) {
        try {
            return await this.once(method, url, headers, body, skipVerify, signal);
        }
        catch (err) {
            const retry = url.protocol === 'https:' &&
                !skipVerify &&
                !(body instanceof external_node_stream_.Readable) &&
                isCertificateError(err.cause ?? err);
            if (retry && this.trustWidely(url.host))
                return this.once(method, url, headers, body, skipVerify, signal);
            throw err;
        }
    }
    /**
     * One request. The agent comes from the factory (keep-alive, proxy from the environment,
     * TLS setting); the request itself is ours so a failing body stream aborts the upload at once.
     */
    once(method, url, headers, body, skipVerify, signal) {
        const h = { 'User-Agent': this.opts.userAgent, ...headers };
        if (typeof body === 'string' || Buffer.isBuffer(body))
            h['Content-Length'] = String(Buffer.byteLength(body));
        const ms = this.opts.timeoutMs;
        const timeout = () => Object.assign(new Error(`no answer within ${ms / 1000} s`), { code: 'TIMEOUT' });
        return new Promise((resolve, reject) => {
            const bad = badHeader(h, this.cleanAuthorization);
            if (bad)
                return reject(new TransportError(`${url.host}: the ${bad} header would carry a line break or control character; refusing to send it`, 'BAD_HEADER'));
            if (h.Authorization !== undefined)
                this.cleanAuthorization = h.Authorization;
            if (signal?.aborted)
                return reject(cancelled(url));
            let req;
            try {
                const agent = this.agent(url.origin, skipVerify);
                const mod = url.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
                req = mod.request(url, { method, headers: h, agent, timeout: ms }, (res) => {
                    clearTimeout(idle);
                    resolve(res);
                });
            }
            catch (err) {
                // Node refuses some requests synchronously (a header it will not send): fail now, no timer left.
                return reject(toTransportError(err, url));
            }
            const live = signal && this.track(signal);
            live?.add(req);
            // Node's socket timeout starts only once its socket says 'connect', which a socket an agent hands
            // over already connected (a proxy's tunnel) never says. So until the answer comes, an idle timer of
            // our own, whatever the agent: no socket, or no byte moved either way on it, for `ms`, ends the request.
            // Looked at four times per period: a stop is noticed at most a quarter period late.
            let socket;
            const moved = () => (socket ? socket.bytesRead + socket.bytesWritten : 0);
            let seen = 0;
            let lastMove = Date.now();
            const watch = () => {
                const now = moved();
                if (now !== seen)
                    [seen, lastMove] = [now, Date.now()];
                if (Date.now() - lastMove >= ms)
                    return req.destroy(timeout());
                idle = setTimeout(watch, Math.max(ms / 4, 10));
            };
            let idle = setTimeout(watch, Math.max(ms / 4, 10));
            req.on('socket', (s) => {
                socket = s;
                seen = moved();
            });
            req.on('close', () => {
                clearTimeout(idle);
                live?.delete(req);
            });
            req.on('timeout', () => req.destroy(timeout()));
            req.on('error', (err) => reject(signal?.aborted ? cancelled(url) : toTransportError(err, url)));
            if (body instanceof external_node_stream_.Readable) {
                (0,external_node_stream_promises_namespaceObject.pipeline)(body, req).catch((err) => req.destroy(err));
            }
            else {
                req.end(body);
            }
        });
    }
    /** The requests in flight under `signal`; its abort destroys each as Node's `signal` option would. */
    track(signal) {
        let live = this.inFlight.get(signal);
        if (!live) {
            const set = new Set();
            signal.addEventListener('abort', () => {
                for (const req of set)
                    req.destroy(abortError(signal));
                set.clear();
            }, { once: true });
            this.inFlight.set(signal, set);
            live = set;
        }
        return live;
    }
    dispose() {
        for (const a of this.agents.values())
            a.dispose();
        this.agents.clear();
    }
}
/** What Node's `signal` option destroys a request with. */
function abortError(signal) {
    return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), {
        name: 'AbortError',
        code: 'ABORT_ERR'
    });
}
/** The run is over: a request cut short for that is not a failure worth reporting or retrying. */
function cancelled(url) {
    return new TransportError(`${url.host}: cancelled, the run is over`, 'CANCELLED');
}
/**
 * The name of a header whose value Node would refuse (CR, LF, other control characters), if any.
 * `known`: a value already found clean, not scanned again.
 */
function badHeader(headers, known) {
    return Object.keys(headers).find(
    // eslint-disable-next-line no-control-regex
    (k) => headers[k] !== known && /[\u0000-\u0008\u000a-\u001f\u007f]/.test(String(headers[k])));
}
/** Wrap a socket-level failure with the host it concerns; keep Node's code for retry decisions. */
function toTransportError(err, url) {
    if (err instanceof TransportError)
        return err;
    const e = err;
    let code = e?.code;
    if (!code && /Request timeout/.test(e?.message ?? ''))
        code = 'TIMEOUT';
    if (!code && /socket hang up|aborted/i.test(e?.message ?? ''))
        code = 'ECONNRESET';
    const t = new TransportError(`${url.host}: ${e?.message ?? String(err)}`, code);
    t.cause = err;
    return t;
}
/**
 * The body, refused past `maxBytes`. Read with plain listeners rather than `for await`: the async
 * iterator sets up a stream-finished watch and a promise per chunk for every response (~15 ms
 * of CPU over a fan-in's few hundred small bodies); the outcomes are the same.
 */
function readLimited(res, maxBytes, url) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        let settled = false;
        const fail = (err) => {
            if (settled)
                return;
            settled = true;
            reject(toTransportError(err, url));
        };
        res.on('data', (chunk) => {
            if (settled)
                return;
            size += chunk.length;
            if (size > maxBytes) {
                fail(new TransportError(`${url.host}: response body larger than ${maxBytes} bytes from ${url.pathname}`, 'TOO_LARGE'));
                res.destroy();
                return;
            }
            chunks.push(chunk);
        });
        res.on('end', () => {
            if (settled)
                return;
            settled = true;
            resolve(Buffer.concat(chunks, size));
        });
        res.on('error', fail);
        // Closed before its end without an error of its own: what the async iterator calls a premature close.
        res.on('close', () => fail(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })));
    });
}

;// CONCATENATED MODULE: ../src/registry/agents.ts
/**
 * The agents requests go through in the action and the CLI: direct (transport.ts's nodeAgents), or
 * through the proxy the environment names for that origin (proxy-env.ts) with tunnels kept alive
 * and reused like direct connections (proxy-agent.ts).
 */



function environmentAgents(proxies, timeoutMs) {
    return (origin, tls) => {
        const proxy = proxyFor(new URL(origin), proxies);
        if (!proxy)
            return nodeAgents(origin, tls);
        const common = { keepAlive: true, maxSockets: MAX_SOCKETS };
        const agent = origin.startsWith('https:')
            ? new TunnelHttpsAgent(proxy, timeoutMs, {
                ...common,
                rejectUnauthorized: !tls.skipVerify,
                ...(tls.secureContext ? { secureContext: tls.secureContext } : {})
            })
            : new TunnelHttpAgent(proxy, timeoutMs, common);
        return { agent, dispose: () => agent.destroy() };
    };
}

;// CONCATENATED MODULE: ../src/registry/credentials/buildx.ts
/**
 * buildx's scoped credentials, as docker/login-action's `scope` input writes them (its
 * src/context.ts, scopeToConfigDir): `$BUILDX_CONFIG/config/<registry>[/<repository>][@<scope>[,…]]/config.json`,
 * a docker config that holds the login for that registry. Docker Hub's directory is
 * `registry-1.docker.io`. The most specific directory whose repository and scopes cover the
 * access wins: a deeper repository path first, then one that names its scopes.
 */



/** The directory name docker/login-action gives a registry. */
function registryDirName(registry) {
    return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}
/** `name` or `name@push,pull` for the path segment `segment`: its scopes, null when it is another name. */
function scopesOfName(name, segment) {
    if (name === segment)
        return undefined;
    if (!name.startsWith(`${segment}@`))
        return null;
    const scopes = name.slice(segment.length + 1).split(',');
    return scopes.every((s) => /^[a-z]+$/.test(s)) ? scopes : null;
}
/** Whether scopes allow the access: push needs push; pull is allowed by pull or push (a pusher reads too). */
function scopesAllow(scopes, access) {
    if (!scopes)
        return true;
    return access === 'push' ? scopes.includes('push') : scopes.includes('pull') || scopes.includes('push');
}
/** The candidates that allow the access, most specific first. */
function rankScopedDirs(dirs, access) {
    return dirs
        .filter((d) => scopesAllow(d.scopes, access))
        .sort((a, b) => b.depth - a.depth || Number(!!b.scopes) - Number(!!a.scopes));
}
async function names(dir) {
    try {
        return (await (0,promises_namespaceObject.readdir)(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    }
    catch {
        return [];
    }
}
/** Every scoped directory under `buildxConfig` that names this registry and a prefix of the repository. */
async function findScopedDirs(buildxConfig, registry, repository) {
    const segments = [registryDirName(registry), ...repository.split('/')];
    const out = [];
    let parent = external_node_path_default().join(buildxConfig, 'config');
    for (let depth = 0; depth < segments.length; depth++) {
        const listed = await names(parent);
        for (const name of listed) {
            const scopes = scopesOfName(name, segments[depth]);
            if (scopes !== null)
                out.push({ dir: external_node_path_default().join(parent, name), depth, scopes });
        }
        if (!listed.includes(segments[depth]))
            break;
        parent = external_node_path_default().join(parent, segments[depth]);
    }
    return out;
}

;// CONCATENATED MODULE: ../src/registry/credentials/credential.ts
/** One credential, where it came from, and the checks every source's credential goes through. */


/** Docker Hub's key in config.json; what credential helpers are asked for. */
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
/** `https://ghcr.io/v2/`, `ghcr.io` and Docker Hub's spellings all name one registry. */
function normalizeConfigKey(key) {
    return canonicalRegistry(key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, ''));
}
/** base64(`user:password`): what Basic auth sends (RFC 7617), and so a secret to mask as well. */
function basicToken(username, password) {
    return Buffer.from(`${username}:${password}`).toString('base64');
}
/** Every value of a credential that must never reach a log. */
function secretsOf(c) {
    const out = [c.password, c.identityToken, c.registryToken].filter((s) => !!s);
    if (c.username && c.password)
        out.push(basicToken(c.username, c.password));
    return out;
}
/**
 * A credential is sent in a header (Basic, Bearer) or a form: a CR, LF or other control character
 * in it (a secret pasted with its trailing newline) can never work and would break the request.
 * Said at once, naming the registry, the field and where it came from, never the value.
 */
function checkCredential(registry, c) {
    const fields = [
        ['username', c.username],
        ['password', c.password],
        ['identity token', c.identityToken],
        ['registry token', c.registryToken]
    ];
    for (const [field, value] of fields) {
        // eslint-disable-next-line no-control-regex
        if (value !== undefined && /[\u0000-\u001f\u007f]/.test(value)) {
            const what = /[\r\n]/.test(value) ? 'a line break' : 'a control character';
            throw new InputError(`the credentials for ${registry} from ${c.from} have ${what} in the ${field}; fix the secret given to the login step (often a trailing newline) or that entry`);
        }
    }
}

;// CONCATENATED MODULE: ../src/registry/credentials/docker-config.ts
/**
 * docker's config.json format, wherever it is kept: `$DOCKER_CONFIG/config.json`, a buildx scoped
 * directory, or the `DOCKER_AUTH_CONFIG` variable. `credHelpers` (per registry) first, then an
 * `auths` entry, then `credsStore`, as the docker CLI reads them.
 */




/** Parse a config's text; `where` names it (a file, a variable) in the error. */
function parseDockerConfig(text, where, fix) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (err) {
        // JSON.parse quotes the text around the fault, which may be a secret: say only where it is.
        const at = /at position \d+(?: \(line \d+ column \d+\))?/.exec(err.message)?.[0];
        throw new InputError(`cannot read ${where}: it is not valid JSON${at ? ` (${at})` : ''}; ${fix}`);
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed;
    throw new InputError(`cannot read ${where}: it is not a JSON object; ${fix}`);
}
/** A config file, or `{}` when there is none. */
async function readDockerConfigFile(file, fix = 'fix the file or point DOCKER_CONFIG elsewhere') {
    let text;
    try {
        text = await (0,promises_namespaceObject.readFile)(file, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return {};
        throw new InputError(`cannot read ${file}: ${err.message}; ${fix}`, { cause: err });
    }
    return parseDockerConfig(text, file, fix);
}
function lookupKey(table, registry) {
    if (!table || typeof table !== 'object')
        return undefined;
    for (const [key, value] of Object.entries(table))
        if (normalizeConfigKey(key) === registry)
            return [key, value];
    return undefined;
}
/**
 * The credential an `auths` entry holds; undefined for an empty entry (docker leaves one behind
 * when a credential store keeps the secret). An `auth` that does not decode to `user:password` is
 * malformed: said with where it is, never silently anonymous (issue 17, item 9).
 */
function fromAuthEntry(entry, where, key) {
    const from = `${where} (auths["${key}"])`;
    if (!entry || typeof entry !== 'object')
        return undefined;
    if (entry.registrytoken)
        return { registryToken: entry.registrytoken, from };
    if (entry.identitytoken)
        return { identityToken: entry.identitytoken, username: entry.username, from };
    if (entry.username && entry.password)
        return { username: entry.username, password: entry.password, from };
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const i = decoded.indexOf(':');
        if (i > 0)
            return { username: decoded.slice(0, i), password: decoded.slice(i + 1), from };
        throw new InputError(`the entry auths["${key}"] in ${where} is malformed: its "auth" is not base64 of "user:password"; log in again or fix that entry`);
    }
    return undefined;
}
/** The credential a docker config holds for `registry`; `where` names the config in `from`. */
async function fromDockerConfig(config, registry, where, runHelper) {
    const serverUrl = registry === DOCKER_HUB ? DOCKER_HUB_KEY : registry;
    const helper = lookupKey(config.credHelpers, registry);
    // Where a credential came from names the config key that chose it (auths, credHelpers, credsStore).
    if (helper)
        return runHelper(helper[1], helper[0], where).then((c) => c && { ...c, from: `${c.from} (credHelpers["${helper[0]}"] in ${where})` });
    const entry = lookupKey(config.auths, registry);
    const inline = entry && fromAuthEntry(entry[1], where, entry[0]);
    if (inline)
        return inline;
    if (config.credsStore)
        return runHelper(config.credsStore, entry?.[0] ?? serverUrl, where).then((c) => c && { ...c, from: `${c.from} (credsStore in ${where})` });
    return undefined;
}

;// CONCATENATED MODULE: ../src/registry/credentials/containers-auth.ts
/**
 * The auth file of podman, buildah and skopeo (containers-auth.json(5)): `$REGISTRY_AUTH_FILE`,
 * else `$XDG_RUNTIME_DIR/containers/auth.json` then `~/.config/containers/auth.json`. Its
 * `auths` keys are `registry` or `registry/namespace[/repository]`; the most specific key that
 * names the repository (or a namespace above it) wins, and a key with a scheme is the legacy,
 * registry-wide form.
 */


/** A key as a `registry[/path]` with the registry canonical; a key with a scheme names its registry only. */
function keyScope(key) {
    if (/^[a-z]+:\/\//i.test(key))
        return canonicalRegistry(key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, ''));
    const trimmed = key.replace(/\/+$/, '');
    const slash = trimmed.indexOf('/');
    return slash < 0
        ? canonicalRegistry(trimmed)
        : `${canonicalRegistry(trimmed.slice(0, slash))}${trimmed.slice(slash)}`;
}
/** The most specific `auths` key for this repository: `registry/a/b`, then `registry/a`, then `registry`. */
function pickAuthKey(auths, registry, repository) {
    const scopes = new Map();
    for (const key of Object.keys(auths))
        if (!scopes.has(keyScope(key)))
            scopes.set(keyScope(key), key);
    const parts = repository.split('/');
    for (let n = parts.length; n >= 0; n--) {
        const key = scopes.get([registry, ...parts.slice(0, n)].join('/'));
        if (key !== undefined)
            return key;
    }
    return undefined;
}
/** The credential the containers auth file holds for this repository. */
async function fromContainersAuth(file, registry, repository, runHelper) {
    const config = await readDockerConfigFile(file, 'fix the file or point REGISTRY_AUTH_FILE elsewhere');
    const helper = lookupKey(config.credHelpers, registry);
    if (helper)
        return runHelper(helper[1], helper[0], file).then((c) => c && { ...c, from: `${c.from} (credHelpers["${helper[0]}"] in ${file})` });
    if (!config.auths || typeof config.auths !== 'object')
        return undefined;
    const key = pickAuthKey(config.auths, registry, repository);
    return key === undefined ? undefined : fromAuthEntry(config.auths[key], file, key);
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = require("node:child_process");
;// CONCATENATED MODULE: ../src/registry/credentials/helper-command.ts
/**
 * How to start `docker-credential-<name>`: pure, so the Windows rules are tested on any OS.
 * On Windows a helper may be an `.exe`, or a `.cmd`/`.bat` script (gcloud's is
 * `docker-credential-gcloud.cmd`), which only `cmd.exe` can run: it is found on PATH with PATHEXT
 * as cmd.exe finds it, and started as `cmd.exe /d /s /c ""PATH" get"` with the path quoted and
 * refused where cmd.exe could read into it (`"`, `%`, a control character). Nothing of the input
 * is ever put in a shell string unquoted: the helper's name is checked, its argument is fixed,
 * and the server URL goes to its stdin.
 */


/** docker's helper names: gcloud, ecr-login, desktop.exe's `desktop`, wincred, osxkeychain, pass… */
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Windows' executable extensions, in PATHEXT's order; only the ones that can be started without a shell or through cmd.exe. */
function extensions(pathExt) {
    const all = (pathExt || '.COM;.EXE;.BAT;.CMD').split(';').map((e) => e.trim().toLowerCase());
    return all.filter((e) => ['.com', '.exe', '.bat', '.cmd'].includes(e));
}
/** The helper's file on Windows' PATH, or undefined when none is there. */
function findOnWindowsPath(bin, env) {
    const dirs = (env.pathVar ?? '').split(';').filter(Boolean);
    for (const dir of dirs) {
        for (const ext of extensions(env.pathExt)) {
            const candidate = external_node_path_default().win32.join(dir.replace(/^"(.*)"$/, '$1'), bin + ext);
            if (env.isFile(candidate))
                return candidate;
        }
    }
    return undefined;
}
/** Characters cmd.exe interprets even inside double quotes, or that would end them. */
// eslint-disable-next-line no-control-regex
const CMD_UNSAFE = /["%\u0000-\u001f]/;
/**
 * The command that runs `docker-credential-<name> <action>`; undefined when it is not on PATH
 * (Windows; elsewhere the OS finds it, and a missing one fails with ENOENT).
 */
function helperCommand(name, action, env) {
    if (!HELPER_NAME.test(name))
        throw new InputError(`credential helper name "${name}" is not a helper name (letters, digits, ".", "_", "-"); fix credHelpers or credsStore`);
    const bin = `docker-credential-${name}`;
    if (env.platform !== 'win32')
        return { file: bin, args: [action] };
    const found = findOnWindowsPath(bin, env);
    if (!found)
        return undefined;
    if (!/\.(cmd|bat)$/i.test(found))
        return { file: found, args: [action] };
    if (CMD_UNSAFE.test(found))
        throw new InputError(`credential helper ${found} cannot be run safely through cmd.exe (its path holds " or %): move it to a directory without them`);
    // /d: no AutoRun commands; /s /c "…": cmd.exe strips exactly the outer quotes and runs the rest.
    return {
        file: env.comSpec || 'cmd.exe',
        args: ['/d', '/s', '/c', `""${found}" ${action}"`],
        windowsVerbatimArguments: true
    };
}

;// CONCATENATED MODULE: ../src/registry/credentials/helper.ts
/**
 * Run `docker-credential-<name> get` (docker's credential-helper protocol: the server URL on
 * stdin, `{"Username","Secret"}` on stdout). A helper that does not answer in time (one waiting
 * for a keychain prompt) is ended with everything it started, and the message says it timed out.
 */




const HELPER_TIMEOUT_MS = 30_000;
const isFile = (p) => {
    try {
        return (0,external_node_fs_namespaceObject.statSync)(p).isFile();
    }
    catch {
        return false;
    }
};
/** A key of an environment, case-insensitively (Windows spells PATH as Path). */
function envValue(env, name) {
    const key = Object.keys(env).find((k) => k.toUpperCase() === name);
    return key === undefined ? undefined : env[key];
}
/** End the helper and its children: its own process group on POSIX, taskkill /T on Windows. */
function endTree(child, platform) {
    if (child.pid === undefined)
        return;
    try {
        if (platform === 'win32')
            (0,external_node_child_process_namespaceObject.spawnSync)('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
        else
            process.kill(-child.pid, 'SIGKILL');
    }
    catch {
        child.kill('SIGKILL');
    }
}
function run(cmd, input, opts) {
    return new Promise((resolve) => {
        const child = (0,external_node_child_process_namespaceObject.spawn)(cmd.file, cmd.args, {
            env: opts.env,
            // POSIX: a process group of its own, so a timeout ends the helper's children too.
            detached: opts.platform !== 'win32',
            windowsHide: true,
            windowsVerbatimArguments: cmd.windowsVerbatimArguments,
            stdio: ['pipe', 'pipe', 'pipe']
        });
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        child.stdout?.on('data', (d) => (stdout += d.toString('utf8')));
        child.stderr?.on('data', (d) => (stderr += d.toString('utf8')));
        const timer = setTimeout(() => {
            timedOut = true;
            endTree(child, opts.platform);
            // Not waiting for 'close': a grandchild that left the group could hold the pipes open.
            for (const s of [child.stdin, child.stdout, child.stderr])
                s?.destroy();
            resolve({ code: null, stdout, stderr, timedOut });
        }, opts.timeoutMs);
        child.stdin?.on('error', () => undefined);
        child.stdin?.end(input);
        child.on('error', (error) => {
            clearTimeout(timer);
            resolve({ code: null, stdout, stderr, timedOut, error });
        });
        child.on('close', (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr, timedOut });
        });
    });
}
/** Run `docker-credential-<name> get` for `serverUrl`; undefined when the helper has nothing for it. */
async function runCredentialHelper(name, serverUrl, where = "docker's config.json", options = {}) {
    const opts = {
        env: options.env ?? process.env,
        platform: options.platform ?? process.platform,
        timeoutMs: options.timeoutMs ?? HELPER_TIMEOUT_MS
    };
    const bin = `docker-credential-${name}`;
    const notOnPath = () => new InputError(`credential helper ${bin} (configured for ${serverUrl} in ${where}) is not on PATH: install it or remove it from that file`);
    const cmd = helperCommand(name, 'get', {
        platform: opts.platform,
        pathVar: envValue(opts.env, 'PATH'),
        pathExt: envValue(opts.env, 'PATHEXT'),
        comSpec: envValue(opts.env, 'COMSPEC'),
        isFile
    });
    if (!cmd)
        throw notOnPath();
    const out = await run(cmd, serverUrl, opts);
    if (out.timedOut)
        throw new InputError(`credential helper ${bin} timed out: no answer for ${serverUrl} within ${opts.timeoutMs / 1000} s (configured in ${where}); it was ended. Check that it does not wait for a prompt or a login`);
    if (out.error?.code === 'ENOENT')
        throw notOnPath();
    if (out.error)
        throw new InputError(`credential helper ${bin} could not be started: ${out.error.message}`);
    if (out.code !== 0) {
        // docker's helpers print their errors on stdout ("credentials not found in native keychain").
        if (/not found|no credentials/i.test(`${out.stdout}${out.stderr}`))
            return undefined;
        throw new InputError(`credential helper ${bin} failed for ${serverUrl}: ${helperFailure(out)}`);
    }
    return parseHelperAnswer(out.stdout, bin, serverUrl);
}
/**
 * What a failed helper said, for the error line: its stderr, else stdout's first line unless that
 * may be an answer (a helper that printed its JSON and then failed must not leak the secret).
 */
function helperFailure(out) {
    const first = (t) => t.trim().split('\n')[0];
    const said = first(out.stderr) || (/[{}]|secret/i.test(out.stdout) ? '' : first(out.stdout));
    return said || `exit code ${out.code}`;
}
/** The helper's JSON answer as a credential; docker's "<token>" username marks an identity token. */
function parseHelperAnswer(stdout, bin, serverUrl) {
    let answer;
    try {
        answer = JSON.parse(stdout);
    }
    catch {
        // Not the parser's message: it quotes what the helper printed, which may hold the secret.
        throw new InputError(`credential helper ${bin} printed something that is not JSON for ${serverUrl}`);
    }
    if (!answer?.Secret)
        return undefined;
    if (answer.Username === '<token>')
        return { identityToken: answer.Secret, from: bin };
    return { username: answer.Username, password: answer.Secret, from: bin };
}

;// CONCATENATED MODULE: ../src/registry/credentials/lookup.ts
/**
 * The one place that decides which credential a request uses, per registry and repository, first
 * match wins (interface.md, "Credentials in v3"):
 *   1. the inputs: `username`/`password`, then `registry-auth`;
 *   2. buildx's scoped configs (docker/login-action's `scope`), the most specific that covers the access;
 *   3. `$DOCKER_CONFIG/config.json` (else ~/.docker/config.json);
 *   4. `DOCKER_AUTH_CONFIG` (GitLab CI's convention: a config.json in a variable);
 *   5. the containers auth file of podman, buildah and skopeo.
 * Each source is a reader beside this file; every secret found is handed to `onSecret` for masking.
 */









class CredentialStore {
    onSecret;
    sources;
    cache = new Once();
    /** What the per-registry sources (config.json, DOCKER_AUTH_CONFIG) hold: their helpers run once per registry. */
    perRegistry = new Once();
    config;
    runHelper;
    readers;
    /** config.json, for messages. */
    get file() {
        return external_node_path_default().join(this.sources.dockerConfig, 'config.json');
    }
    constructor(sources, 
    /** Called with every secret found, so the edge can mask it in logs. */
    onSecret = () => { }) {
        this.onSecret = onSecret;
        this.sources = typeof sources === 'string' ? { dockerConfig: sources } : sources;
        for (const c of this.sources.inputs ?? [])
            for (const s of secretsOf(c))
                onSecret(s);
        const helper = this.sources.helper ?? {};
        this.runHelper = (name, server, where) => runCredentialHelper(name, server, where, helper);
        this.readers = [
            (r) => this.fromInputs(r),
            (r, repo, access) => this.fromBuildx(r, repo, access),
            (r) => this.perRegistry.run(`config.json ${r}`, () => this.fromConfigJson(r)),
            (r) => this.perRegistry.run(`DOCKER_AUTH_CONFIG ${r}`, () => this.fromEnv(r)),
            (r, repo) => this.fromContainersAuth(r, repo)
        ];
    }
    /** Start reading config.json (once); what it holds, or why it cannot be read, is for lookup() to say. */
    preload() {
        this.config ??= readDockerConfigFile(this.file);
        this.config.catch(() => undefined);
    }
    /**
     * The credential for `repository` on `registry` (as users name it: docker.io, ghcr.io,
     * host:port), for pulling or pushing; undefined: anonymous. Once per registry, repository and access.
     */
    lookup(registry, repository = '', access = 'pull') {
        return this.cache.run(`${registry} ${repository} ${access}`, async () => {
            for (const read of this.readers) {
                const c = await read(registry, repository, access);
                if (!c)
                    continue;
                checkCredential(registry, c);
                for (const s of secretsOf(c))
                    this.onSecret(s);
                return c;
            }
            return undefined;
        });
    }
    /** Where a lookup looked, for "no credentials for X were found in …". */
    searched() {
        const s = this.sources;
        const where = ['the inputs'];
        if (s.buildxConfig)
            where.push(`buildx's scoped configs (${external_node_path_default().join(s.buildxConfig, 'config')})`);
        where.push(`${this.file} (auths, credHelpers, credsStore)`);
        if (s.dockerAuthConfig !== undefined)
            where.push('DOCKER_AUTH_CONFIG');
        where.push(...(s.containersAuthFiles ?? []));
        return where.join(', ');
    }
    async fromInputs(registry) {
        const c = (this.sources.inputs ?? []).find((i) => i.registry === registry);
        return (c && { username: c.username, password: c.password, from: c.from, fix: `check the password given in ${c.from}` });
    }
    async fromBuildx(registry, repository, access) {
        if (!this.sources.buildxConfig || !repository)
            return undefined;
        const dirs = rankScopedDirs(await findScopedDirs(this.sources.buildxConfig, registry, repository), access);
        for (const { dir } of dirs) {
            const file = external_node_path_default().join(dir, 'config.json');
            const c = await fromDockerConfig(await readDockerConfigFile(file), registry, file, this.runHelper);
            if (c)
                return c;
        }
        return undefined;
    }
    async fromConfigJson(registry) {
        this.config ??= readDockerConfigFile(this.file);
        return fromDockerConfig(await this.config, registry, this.file, this.runHelper);
    }
    async fromEnv(registry) {
        const text = this.sources.dockerAuthConfig;
        if (text === undefined || text.trim() === '')
            return undefined;
        const config = parseDockerConfig(text, 'DOCKER_AUTH_CONFIG', 'fix the variable (a docker config.json)');
        return fromDockerConfig(config, registry, 'DOCKER_AUTH_CONFIG', this.runHelper);
    }
    async fromContainersAuth(registry, repository) {
        for (const file of this.sources.containersAuthFiles ?? []) {
            const c = await fromContainersAuth(file, registry, repository, this.runHelper);
            if (c)
                return c;
        }
        return undefined;
    }
}

;// CONCATENATED MODULE: ../src/registry/credentials/index.ts
/** Credentials: the lookup (one owner of the order) and what its readers share. */


;// CONCATENATED MODULE: ../src/registry/error-body.ts
const MAX_PART = 300;
const MAX_SUMMARY = 600;
/** One line, printable characters only, bounded: a body must not bend our one-line failure. */
function clean(text, max = MAX_PART) {
    const t = text
        // eslint-disable-next-line no-control-regex -- control characters are exactly what goes
        .replace(/[\u0000-\u001f\u007f]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
function detailText(detail) {
    if (detail === undefined || detail === null || detail === '')
        return undefined;
    if (typeof detail === 'string')
        return clean(detail);
    try {
        const s = JSON.stringify(detail);
        return s && s !== '{}' && s !== '[]' ? clean(s) : undefined;
    }
    catch {
        return undefined;
    }
}
/** `CODE message (detail: …)` for one spec error. */
function describeEntry(e) {
    const detail = detailText(e.detail);
    return [e.code && clean(e.code), e.message && clean(e.message), detail && `(detail: ${detail})`]
        .filter(Boolean)
        .join(' ');
}
function parseErrorBody(body, contentType) {
    const text = body?.length ? body.toString('utf8') : '';
    if (!text.trim())
        return { errors: [] };
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        // Not JSON: plain text is the server's own words; an HTML page (a proxy's) is not worth quoting.
        const type = String(Array.isArray(contentType) ? contentType[0] : (contentType ?? '')).toLowerCase();
        if (type.includes('html') || /^\s*</.test(text))
            return { errors: [] };
        const summary = clean(text);
        return { errors: [], summary: summary || undefined };
    }
    if (!json || typeof json !== 'object')
        return { errors: [] };
    const j = json;
    const errors = Array.isArray(j.errors)
        ? j.errors
            .filter((e) => !!e && typeof e === 'object')
            .map((e) => ({
            code: typeof e.code === 'string' ? e.code : undefined,
            message: typeof e.message === 'string' ? e.message : undefined,
            detail: e.detail
        }))
        : [];
    const parts = errors.map(describeEntry).filter(Boolean);
    // OAuth2 token endpoints (RFC 6749 §5.2) and some registries' own shapes.
    const oauth = [j.error, j.error_description, j.details, j.message]
        .filter((x) => typeof x === 'string' && x.length > 0)
        .map((x) => clean(x));
    if (oauth.length)
        parts.unshift([...new Set(oauth)].join(': '));
    const summary = parts.length ? clean(parts.join('; '), MAX_SUMMARY) : undefined;
    return { errors, summary };
}

;// CONCATENATED MODULE: ../src/registry/login-hint.ts
/** How to log in to `registry` from this edge. */
function loginStep(registry, edge = 'action') {
    return edge === 'cli' ? `docker login ${registry}` : 'docker/login-action before this step';
}
/** How to allow plain HTTP or unverified TLS from this edge. */
function insecureStep(edge = 'action') {
    return edge === 'cli' ? 'pass --insecure' : 'set insecure: true';
}
/** The hint for a 401 from `registry` (or its token server). */
function unauthorizedHint(registry, credential, edge = 'action', searched = 'the docker config') {
    if (credential)
        return `the credentials for ${registry} from ${credential.from} were refused: ${credential.fix ?? `check them, or log in again (${loginStep(registry, edge)})`}`;
    return `no credentials for ${registry} were found in ${searched}: log in first (${loginStep(registry, edge)}), or make the repository public`;
}

;// CONCATENATED MODULE: ../src/registry/auth.ts
/** Registry auth: WWW-Authenticate challenges, Basic, and bearer tokens per scope set. */





/**
 * Parse `WWW-Authenticate` (RFC 7235): several challenges, quoted params with escapes,
 * commas inside quotes (`scope="repository:a:pull,push"`).
 */
function parseChallenges(header) {
    const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
    const out = [];
    let i = 0;
    const skip = (re) => {
        while (i < text.length && re.test(text[i]))
            i++;
    };
    while (i < text.length) {
        skip(/[\s,]/);
        const scheme = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+/.exec(text.slice(i))?.[0];
        if (!scheme)
            break;
        i += scheme.length;
        const challenge = { scheme: scheme.toLowerCase(), params: {} };
        out.push(challenge);
        for (;;) {
            skip(/[\s,]/);
            const m = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*/.exec(text.slice(i));
            if (!m)
                break;
            i += m[0].length;
            let value = '';
            if (text[i] === '"') {
                i++;
                while (i < text.length && text[i] !== '"') {
                    if (text[i] === '\\' && i + 1 < text.length)
                        i++;
                    value += text[i++];
                }
                i++;
            }
            else {
                const v = /^[^\s,]*/.exec(text.slice(i))[0];
                value = v;
                i += v.length;
            }
            challenge.params[m[1].toLowerCase()] = value;
        }
    }
    return out;
}
const ACTIONS = { pull: 'pull', push: 'pull,push', delete: 'delete' };
/** `repository:NAME:pull` / `repository:NAME:pull,push` / `repository:NAME:delete`. */
function repoScope(repository, access) {
    return `repository:${repository}:${ACTIONS[access]}`;
}
function parseScope(s) {
    const i = s.lastIndexOf(':');
    return { resource: s.slice(0, i), actions: new Set(s.slice(i + 1).split(',')) };
}
/** Whether a token for `granted` covers every scope of `needed`. */
function scopesCover(granted, needed) {
    const have = granted.map(parseScope);
    return needed.every((n) => {
        const want = parseScope(n);
        return have.some((h) => h.resource === want.resource && [...want.actions].every((a) => h.actions.has(a)));
    });
}
/** Merge scopes for the same resource into one entry with the union of actions. */
function mergeScopes(scopes) {
    const map = new Map();
    for (const s of scopes) {
        const { resource, actions } = parseScope(s);
        const set = map.get(resource) ?? new Set();
        actions.forEach((a) => set.add(a));
        map.set(resource, set);
    }
    // Known actions in their usual order, then any others: the same set always reads the same.
    const known = ['pull', 'push', 'delete', '*'];
    const ordered = (actions) => [
        ...known.filter((x) => actions.has(x)),
        ...[...actions].filter((x) => !known.includes(x))
    ];
    return [...map.keys()].sort().map((resource) => `${resource}:${ordered(map.get(resource)).join(',')}`);
}
/** `Basic base64(user:password)` (RFC 7617), for the registry and its token server alike. */
function basicAuthorization(username, password) {
    return `Basic ${basicToken(username, password)}`;
}
class RegistryAuth {
    ctx;
    challenge;
    /** Every scope this run needs on this registry: one token covers them all. */
    runScopes = [];
    /** runScopes joined, the key of its token. */
    runKey = '';
    /** Per scope, whether runScopes cover it: asked for every request, so remembered until they change. */
    covered = new Map();
    /** The Basic header, built once (the credential is fixed for the run). */
    basic;
    tokens = new Once();
    constructor(ctx) {
        this.ctx = ctx;
    }
    /** The credential this authentication sends (undefined: anonymous). */
    get credential() {
        return this.ctx.credential;
    }
    setChallenge(header) {
        const all = parseChallenges(header);
        this.challenge = all.find((c) => c.scheme === 'bearer') ?? all.find((c) => c.scheme === 'basic') ?? this.challenge;
    }
    get scheme() {
        return this.challenge?.scheme;
    }
    /** Declare the scopes of the whole run, so one token serves every request. */
    addRunScopes(scopes) {
        this.setRunScopes(mergeScopes([...this.runScopes, ...scopes]));
    }
    setRunScopes(scopes) {
        this.runScopes = scopes;
        this.runKey = scopes.join(' ');
        this.covered.clear();
    }
    /** scopesCover(runScopes, scopes), one scope at a time (the same answer), each remembered. */
    covers(scopes) {
        for (const s of scopes) {
            let ok = this.covered.get(s);
            if (ok === undefined) {
                ok = scopesCover(this.runScopes, [s]);
                this.covered.set(s, ok);
            }
            if (!ok)
                return false;
        }
        return true;
    }
    /** The Authorization header for a request needing `scopes`, or undefined when none is needed. */
    async header(scopes) {
        const c = this.challenge;
        if (!c)
            return undefined;
        const cred = this.ctx.credential;
        if (c.scheme === 'basic') {
            if (!cred?.username || !cred.password)
                return undefined;
            return (this.basic ??= basicAuthorization(cred.username, cred.password));
        }
        if (c.scheme !== 'bearer')
            return undefined;
        if (cred?.registryToken)
            return `Bearer ${cred.registryToken}`;
        if (this.covers(scopes))
            return (await this.token(this.runScopes, this.runKey)).authorization;
        return (await this.token(mergeScopes([...this.runScopes, ...scopes]))).authorization;
    }
    /**
     * After a 401: take the new challenge, drop the token that failed, and say whether asking
     * again can help (a bearer challenge can name a wider scope; Basic with no credentials cannot).
     */
    unauthorized(res, scopes) {
        const before = this.challenge?.scheme;
        this.setChallenge(res.headers['www-authenticate']);
        const c = this.challenge;
        if (!c)
            return false;
        if (c.scheme === 'bearer') {
            const extra = c.params.scope ? c.params.scope.split(' ') : [];
            this.setRunScopes(mergeScopes([...this.runScopes, ...scopes, ...extra]));
            this.tokens.clear();
            return !this.ctx.credential?.registryToken;
        }
        return c.scheme === 'basic' && before !== 'basic' && !!this.ctx.credential?.password;
    }
    token(scopes, key = scopes.join(' ')) {
        const p = this.tokens.run(key, () => this.fetchToken(scopes));
        return p.then((t) => {
            if (t.expiresAt > Date.now() + 10_000)
                return t;
            this.tokens.forget(key, p);
            return this.token(scopes, key);
        }, (err) => {
            // A refusal is not remembered: a later request asks again.
            this.tokens.forget(key, p);
            throw err;
        });
    }
    /** Ask the challenge's token server for a token covering `scopes`. */
    async fetchToken(scopes) {
        const params = this.challenge.params;
        const realm = params.realm;
        if (!realm)
            throw new RegistryError(`${this.ctx.registry}: bearer challenge without a realm; the registry's auth is misconfigured`, 401);
        const cred = this.ctx.credential;
        this.refusePlainHttpRealm(new URL(realm));
        const res = await this.requestToken(realm, params.service, scopes);
        const realmHost = new URL(realm).host;
        if (res.status !== 200)
            throw this.refusal(res, realmHost, scopes);
        const body = this.tokenAnswer(res, realmHost);
        const value = body.token || body.access_token;
        if (!value || typeof value !== 'string')
            throw new RegistryError(`${this.ctx.registry}: token server ${realmHost} answered without a token`, res.status);
        // eslint-disable-next-line no-control-regex
        if (/[\u0000-\u001f\u007f]/.test(value)) {
            throw new RegistryError(`${this.ctx.registry}: token server ${realmHost} answered with a token that has a line break or control character; it cannot be sent, the token server is misbehaving`, res.status);
        }
        this.ctx.onSecret(value);
        this.ctx.debug(`token for ${this.ctx.registry} scope "${scopes.join(' ')}" (${cred ? cred.from : 'anonymous'})`);
        const ttl = (body.expires_in && body.expires_in > 0 ? body.expires_in : 60) * 1000;
        return { value, expiresAt: Date.now() + ttl, authorization: `Bearer ${value}` };
    }
    /** Credentials go to a plain-HTTP token server only where plain HTTP is allowed. */
    refusePlainHttpRealm(realmUrl) {
        const cred = this.ctx.credential;
        if ((cred?.password || cred?.identityToken) &&
            realmUrl.protocol === 'http:' &&
            !this.ctx.plainHttpAllowed(realmUrl.host)) {
            throw new RegistryError(`${this.ctx.registry}: token server ${realmUrl.host} is plain HTTP; refusing to send the credentials from ${cred.from} unencrypted (${this.ctx.insecureStep ?? insecureStep()} if that is intended)`, 401);
        }
    }
    /** The token request: an OAuth2 refresh-token grant for an identity token, else a GET with Basic credentials. */
    requestToken(realm, service, scopes) {
        const cred = this.ctx.credential;
        if (cred?.identityToken) {
            // OAuth2 refresh-token grant, as docker does for identity tokens.
            const form = new URLSearchParams({
                grant_type: 'refresh_token',
                refresh_token: cred.identityToken,
                client_id: 'manifest-fanin'
            });
            if (service)
                form.set('service', service);
            if (scopes.length)
                form.set('scope', scopes.join(' '));
            return this.ctx.transport.request({
                method: 'POST',
                url: realm,
                headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
                body: form.toString(),
                skipVerify: this.ctx.skipVerify,
                maxBytes: 1024 * 1024
            });
        }
        const url = new URL(realm);
        if (service)
            url.searchParams.set('service', service);
        for (const s of scopes)
            url.searchParams.append('scope', s);
        if (cred?.username)
            url.searchParams.set('account', cred.username);
        const headers = {};
        if (cred?.username && cred.password)
            headers.Authorization = basicAuthorization(cred.username, cred.password);
        return this.ctx.transport.request({
            method: 'GET',
            url: url.toString(),
            headers,
            skipVerify: this.ctx.skipVerify,
            maxBytes: 1024 * 1024
        });
    }
    /** The error for a token server's refusal: who was refused, for what, its words, and what to do. */
    refusal(res, realmHost, scopes) {
        const cred = this.ctx.credential;
        const who = cred ? `the credentials from ${cred.from}` : 'anonymous access';
        const hint = res.status === 401 || res.status === 403
            ? `${this.ctx.unauthorizedHint?.() ?? `log in to ${this.ctx.registry}`}; the account must be allowed to pull the sources and push the targets`
            : res.status === 414 || res.status === 431
                ? `the request for ${scopes.length} scope(s) was too large for it; publish to fewer repositories per run`
                : 'the token server failed; try again later';
        const summary = parseErrorBody(res.body, res.headers['content-type']).summary;
        return new RegistryError(`${this.ctx.registry}: token server ${realmHost} refused ${who} for scope "${scopes.join(' ')}" with HTTP ${res.status}${summary ? ` (${summary})` : ''}: ${hint}`, res.status);
    }
    /** The token server's JSON answer. */
    tokenAnswer(res, realmHost) {
        try {
            return JSON.parse(res.body.toString('utf8'));
        }
        catch {
            throw new RegistryError(`${this.ctx.registry}: token server ${realmHost} answered with something that is not JSON`, res.status);
        }
    }
}

;// CONCATENATED MODULE: ../src/registry/blobs.ts



/** Whether a blob is in this repository. */
function hasBlob(s, repo, digest) {
    const what = `HEAD blob ${s.registry}/${repo}@${digest}`;
    return s.retry(what, async () => {
        const res = await s.send({ method: 'HEAD', path: `${repo}/blobs/${digest}`, scopes: [repoScope(repo, 'pull')] });
        if (res.status === 200)
            return true;
        if (res.status === 404)
            return false;
        throw s.error(res, what);
    });
}
/** A blob's GET, whether read whole or streamed. */
const blobGet = (repo, digest) => ({
    method: 'GET',
    path: `${repo}/blobs/${digest}`,
    scopes: [repoScope(repo, 'pull')]
});
/** GET a small blob (a config) into memory, digest verified. */
function getBlob(s, repo, digest, maxBytes = 16 * 1024 * 1024) {
    const what = `GET blob ${s.registry}/${repo}@${digest}`;
    return s.retry(what, async () => {
        const res = await s.send({ ...blobGet(repo, digest), maxBytes });
        if (res.status !== 200)
            throw s.error(res, what);
        const mismatch = contentDigestMismatch(s.registry, res.body, digest, res.headers['docker-content-digest']);
        if (mismatch)
            throw new IntegrityError(`${what}: ${mismatch}; refusing it`);
        return res.body;
    });
}
/**
 * Cross-repository mount. True when mounted; false when the registry declined (it may answer
 * 202 with an upload session instead, which we cancel so nothing dangles).
 */
function mountBlob(s, repo, digest, fromRepo) {
    const what = `mount blob ${digest} from ${fromRepo} into ${s.registry}/${repo}`;
    return s.retry(what, async () => {
        const path = `${repo}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(fromRepo)}`;
        const res = await s.send({
            method: 'POST',
            path,
            scopes: [repoScope(repo, 'push'), repoScope(fromRepo, 'pull')],
            headers: { 'Content-Length': '0' }
        });
        if (res.status === 201)
            return true;
        if (res.status === 202 && res.headers.location)
            await cancelUpload(s, locationOf(res), repo).catch(() => undefined);
        if (res.status >= 500 || res.status === 429)
            throw s.error(res, what);
        s.log.debug(`${what}: not mounted (HTTP ${res.status}); streaming instead`);
        return false;
    });
}
/** Open a blob for streaming; the stream must be consumed or destroyed. */
function openBlob(s, repo, digest) {
    const what = `GET blob ${s.registry}/${repo}@${digest}`;
    return s.retry(what, async () => {
        const res = await s.send({ ...blobGet(repo, digest), stream: true });
        if (res.status !== 200 || !res.stream)
            throw s.error(res, what);
        const len = Number(res.headers['content-length']);
        return { stream: res.stream, size: Number.isFinite(len) ? len : undefined };
    });
}
/** Drop an upload session (a declined mount's, or a failed upload's) so nothing dangles. */
async function cancelUpload(s, session, repo) {
    await s.send({ method: 'DELETE', path: session.toString(), scopes: [repoScope(repo, 'push')] });
}
/** A response's Location, resolved against the URL that answered (relative Locations are allowed). */
function locationOf(res) {
    return new URL(String(res.headers.location), res.url);
}

;// CONCATENATED MODULE: ../src/registry/status-hint.ts
/**
 * What an unexpected status tells the user: the status in words, what to do about it, and the
 * one-line RegistryError that carries both with the registry's own words (error-body.ts). A 401's
 * hint depends on the credentials found, so the caller supplies it (login-hint.ts).
 */



/** What to do about an error status, for the failure line. */
function hintFor(status, registry, retryAfterMs, credential) {
    if (status === 403)
        return credential
            ? `the credentials for ${registry} from ${credential.from} lack permission: sources need pull, targets need push`
            : `no credentials for ${registry} were found, and anonymous access was refused: log in, or give credentials for it`;
    if (status === 429) {
        const wait = retryAfterMs !== undefined ? ` and asks to wait ${formatWait(retryAfterMs)}` : '';
        return `rate limited: ${registry} refuses more requests for now${wait}; log in for a higher limit or retry later`;
    }
    if (status === 431)
        return `the request's headers were too large for ${registry} (or a proxy in front of it), most likely a token that covers many repositories: publish to fewer repositories per run`;
    if (status === 414)
        return `the request's URL was too long for ${registry} (or a proxy in front of it)`;
    // A 5xx is retried (session.retry says so, and says when the registry kept failing); one that is
    // not retried carries a code that blames the request, so "retry later" would mislead either way.
    return '';
}
function formatWait(ms) {
    const s = Math.round(ms / 1000);
    if (s >= 7200)
        return `${Math.round(s / 360) / 10} h`;
    return s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`;
}
/** A status in words where the bare number says little. */
function statusText(status) {
    if (status === 429)
        return 'HTTP 429 (rate limited)';
    if (status === 431)
        return 'HTTP 431 (request headers too large)';
    if (status === 414)
        return 'HTTP 414 (URL too long)';
    return `HTTP ${status}`;
}
/** `HTTP 400 UNSUPPORTED …`: the status in words with the registry's own code and message. */
function answerText(res) {
    const { summary } = parseErrorBody(res.body, res.headers['content-type']);
    return summary ? `${statusText(res.status)} ${summary}` : statusText(res.status);
}
/**
 * A RegistryError for an unexpected status, with every error the registry's body gives.
 * `unauthorizedHint`: what a 401 from this registry tells the user.
 */
function statusError(res, what, registry, unauthorizedHint, 
/** The credential the request was sent with (undefined: anonymous), for a 403's words. */
credential) {
    const { errors, summary } = parseErrorBody(res.body, res.headers['content-type']);
    const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
    const hint = res.status === 401 ? unauthorizedHint() : hintFor(res.status, registry, retryAfterMs, credential);
    return new RegistryError(`${what}: ${registry} answered ${statusText(res.status)}${summary ? ` ${summary}` : ''}${hint ? `; ${hint}` : ''}`, res.status, errors[0]?.code, retryAfterMs, errors);
}

;// CONCATENATED MODULE: ../src/registry/manifests.ts
/** Manifest operations on one registry: GET, HEAD, PUT, DELETE, the referrers API, and whether a repository exists. */







/** `registry/repo:tag` or `registry/repo@sha256:…`, for messages. */
function manifestName(s, repo, ref) {
    return `${s.registry}/${repo}${isDigestRef(ref) ? '@' : ':'}${ref}`;
}
function mediaTypeOf(res) {
    return String(res.headers['content-type'] ?? '')
        .split(';')[0]
        .trim();
}
/** GET a manifest by tag or digest; the digest is verified when asked by digest. */
function getManifest(s, repo, ref) {
    const what = `GET manifest ${manifestName(s, repo, ref)}`;
    return s.retry(what, async () => {
        const res = await s.send({
            method: 'GET',
            path: `${repo}/manifests/${ref}`,
            scopes: [repoScope(repo, 'pull')],
            headers: { Accept: ACCEPT_MANIFESTS },
            maxBytes: MAX_MANIFEST_BYTES
        });
        if (res.status !== 200)
            throw s.error(res, what);
        const asked = isDigestRef(ref) ? ref : undefined;
        const mismatch = contentDigestMismatch(s.registry, res.body, asked, res.headers['docker-content-digest']);
        if (mismatch)
            throw new IntegrityError(`${what}: ${mismatch}; refusing it`);
        // Asked by digest (sha512 too), that digest names it; by tag, the sha256 of its bytes.
        const digest = asked ?? sha256(res.body);
        return { bytes: res.body, mediaType: mediaTypeOf(res), digest };
    });
}
/**
 * HEAD a manifest: its digest, or undefined when absent. The spec only says a registry SHOULD
 * send Docker-Content-Digest; where it does not, the digest of a GET's bytes answers instead.
 * `access`: the right the caller will need next ('push' before copying into the repository).
 */
async function headManifest(s, repo, ref, access = 'pull') {
    const what = `HEAD manifest ${manifestName(s, repo, ref)}`;
    const head = await s.retry(what, async () => {
        const res = await s.send({
            method: 'HEAD',
            path: `${repo}/manifests/${ref}`,
            scopes: [repoScope(repo, access)],
            headers: { Accept: ACCEPT_MANIFESTS }
        });
        if (res.status === 404)
            return undefined;
        if (res.status !== 200)
            throw s.error(res, what);
        const claimed = res.headers['docker-content-digest'];
        // Asked by digest, a 200 says it all; by tag, only a sha256 claim compares with this tool's digests.
        const digest = isDigestRef(ref)
            ? ref
            : typeof claimed === 'string' && isDigest(claimed) && parseDigest(claimed)?.algorithm === 'sha256'
                ? claimed
                : undefined;
        return { digest, mediaType: mediaTypeOf(res) || undefined };
    });
    if (!head || head.digest)
        return head;
    s.log.debug(`${what}: the answer has no Docker-Content-Digest; reading the manifest for its digest`);
    try {
        const got = await getManifest(s, repo, ref);
        return { digest: got.digest, mediaType: got.mediaType || head.mediaType };
    }
    catch (err) {
        // Deleted between the two requests: absent.
        if (isNotFound(err))
            return undefined;
        throw err;
    }
}
/**
 * PUT a manifest under a tag or its digest: the digest the registry computed, and whether it
 * indexed the manifest's `subject` itself (OCI 1.1: the `OCI-Subject` header), which spares the
 * client the fallback tag index.
 */
function putManifest(s, repo, ref, bytes, mediaType) {
    const what = `PUT manifest ${manifestName(s, repo, ref)}`;
    return s.retry(what, async () => {
        const res = await s.send({
            method: 'PUT',
            path: `${repo}/manifests/${ref}`,
            scopes: [repoScope(repo, 'push')],
            headers: { 'Content-Type': mediaType },
            body: bytes
        });
        if (res.status !== 201 && res.status !== 200)
            throw s.error(res, what);
        const d = res.headers['docker-content-digest'];
        const sub = res.headers['oci-subject'];
        return {
            digest: typeof d === 'string' ? d : undefined,
            subject: typeof sub === 'string' ? sub : undefined,
            // Several tags in one PUT by digest (`?tag=`): those the registry set (oci-tag.ts).
            tags: ociTagsOf(res.headers['oci-tag'])
        };
    });
}
/**
 * The OCI 1.1 referrers API: the index of what refers to `digest`, every page of it; undefined
 * where the registry has no such API (404, as the distribution spec says it must answer then).
 */
function getReferrers(s, repo, digest) {
    const what = `GET referrers of ${s.registry}/${repo}@${digest}`;
    return s.retry(what, async () => {
        const pages = [];
        let path = `${repo}/referrers/${digest}`;
        for (let page = 0; page < 50; page++) {
            const res = await s.send({
                method: 'GET',
                path,
                scopes: [repoScope(repo, 'pull')],
                headers: { Accept: 'application/vnd.oci.image.index.v1+json' },
                maxBytes: MAX_MANIFEST_BYTES
            });
            if (res.status === 404 && page === 0)
                return undefined;
            if (res.status !== 200)
                throw s.error(res, what);
            pages.push(res.body);
            const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(String(res.headers.link ?? ''));
            if (!next)
                break;
            path = new URL(next[1], res.url).toString();
        }
        return pages;
    });
}
/** DELETE a manifest by tag or digest. A failing registry (5xx, 429) is an error, retried first. */
function deleteManifest(s, repo, ref) {
    const what = `DELETE manifest ${manifestName(s, repo, ref)}`;
    return s.retry(what, async () => {
        const res = await s.send({
            method: 'DELETE',
            path: `${repo}/manifests/${ref}`,
            scopes: [repoScope(repo, 'delete'), repoScope(repo, 'push')]
        });
        if (res.status >= 500 || res.status === 429)
            throw s.error(res, what);
        return { outcome: deletionOutcome(res.status), answer: answerText(res) };
    });
}
function deletionOutcome(status) {
    if (status === 200 || status === 202 || status === 204)
        return 'deleted';
    if (status === 404)
        return 'not-found';
    if (status === 401 || status === 403)
        return 'denied';
    return status === 405 ? 'unsupported' : 'refused';
}
/**
 * Whether a repository exists, to tell a missing repository from a missing tag: registries
 * answer a manifest GET with MANIFEST_UNKNOWN for both, and tags/list with 404 for a repository
 * that does not exist (distribution spec, "Listing Tags"). Undefined when it cannot tell.
 */
async function repositoryExists(s, repo) {
    try {
        const res = await s.send({
            method: 'GET',
            path: `${repo}/tags/list?n=1`,
            scopes: [repoScope(repo, 'pull')],
            maxBytes: 64 * 1024
        });
        return res.status === 200 ? true : res.status === 404 ? false : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ../src/registry/hosts.ts
/**
 * What the client may do with one registry host, decided once per registry and held in one value
 * (as containerd's config/hosts.go holds a host's scheme, TLS and capabilities). The `insecure`
 * input means two things, kept apart here: skip certificate verification, and allow plain HTTP.
 */

function hostSettings(registry, insecure) {
    const name = canonicalRegistry(registry);
    const loopback = isLoopback(name);
    return {
        registry: name,
        apiHost: apiHost(name),
        loopback,
        skipVerify: insecure,
        plainHttp: insecure || loopback,
        insecure
    };
}
/** Whether credentials may travel in plain HTTP to `host` (a token server), given this registry's settings. */
function plainHttpAllowedTo(settings, host) {
    return settings.insecure || isLoopback(host);
}

;// CONCATENATED MODULE: ../src/registry/ping.ts
/** How to reach one registry: `GET /v2/` chooses the scheme and brings the auth challenge. */


// OpenSSL's codes for a TLS alert the server sent about the client's certificate (or its absence).
const CLIENT_CERT_ALERT = /ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED)$/;
const ACTION_WORDS = { insecure: 'set insecure: true', certsDir: '/etc/docker/certs.d' };
/** The base URL a ping asks first: plain HTTP on loopback (a CI service container mostly speaks it), else HTTPS. */
function firstBase(host) {
    return `${host.loopback ? 'http' : 'https'}://${host.apiHost}`;
}
/**
 * HTTPS first (verified unless `skipVerify`); plain HTTP only when the server speaks HTTP and the
 * host allows it (asked first on loopback). A server that speaks TLS is never downgraded: a
 * certificate error stays an error.
 */
async function ping(transport, host, warn, signal, words = ACTION_WORDS) {
    const name = host.apiHost;
    if (host.loopback) {
        // A TLS server answers plain HTTP with 400 or a reset, and goes the HTTPS way.
        const base = firstBase(host);
        const res = await transport
            .request({ method: 'GET', url: `${base}/v2/`, maxBytes: 64 * 1024, signal })
            .catch(() => undefined);
        if (res && (res.status === 200 || res.status === 401)) {
            return { base, skipVerify: false, ping: res };
        }
    }
    const https = `https://${name}`;
    try {
        const res = await transport.request({
            method: 'GET',
            url: `${https}/v2/`,
            skipVerify: host.skipVerify,
            maxBytes: 64 * 1024,
            signal
        });
        checkPing(name, res);
        if (host.skipVerify)
            warn(`TLS certificate verification is off for ${name} (insecure: true)`);
        return { base: https, skipVerify: host.skipVerify, ping: res };
    }
    catch (err) {
        if (isPlainHttpServer(err)) {
            if (!host.plainHttp) {
                throw new TransportError(`registry ${name} speaks plain HTTP, not HTTPS: ${words.insecure} to allow plain HTTP for it`, 'PLAIN_HTTP');
            }
            const http = `http://${name}`;
            const res = await transport.request({ method: 'GET', url: `${http}/v2/`, maxBytes: 64 * 1024, signal });
            checkPing(name, res);
            if (host.insecure)
                warn(`using plain HTTP for ${name} (insecure: true)`);
            return { base: http, skipVerify: false, ping: res };
        }
        // The server's alert about our certificate (distribution with http.tls.clientcas sends
        // bad_certificate when none is presented): its certificate is not the problem, and insecure
        // (which skips verifying the server) cannot help.
        const alert = (err.code ?? '').match(CLIENT_CERT_ALERT);
        if (alert) {
            throw new TransportError(`registry ${name} refused the TLS handshake (${alert.input}): it asks for a client certificate it trusts; put client.cert and client.key for it in ${words.certsDir}/${name}/`, 'CLIENT_CERT');
        }
        const altname = nameNotCovered(err, name);
        if (altname)
            throw altname;
        if (isCertificateError(err)) {
            const code = err.cause?.code ?? err.code;
            throw new TransportError(`registry ${name}: its TLS certificate is not trusted (${code}); trust its CA (system store, ${words.certsDir}/${name}/ca.crt or NODE_EXTRA_CA_CERTS), or ${words.insecure} to skip verification`, 'CERT');
        }
        throw err;
    }
}
function checkPing(host, res) {
    if (res.status === 200 || res.status === 401)
        return;
    if (res.status === 404)
        throw new RegistryError(`registry ${host}: GET /v2/ answered 404; this host does not serve the registry v2 API`, 404);
    throw new RegistryError(`registry ${host}: GET /v2/ answered HTTP ${res.status}`, res.status);
}
/**
 * A certificate for other names (ERR_TLS_CERT_ALTNAME_INVALID): its CA is trusted, so "not
 * trusted" would send the user the wrong way. Says the name it lacks and the names it has.
 */
function nameNotCovered(err, name) {
    const node = (err.cause ?? err);
    if (node?.code !== 'ERR_TLS_CERT_ALTNAME_INVALID')
        return undefined;
    const host = node.host ?? name.replace(/:\d+$/, '');
    const has = node.cert?.subjectaltname || (node.cert?.subject?.CN ? `CN=${node.cert.subject.CN}` : 'no names');
    return new TransportError(`registry ${name}: its TLS certificate does not cover ${host} (ERR_TLS_CERT_ALTNAME_INVALID): it names ${has}; use a name the certificate covers, or have it reissued with ${host} in its subjectAltName`, 'CERT_NAME', { cause: err });
}

;// CONCATENATED MODULE: ../src/registry/rate-limit.ts
function first(v) {
    return Array.isArray(v) ? v[0] : v;
}
/** `76;w=21600` → { count: 76, windowS: 21600 }. */
function parseRateLimitValue(v) {
    const m = /^\s*(\d+)\s*(?:;\s*w\s*=\s*(\d+))?/.exec(v ?? '');
    if (!m)
        return undefined;
    return { count: Number(m[1]), windowS: m[2] !== undefined ? Number(m[2]) : undefined };
}
function rate_limit_window(s) {
    return s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}
/** One phrase for the log, or undefined when the answer carries no rate-limit headers. */
function describeRateLimit(headers) {
    const remaining = parseRateLimitValue(first(headers['ratelimit-remaining']));
    if (!remaining)
        return undefined;
    const limit = parseRateLimitValue(first(headers['ratelimit-limit']));
    const w = remaining.windowS ?? limit?.windowS;
    return `${remaining.count}${limit ? ` of ${limit.count}` : ''} pulls left${w ? ` in this ${rate_limit_window(w)} window` : ''} (RateLimit-Remaining)`;
}

;// CONCATENATED MODULE: ../src/registry/warm-up.ts

/** `parallel`: connections wanted in all; the ping opens the first. `sent` counts each request. */
function warmUp(transport, host, parallel, sent, signal) {
    const base = firstBase(host);
    for (let i = 1; i < parallel; i++) {
        sent();
        transport
            .request({ method: 'GET', url: `${base}/v2/`, skipVerify: host.skipVerify, maxBytes: 64 * 1024, signal })
            .catch(() => undefined);
    }
}

;// CONCATENATED MODULE: ../src/registry/session.ts
/**
 * One registry's session: ping once, authenticate with what the ping's challenge asks for, then
 * send every request with auth (a 401 refreshes the token once), counted, and retried where the
 * operation is safe to repeat. The operations (manifests.ts, blobs.ts, upload-sequence.ts) build on it.
 */












/** The repository and access a request's scopes name: the first push scope's, else the first one's. */
function scopeRepository(scopes) {
    const parsed = scopes.map((s) => /^repository:(.+):([^:]*)$/.exec(s)).filter((m) => m !== null);
    // Deleting is a right beyond pushing: the credential for pushing is the one to ask with.
    const push = parsed.find((m) => m[2].split(',').some((a) => a === 'push' || a === 'delete' || a === '*'));
    const m = push ?? parsed[0];
    return { repository: m?.[1] ?? '', access: push ? 'push' : 'pull' };
}
class RegistrySession {
    registry;
    opts;
    connection;
    /** One authentication per credential the lookup gives (most runs: one per registry). */
    auths = new Map();
    /** The credential each response was sent with, for the words of its error. */
    sentWith = new WeakMap();
    /** Requests sent, for the debug log and the benchmark. */
    requests = 0;
    /** The rate-limit headers are logged once per run. */
    rateLimitLogged = false;
    /** This registry's host settings: scheme, TLS, plain HTTP (one value, decided once). */
    host;
    /** Connections to open while the token is fetched (see warm-up.ts). */
    parallel = 1;
    constructor(
    /** Registry as users name it (docker.io, ghcr.io, 127.0.0.1:5000). */
    registry, opts) {
        this.registry = registry;
        this.opts = opts;
        this.host = hostSettings(registry, opts.insecure);
    }
    get log() {
        return this.opts.log;
    }
    /**
     * Declare the repositories this run touches, so one token covers every request. `parallel`:
     * how many requests the run's first waves send here at once (connections worth opening early).
     */
    async declareScopes(pull, push, parallel = 1) {
        this.parallel = Math.max(this.parallel, Math.min(parallel, MAX_SOCKETS));
        await this.connect();
        const wanted = [
            ...pull.map((r) => [r, 'pull']),
            ...push.map((r) => [r, 'push'])
        ];
        for (const [repository, access] of wanted)
            (await this.authFor(repository, access)).addRunScopes([repoScope(repository, access)]);
    }
    /** Ping once, then authenticate with what the ping's challenge asks for; shared by every request. */
    connect() {
        this.connection ??= (async () => {
            warmUp(this.opts.transport, this.host, this.parallel, () => this.requests++, this.opts.signal);
            // The docker config is read while the ping is out (a cold process's first file read also
            // starts libuv's thread pool); credential helpers run only after it, as before.
            this.opts.credentials.preload();
            const ep = await this.pinged();
            this.log.debug(`${this.registry}: ${ep.base}`);
            return { ep, host: new URL(ep.base).host };
        })();
        return this.connection;
    }
    /**
     * The authentication for a repository and access: the credential store's answer for them
     * (first match wins, see credentials/lookup.ts), one RegistryAuth per distinct credential, so
     * one token still covers every repository that credential serves.
     */
    async authFor(repository, access) {
        const { ep } = await this.connect();
        const credential = await this.opts.credentials.lookup(this.registry, repository, access);
        const key = credential ? credential.from : '';
        let auth = this.auths.get(key);
        if (!auth) {
            this.log.debug(`${this.registry}: ${credential ? `credentials from ${credential.from}` : 'anonymous'}`);
            auth = new RegistryAuth({
                registry: this.registry,
                transport: this.opts.transport,
                credential,
                skipVerify: ep.skipVerify,
                plainHttpAllowed: (host) => plainHttpAllowedTo(this.host, host),
                onSecret: (s) => this.log.secret(s),
                debug: (m) => this.log.debug(m),
                unauthorizedHint: () => this.unauthorizedHint(credential),
                insecureStep: insecureStep(this.opts.edge)
            });
            if (ep.ping.status === 401)
                auth.setChallenge(ep.ping.headers['www-authenticate']);
            this.auths.set(key, auth);
        }
        return auth;
    }
    unauthorizedHint(credential) {
        return unauthorizedHint(this.registry, credential, this.opts.edge, this.opts.credentials.searched());
    }
    /** The ping, retried; an unreachable registry said as such. */
    pinged() {
        return this.retry(`ping ${this.registry}`, () => ping(this.opts.transport, this.host, (m) => this.log.warning(m), this.opts.signal, {
            insecure: insecureStep(this.opts.edge),
            certsDir: this.opts.certsDir ?? '/etc/docker/certs.d'
        })).catch((err) => {
            if (err instanceof TransportError && isRetryable(err)) {
                throw new TransportError(`registry ${this.registry} is unreachable (${err.message}, after retries): check the host and port, and that it is up and reachable from the runner`, err.code);
            }
            throw err;
        });
    }
    /** One request with auth; a 401 refreshes the token once. Not retried here. */
    async send(request) {
        if (this.opts.signal?.aborted)
            throw new TransportError(`${this.registry}: the run has already failed`, 'CANCELLED');
        const { ep, host } = await this.connect();
        const { repository, access } = scopeRepository(request.scopes);
        const auth = await this.authFor(repository, access);
        const absolute = /^https?:\/\//.test(request.path);
        const url = absolute ? request.path : `${ep.base}/v2/${request.path}`;
        // Credentials belong to the registry's own host: an upload Location elsewhere gets none.
        const onRegistryHost = !absolute || new URL(url).host === host;
        for (let attempt = 0;; attempt++) {
            const headers = { ...(request.headers ?? {}) };
            const authorization = onRegistryHost ? await auth.header(request.scopes) : undefined;
            if (authorization)
                headers.Authorization = authorization;
            this.requests++;
            const res = await this.opts.transport.request({
                method: request.method,
                url,
                headers,
                body: request.body,
                skipVerify: ep.skipVerify,
                stream: request.stream,
                maxBytes: request.maxBytes,
                signal: this.opts.signal
            });
            this.sentWith.set(res, auth.credential);
            this.log.debug(`${request.method} ${url} → ${res.status}`);
            this.noteRateLimit(res);
            // A stream body cannot be sent twice; the caller's retry restarts the whole operation.
            if (res.status === 401 &&
                onRegistryHost &&
                attempt === 0 &&
                !(request.body instanceof external_node_stream_.Readable) &&
                auth.unauthorized(res, request.scopes))
                continue;
            return res;
        }
    }
    /** Docker Hub's pull allowance (`RateLimit-Remaining`), said once per run and registry. */
    noteRateLimit(res) {
        if (this.rateLimitLogged)
            return;
        const note = describeRateLimit(res.headers);
        if (!note)
            return;
        this.rateLimitLogged = true;
        this.log.info(`${this.registry}: ${note}`);
    }
    /** Retry an operation that is safe to repeat under a named policy (default policies.request). */
    retry(what, op, named = policies.request) {
        // Tests shorten every policy at once through opts.retry.
        const policy = this.opts.retry ? { ...named, ...this.opts.retry } : named;
        return retryWith(policy, op, {
            signal: this.opts.signal,
            onRetry: (err, delay, attempt) => {
                // After a fatal error nothing more is said: a request cut short by it is not news.
                if (this.opts.signal?.aborted)
                    return;
                const m = err.message;
                // The action itself tries again: say so, and when (never "retry the job later" here).
                this.log.info(`${m.startsWith(what) ? m : `${what}: ${m}`}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.attempts})`);
            },
            // A server error that outlived the retries: the registry failed, said with its own words.
            onGiveUp: (err, attempts) => isServerFailure(err) ? withHint(err, `; ${this.registry} failed ${attempts} times in a row`) : err
        });
    }
    /** A RegistryError for an unexpected status, with every error the registry's body gives. */
    error(res, what) {
        const credential = this.sentWith.get(res);
        return statusError(res, what, this.registry, () => this.unauthorizedHint(credential), credential);
    }
}

;// CONCATENATED MODULE: ../src/util/memory.ts
const STEP_BYTES = 2 * 1024 * 1024;
let collect = null;
let since = 0;
function collector() {
    if (collect === null) {
        try {
            // An action cannot pass Node flags; exposing gc at run time is the documented V8 way.
            const v8 = process.getBuiltinModule('node:v8');
            const vm = process.getBuiltinModule('node:vm');
            v8.setFlagsFromString('--expose-gc');
            collect = vm.runInNewContext('gc');
        }
        catch {
            collect = undefined;
        }
    }
    return collect;
}
/** Note `bytes` streamed; now and then, free the buffers they left behind. */
function streamedBytes(bytes) {
    since += bytes;
    if (since < STEP_BYTES)
        return;
    since = 0;
    collector()?.({ type: 'minor' });
}

;// CONCATENATED MODULE: ../src/registry/upload.ts
/**
 * The bytes of a blob upload on their way: hashed and counted as they pass, so an upload is
 * committed only when the source sent exactly the promised bytes (a bad blob is never stored).
 */





/** Pipe `source` through a hash and a byte count; `onBytes` hears of every chunk sent. */
function checkedBytes(source, digest, size, onBytes) {
    // The digest's own algorithm (sha512 too); an unusable one fails here, before a byte is sent.
    const algorithm = algorithmOf(digest);
    const hash = (0,external_node_crypto_.createHash)(algorithm);
    let seen = 0;
    const body = new external_node_stream_.Transform({
        transform(chunk, _enc, done) {
            hash.update(chunk);
            seen += chunk.length;
            streamedBytes(chunk.length);
            if (seen > size)
                return done(new IntegrityError(`blob ${digest}: the source sent more than the ${size} bytes its descriptor says`));
            onBytes?.(chunk.length);
            done(null, chunk);
        },
        flush(done) {
            // A short body would leave the registry waiting for the rest until the timeout.
            done(seen === size ? null : new IntegrityError(`blob ${digest}: the source ended after ${seen} of ${size} bytes`));
        }
    });
    // A source that breaks off is a dropped connection (retryable), whatever its error says.
    source.on('error', (err) => body.destroy(Object.assign(err, { code: err.code ?? 'ECONNRESET' })));
    source.pipe(body);
    let final;
    return {
        body,
        result: () => (final ??= { seen, digest: `${algorithm}:${hash.digest('hex')}` })
    };
}

;// CONCATENATED MODULE: ../src/registry/upload-sequence.ts






/**
 * The whole is retried: a failure while the bytes stream starts a fresh session and calls `open`
 * again. The start and the commit carry no bytes and are retried on their own first (a commit
 * whose answer was lost is asked again, and a blob that landed counts as done); when they give
 * up, so does the upload.
 */
function uploadBlob(s, repo, digest, size, open, options = {}) {
    const what = `upload blob ${digest} to ${s.registry}/${repo}`;
    const step = (name, op) => s.retry(`${what} (${name})`, op).catch((err) => Promise.reject(doNotRetry(err)));
    return s.retry(what, async () => {
        // The source is opened while the session starts: its round trip hides behind the POST's.
        // Until its bytes flow, an error of the opened stream (a reset while the POST is retried)
        // must find a listener, or Node ends the process; streamUpload then sees it destroyed.
        const opening = open().then((src) => src.on('error', () => undefined));
        opening.catch(() => undefined); // awaited, and reported, by streamUpload
        let session;
        try {
            session = await step('start', () => startUpload(s, repo, what));
        }
        catch (err) {
            opening.then((src) => src.destroy(), () => undefined);
            throw err;
        }
        const upload = { repo, digest, size, session, what, source: options.source ?? 'the source' };
        const commit = await streamUpload(s, upload, () => opening, options.onBytes);
        await step('commit', () => commitUpload(s, repo, digest, commit, what));
    }, policies.upload);
}
/** Start: POST a session; its Location is where the bytes go. */
async function startUpload(s, repo, what) {
    const res = await s.send({
        method: 'POST',
        path: `${repo}/blobs/uploads/`,
        scopes: [repoScope(repo, 'push')],
        headers: { 'Content-Length': '0' }
    });
    if (res.status !== 202 || !res.headers.location)
        throw s.error(res, what);
    return locationOf(res);
}
/** Stream: PATCH the source's bytes, hashed on the way; returns where to commit. Cancels the session on any failure. */
async function streamUpload(s, { repo, digest, size, session, what, source: from }, open, onBytes) {
    const cancel = () => cancelUpload(s, session, repo).catch(() => undefined);
    let source;
    try {
        // Opening the source is retried on its own (openBlob): its failure ends the upload.
        source = await open();
    }
    catch (err) {
        await cancel();
        throw doNotRetry(err);
    }
    if (source.destroyed) {
        // It broke off before a byte was sent: a dropped connection, retried with a fresh source and session.
        await cancel();
        const why = source.errored?.message ?? 'closed';
        throw new TransportError(`${what}: the source's connection broke off before the upload began (${why})`, 'ECONNRESET');
    }
    const bytes = checkedBytes(source, digest, size, onBytes);
    let patch;
    try {
        patch = await s.send({
            method: 'PATCH',
            path: session.toString(),
            scopes: [repoScope(repo, 'push')],
            headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
            body: bytes.body
        });
    }
    catch (err) {
        await cancel();
        // The source failed mid-stream (a stall, a reset): the target's request only died of it.
        const broke = source.errored;
        if (broke) {
            throw new TransportError(`${what}: the source ${from} stopped sending (${broke.message})`, broke.code ?? 'ECONNRESET', { cause: err });
        }
        throw err;
    }
    finally {
        source.destroy();
    }
    // ECR answers 201 where the spec says 202.
    if (patch.status !== 202 && patch.status !== 201)
        throw s.error(patch, what);
    const got = bytes.result();
    if (got.seen !== size || got.digest !== digest) {
        await cancel();
        throw new IntegrityError(`blob ${digest}: the source sent ${got.seen} bytes with digest ${got.digest}, expected ${size} bytes with that digest; refusing to store it`);
    }
    const commit = patch.headers.location ? locationOf(patch) : session;
    commit.searchParams.set('digest', digest);
    return commit;
}
/** Commit: PUT ?digest=. A session gone (404) because an earlier try landed unheard counts as done. */
async function commitUpload(s, repo, digest, commit, what) {
    const res = await s.send({
        method: 'PUT',
        path: commit.toString(),
        scopes: [repoScope(repo, 'push')],
        headers: { 'Content-Length': '0' }
    });
    if (res.status === 201)
        return;
    if (res.status === 404 && (await hasBlob(s, repo, digest)))
        return;
    throw s.error(res, what);
}

;// CONCATENATED MODULE: ../src/registry/client.ts




class RegistryClient {
    registry;
    session;
    constructor(
    /** Registry as users name it (docker.io, ghcr.io, 127.0.0.1:5000). */
    registry, opts) {
        this.registry = registry;
        this.session = new RegistrySession(registry, opts);
    }
    /** Requests sent, for the debug log and the benchmark. */
    get requests() {
        return this.session.requests;
    }
    /**
     * Declare the repositories this run touches, so one token covers every request. `parallel`:
     * how many requests the run's first waves send here at once (connections worth opening early).
     */
    declareScopes(pull, push, parallel = 1) {
        return this.session.declareScopes(pull, push, parallel);
    }
    /** GET a manifest by tag or digest; the digest is verified when asked by digest. */
    getManifest(repo, ref) {
        return getManifest(this.session, repo, ref);
    }
    /** HEAD a manifest: its digest, or undefined when absent (see manifests.ts). */
    headManifest(repo, ref, access = 'pull') {
        return headManifest(this.session, repo, ref, access);
    }
    /** PUT a manifest under a tag or its digest; returns the digest the registry computed. */
    async putManifest(repo, ref, bytes, mediaType) {
        return (await putManifest(this.session, repo, ref, bytes, mediaType)).digest;
    }
    /** PUT a manifest; also says whether the registry indexed its `subject` (OCI-Subject) and which tags it set (OCI-Tag). */
    putManifestDetailed(repo, ref, bytes, mediaType) {
        return putManifest(this.session, repo, ref, bytes, mediaType);
    }
    /** The OCI 1.1 referrers index of `digest`, every page; undefined where the registry has no such API. */
    getReferrers(repo, digest) {
        return getReferrers(this.session, repo, digest);
    }
    /** DELETE a manifest by tag or digest: what came of it, with the registry's answer. */
    deleteManifest(repo, ref) {
        return deleteManifest(this.session, repo, ref);
    }
    /** Whether a repository exists (tags/list); undefined when it cannot tell. */
    repositoryExists(repo) {
        return repositoryExists(this.session, repo);
    }
    /** Whether a blob is in this repository. */
    hasBlob(repo, digest) {
        return hasBlob(this.session, repo, digest);
    }
    /** GET a small blob (a config) into memory, digest verified. */
    getBlob(repo, digest, maxBytes) {
        return getBlob(this.session, repo, digest, maxBytes);
    }
    /** Cross-repository mount: true when mounted, false when the registry declined. */
    mountBlob(repo, digest, fromRepo) {
        return mountBlob(this.session, repo, digest, fromRepo);
    }
    /** Open a blob for streaming; the stream must be consumed or destroyed. */
    openBlob(repo, digest) {
        return openBlob(this.session, repo, digest);
    }
    /** Upload a blob from a stream: start, stream, commit (see upload-sequence.ts), retried as a whole. */
    uploadBlob(repo, digest, size, open, options = {}) {
        return uploadBlob(this.session, repo, digest, size, open, options);
    }
}

;// CONCATENATED MODULE: ../src/registry/open.ts
/**
 * The run's registries, opened from the settings the edge read: one transport (user agent,
 * timeout, certificate directories, agents direct or through the proxy) and docker's credentials, every secret
 * masked; one client per registry. Shared by publish and inspect.
 */






const USER_AGENT = 'manifest-fanin/1.0';
function openRegistries(settings, insecure, log, inputs = []) {
    const credentials = new CredentialStore({
        dockerConfig: settings.dockerConfig,
        buildxConfig: settings.buildxConfig,
        dockerAuthConfig: settings.dockerAuthConfig,
        containersAuthFiles: settings.containersAuthFiles,
        inputs
    }, (s) => log.secret(s));
    return new Registries({
        transport: new Transport({
            userAgent: USER_AGENT,
            timeoutMs: settings.timeoutMs,
            certsDir: settings.certsDir,
            agents: environmentAgents(settings.proxy, settings.timeoutMs)
        }),
        credentials,
        insecure,
        log,
        edge: settings.edge,
        certsDir: settings.certsDir
    });
}
/** One client per registry for the whole run (one ping and one token each). */
class Registries {
    clients = new Map();
    done = new AbortController();
    opts;
    constructor(opts) {
        this.opts = { ...opts, signal: this.done.signal };
    }
    /** Aborted by dispose(): work still waiting after a failure stops instead of holding the step open. */
    get signal() {
        return this.done.signal;
    }
    get(name) {
        // One client per registry however it is spelled (LOCALHOST:5000 is localhost:5000).
        const registry = canonicalRegistry(name);
        let c = this.clients.get(registry);
        if (!c) {
            c = new RegistryClient(registry, this.opts);
            this.clients.set(registry, c);
        }
        return c;
    }
    get requestCount() {
        return [...this.clients.values()].reduce((n, c) => n + c.requests, 0);
    }
    dispose() {
        this.done.abort(new TransportError('the run is over', 'CANCELLED'));
        this.opts.transport.dispose();
    }
}

;// CONCATENATED MODULE: ../src/steps/amend.ts
/**
 * `amend` against concurrent writers. Registries have no conditional PUT (the distribution spec
 * leaves races on a tag to clients), so two runs that read the same old list would each put a
 * list without the other's entries. Instead the tag is read again right before the PUT and after
 * it: when it moved and no longer holds this run's entries, the run merges again onto what the tag
 * holds now and puts again, a bounded number of rounds. A run that returns has its entries on the
 * tag as last read; a writer that lands after that read can still drop them (see the README).
 */



/** Rounds of merge-and-put before giving up: each one means another writer landed in between. */
const AMEND_ROUNDS = 3;
/** The tag kept changing under this run: another writer amends it at the same time. */
class AmendConflictError extends IntegrityError {
    name = 'AmendConflictError';
}
/** The digests of the list a tag holds; undefined when the tag is absent. */
async function heldDigests(client, tag) {
    try {
        const got = await client.getManifest(tag.repository, tag.tag);
        const m = parseManifest(got.bytes, got.mediaType);
        return { digest: got.digest, entries: new Set(m.kind === 'index' ? m.manifests.map((d) => d.digest) : []) };
    }
    catch (err) {
        if (isNotFound(err))
            return undefined;
        throw err;
    }
}
/**
 * Put an amended list so that it ends on `tag` with every digest of `ours`, merging again onto
 * whatever another writer put meanwhile. `base`: the digest the tag held when the plan was made.
 * Returns the plan that was put last.
 */
async function putConverged(client, tag, start, ours, steps, log) {
    const name = formatReference(tag);
    const conflict = (holds) => new AmendConflictError(`amend ${name}: the tag kept changing while this run merged onto it (${AMEND_ROUNDS} rounds; it now holds ${holds ?? 'nothing'}, not this run's list); another run amends it at the same time: run them one after another (a concurrency group), then re-run this job`);
    let { plan, base } = start;
    for (let round = 1;; round++) {
        // Right before the PUT: the tag must still hold what the plan was merged onto.
        const before = (await client.headManifest(tag.repository, tag.tag, 'push'))?.digest;
        if (before !== base) {
            if (round === AMEND_ROUNDS)
                throw conflict(before);
            log.info(`amend: ${name} moved since it was read (${base ?? 'absent'} → ${before ?? 'absent'}); merging again`);
            ({ plan, base } = await steps.replan());
            continue;
        }
        await steps.push(plan);
        // Right after: another writer may have landed in between (its list lacking this run's entries).
        const now = await heldDigests(client, tag);
        if (now?.digest === plan.list.digest)
            return plan;
        // Another list landed: merged again even when it holds this run's entries, so that every tag,
        // the outputs and purge's check name the one list the first tag holds.
        if (round === AMEND_ROUNDS)
            throw conflict(now?.digest);
        const missing = [...ours].filter((d) => !now?.entries.has(d));
        log.info(`amend: ${name} moved after this run's PUT (now ${now?.digest ?? 'absent'}, without ${missing.length} of this run's entries); merging again`);
        ({ plan, base } = await steps.replan());
    }
}

;// CONCATENATED MODULE: ../src/steps/config-platform.ts

/**
 * The platform fields an image's config gives as non-empty strings (possibly none), so annotate
 * flags can complete them; undefined when the config is not JSON. A failed read is thrown.
 */
async function configPlatform(client, repository, m) {
    const config = await client.getBlob(repository, m.config.digest);
    try {
        return configPlatformFields(JSON.parse(config.toString('utf8')));
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ../src/model/tar.ts
/**
 * Where each member of a tar file lies, read from its headers alone: an OCI layout tar is then
 * served by byte ranges, never extracted. POSIX ustar with pax extended headers (`x`, what
 * BuildKit and Go's archive/tar write for long names and sizes) and GNU long names (`L`, GNU
 * tar's default). Pure: the bytes come through `read`.
 */

const BLOCK = 512;
/** A pax record or GNU long name is small; anything larger is not a layout's tar. */
const MAX_META_BYTES = 1024 * 1024;
function tar_text(block, start, length) {
    const field = block.subarray(start, start + length);
    const nul = field.indexOf(0);
    return field.subarray(0, nul < 0 ? length : nul).toString('utf8');
}
/** A numeric field: octal ASCII, or base-256 (high bit set) for values that do not fit. */
function numeric(block, start, length) {
    const field = block.subarray(start, start + length);
    if (field[0] & 0x80) {
        let n = field[0] & 0x7f;
        for (let i = 1; i < length; i++)
            n = n * 256 + field[i];
        return n;
    }
    const s = tar_text(block, start, length).trim();
    if (s === '')
        return 0;
    if (!/^[0-7]+$/.test(s))
        throw new IntegrityError(`a tar header holds "${s}" where an octal number belongs`);
    return parseInt(s, 8);
}
/** A 512-byte header, or 'end' for the zero block that ends the archive. */
function parseTarHeader(block) {
    if (block.length !== BLOCK)
        throw new IntegrityError('the tar ends inside a header');
    if (block.every((b) => b === 0))
        return 'end';
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += i >= 148 && i < 156 ? 0x20 : block[i];
    if (numeric(block, 148, 8) !== sum)
        throw new IntegrityError('a tar header has a wrong checksum: not a tar file');
    const name = tar_text(block, 0, 100);
    const magic = tar_text(block, 257, 6);
    const prefix = magic.startsWith('ustar') && block[345] !== 0 ? tar_text(block, 345, 155) : '';
    return {
        name: prefix ? `${prefix}/${name}` : name,
        size: numeric(block, 124, 12),
        type: String.fromCharCode(block[156] || 0x30)
    };
}
/** pax extended header records: `LEN KEY=VALUE\n`, LEN counting the whole record. */
function parsePax(data) {
    const out = {};
    let at = 0;
    while (at < data.length) {
        const space = data.indexOf(0x20, at);
        if (space < 0)
            break;
        const len = Number(data.subarray(at, space).toString('ascii'));
        if (!Number.isInteger(len) || len <= 0 || at + len > data.length)
            throw new IntegrityError('a pax header record is malformed');
        const record = data.subarray(space + 1, at + len - 1).toString('utf8');
        const eq = record.indexOf('=');
        if (eq > 0)
            out[record.slice(0, eq)] = record.slice(eq + 1);
        at += len;
    }
    return out;
}
/** Bytes a member's data takes, padded to whole blocks. */
const padded = (size) => Math.ceil(size / BLOCK) * BLOCK;
/** `./blobs/sha256/…` and `blobs/sha256/…` name the same member. */
function normalizeMemberName(name) {
    return name.replace(/^(?:\.\/)+/, '').replace(/^\/+/, '');
}
/**
 * The regular files of a tar of `fileSize` bytes, by normalized name. `read(offset, length)`
 * returns those bytes of the file (fewer only at its end).
 */
async function listTarMembers(read, fileSize) {
    const members = new Map();
    let next = {};
    for (let offset = 0; offset < fileSize;) {
        if (offset + BLOCK > fileSize)
            throw new IntegrityError('the tar ends inside a header: it is truncated');
        const header = parseTarHeader(await read(offset, BLOCK));
        if (header === 'end')
            break;
        const data = offset + BLOCK;
        if (data + header.size > fileSize)
            throw new IntegrityError(`the tar ends inside its member "${header.name}": it is truncated`);
        const meta = async () => {
            if (header.size > MAX_META_BYTES)
                throw new IntegrityError(`a tar metadata header of ${header.size} bytes`);
            return read(data, header.size);
        };
        if (header.type === 'x') {
            const pax = parsePax(await meta());
            next = { name: pax.path ?? next.name, size: pax.size !== undefined ? Number(pax.size) : next.size };
        }
        else if (header.type === 'L') {
            next = { ...next, name: tar_text(await meta(), 0, header.size) };
        }
        else if (header.type !== 'g') {
            const size = next.size ?? header.size;
            // Regular files only; directories, links and devices are no blobs.
            if (header.type === '0' || header.type === '7')
                members.set(normalizeMemberName(next.name ?? header.name), { offset: data, size });
            next = {};
            offset = data + padded(size);
            continue;
        }
        offset = data + padded(header.size);
    }
    return members;
}

;// CONCATENATED MODULE: ../src/layout/store.ts
/**
 * An OCI image layout on disk, a directory or a tar of one, read as a source: index.json, and
 * blobs by digest. A tar is never extracted: its headers are read once (model/tar.ts) and each
 * blob is streamed from its byte range, so memory stays flat in the blobs' size.
 */








function directoryFiles(root) {
    const full = (rel) => external_node_path_default().join(root, rel);
    return {
        size: async (rel) => {
            const s = await (0,promises_namespaceObject.stat)(full(rel)).catch(() => undefined);
            return s?.isFile() ? s.size : undefined;
        },
        read: (rel) => external_node_fs_default().promises.readFile(full(rel)),
        stream: (rel) => external_node_fs_default().createReadStream(full(rel))
    };
}
async function readAt(fh, offset, length) {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
        const { bytesRead } = await fh.read(buf, got, length - got, offset + got);
        if (bytesRead === 0)
            break;
        got += bytesRead;
    }
    return buf.subarray(0, got);
}
async function tarFiles(file, fileSize) {
    const fh = await (0,promises_namespaceObject.open)(file, 'r');
    let members;
    try {
        const magic = await readAt(fh, 0, 2);
        if (magic[0] === 0x1f && magic[1] === 0x8b)
            throw new InputError('it is gzip-compressed; give the uncompressed tar (or unpack it into a directory)');
        members = await listTarMembers((o, n) => readAt(fh, o, n), fileSize);
    }
    finally {
        await fh.close();
    }
    const member = (rel) => {
        const m = members.get(rel);
        if (!m)
            throw new IntegrityError(`the tar has no member ${rel}`);
        return m;
    };
    return {
        size: async (rel) => members.get(rel)?.size,
        read: async (rel) => {
            const m = member(rel);
            const fh2 = await (0,promises_namespaceObject.open)(file, 'r');
            try {
                return await readAt(fh2, m.offset, m.size);
            }
            finally {
                await fh2.close();
            }
        },
        // An empty member has no byte range: an empty stream.
        stream: (rel) => {
            const m = member(rel);
            return m.size === 0
                ? external_node_fs_default().createReadStream(file, { start: 1, end: 0 })
                : external_node_fs_default().createReadStream(file, { start: m.offset, end: m.offset + m.size - 1 });
        }
    };
}
/** One layout, opened: the files behind it are read on demand. */
class LayoutStore {
    files;
    constructor(files) {
        this.files = files;
    }
    /** Open PATH (relative to the working directory) as a layout directory or a tar of one; errors say what is wrong, the caller names the source. */
    static async open(where) {
        const s = await (0,promises_namespaceObject.stat)(where).catch((err) => {
            throw new InputError(`${err.code === 'ENOENT' ? `no such file or directory (${external_node_path_default().resolve(where)})` : err.message}; give an OCI layout directory or a tar of one, as docker buildx build --output type=oci,dest=… or skopeo copy … oci:DIR writes them`);
        });
        const files = s.isDirectory() ? directoryFiles(where) : await tarFiles(where, s.size);
        if ((await files.size('index.json')) === undefined)
            throw new InputError(`${s.isDirectory() ? 'the directory' : 'the tar'} has no index.json, so it is not an OCI image layout`);
        return new LayoutStore(files);
    }
    async indexJson() {
        return this.files.read('index.json');
    }
    /** A blob's size in the layout; undefined when it is missing. */
    blobSize(digest) {
        return this.files.size(blobPath(digest));
    }
    async hasBlob(_repo, digest) {
        return (await this.blobSize(digest)) !== undefined;
    }
    async sizeOf(digest) {
        const size = await this.blobSize(digest);
        if (size === undefined)
            throw new IntegrityError(`blob ${digest} is missing from the layout (no ${blobPath(digest)})`);
        return size;
    }
    async getBlob(_repo, digest, maxBytes = 16 * 1024 * 1024) {
        const size = await this.sizeOf(digest);
        if (size > maxBytes)
            throw new IntegrityError(`blob ${digest} has ${size} bytes, more than the ${maxBytes} expected`);
        const bytes = await this.files.read(blobPath(digest));
        const got = digestOf(bytes, algorithmOf(digest));
        if (got !== digest)
            throw new IntegrityError(`blob ${digest} in the layout is corrupt: its content's digest is ${got}`);
        return bytes;
    }
    /** A manifest by digest; its media type is the one it declares ('' if none: the caller knows it). */
    async getManifest(repo, digest) {
        const bytes = await this.getBlob(repo, digest, MAX_MANIFEST_BYTES);
        let mediaType = '';
        try {
            const declared = JSON.parse(bytes.toString('utf8')).mediaType;
            if (typeof declared === 'string')
                mediaType = declared;
        }
        catch {
            // parseManifest names what is wrong with it
        }
        return { bytes, mediaType, digest };
    }
    async openBlob(_repo, digest) {
        const size = await this.sizeOf(digest);
        return { stream: this.files.stream(blobPath(digest)), size };
    }
}

;// CONCATENATED MODULE: ../src/steps/resolve-layout.ts
/**
 * An `oci-layout://` source: its layout opened (once per path in the run), its manifest selected
 * from index.json, expanded as a registry source is, and every blob the list will copy found in
 * the layout with the size its manifest gives, before anything is written.
 */





/** The manifest `ref` selects: from index.json, or (by digest) any manifest among the layout's blobs. */
async function selectManifest(store, ref, name) {
    const manifests = parseLayoutIndex(await store.indexJson());
    const chosen = selectLayoutManifest(manifests, ref, name);
    if (!chosen && !(await store.hasBlob('', ref.digest)))
        throw new InputError(`source ${name}: the layout has no manifest ${ref.digest}; its index.json names ${manifests.map(describeLayoutEntry).join(', ') || 'none'}`);
    const digest = chosen?.digest ?? ref.digest;
    const fetched = await store.getManifest('', digest);
    if (chosen && fetched.bytes.length !== chosen.size)
        throw new IntegrityError(`manifest ${digest} has ${fetched.bytes.length} bytes, index.json says ${chosen.size}: the layout is corrupt`);
    return { ...fetched, mediaType: chosen?.mediaType ?? fetched.mediaType };
}
/** Every blob of every child is in the layout, whole: a missing or cut blob fails here, naming it and its manifest. */
async function checkBlobs(store, r) {
    for (const child of r.children) {
        for (const b of blobsOf(child.manifest)) {
            const size = await store.blobSize(b.digest);
            if (size === b.size || (size === undefined && servedElsewhere(b)))
                continue;
            const what = `blob ${b.digest} of manifest ${child.descriptor.digest}`;
            throw new IntegrityError(size === undefined
                ? `${what} is missing from the layout (no ${blobPath(b.digest)}); write the layout again`
                : `${what} has ${size} bytes in the layout, the manifest says ${b.size}: the layout is corrupt; write it again`);
        }
    }
}
async function resolveLayout(ref, layouts, expand) {
    const name = formatReference(ref);
    const inContext = (p) => p.catch((err) => Promise.reject(withContext(err, `source ${name}`)));
    let opening = layouts.get(ref.layout);
    if (!opening) {
        opening = LayoutStore.open(ref.layout);
        layouts.set(ref.layout, opening);
    }
    const store = await inContext(opening);
    const fetched = await inContext(selectManifest(store, ref, name));
    let parsed;
    try {
        parsed = parseManifest(fetched.bytes, fetched.mediaType);
    }
    catch (err) {
        throw withContext(err, `source ${name}: manifest ${fetched.digest}`);
    }
    // Expanded as a registry source is (its messages name the source themselves).
    const resolved = await expand({ registry: ref.registry, repository: '', store }, fetched, parsed);
    await inContext(checkBlobs(store, resolved));
    return resolved;
}

;// CONCATENATED MODULE: ../src/steps/resolve.ts
/** Sources → entries: manifests, configs, index flattening, attestations. Reads only. */













/** A 404 on a source is retried for up to `waitMs`: a matrix job's push may not have landed yet. */
async function fetchSource(registries, ref, waitMs, log) {
    const client = registries.get(ref.registry);
    const name = formatReference(ref);
    const notFound = isNotFound;
    // What the first 404 means (no repository, or no such tag): said once, on the first line or in the failure.
    let meaning;
    let tries = 0;
    const started = Date.now();
    try {
        return await retryWith({ ...policies.sourceWait(waitMs), retryable: notFound }, async (attempt) => {
            tries = attempt;
            try {
                return await client.getManifest(ref.repository, manifestRef(ref));
            }
            catch (err) {
                if (attempt === 1 && notFound(err))
                    meaning = await notFoundMeaning(registries, ref);
                throw err;
            }
        }, {
            signal: registries.signal,
            // The first line says what is missing and how to change the wait; later ones are short.
            onRetry: (_err, delay, attempt) => log.info(attempt === 1
                ? `source ${name} not found yet (${meaning}); waiting up to ${waitMs / 1000} s for it to appear (FANIN_SOURCE_WAIT_SECONDS sets the wait)`
                : `source ${name} not found yet; waiting ${(delay / 1000).toFixed(1)} s`)
        });
    }
    catch (err) {
        throw withHint(withContext(err, `source ${name}`), notFoundHint(err, meaning, tries, waitMs, started));
    }
}
/** What a failed source read adds: what is missing (as the first waiting line said), how long it was waited for, what to do. */
function notFoundHint(err, meaning, tries, waitMs, started) {
    if (!isNotFound(err))
        return '';
    const waited = tries > 1
        ? `, still after waiting ${resolve_seconds(Date.now() - started)} s (up to ${resolve_seconds(waitMs)} s: FANIN_SOURCE_WAIT_SECONDS)`
        : '';
    const missing = meaning !== undefined ? `; ${meaning}${waited}` : waited && `;${waited.slice(1)}`;
    const wait = waitMs > 0 ? '' : ' (or set FANIN_SOURCE_WAIT_SECONDS to wait for a push still under way)';
    return `${missing}; check that the build job pushed it and that the name is right${wait}`;
}
const resolve_seconds = (ms) => ms < 10_000 ? (Math.round(ms / 100) / 10).toString() : Math.round(ms / 1000).toString();
/** A missing repository reads differently from a missing tag: registries answer MANIFEST_UNKNOWN for both. */
async function notFoundMeaning(registries, ref) {
    const exists = await registries.get(ref.registry).repositoryExists(ref.repository);
    const what = ref.digest ? `digest ${ref.digest}` : `tag ${ref.tag ?? 'latest'}`;
    if (exists === false)
        return `${ref.registry} has no repository ${ref.repository}`;
    if (exists === true)
        return `${ref.registry} has the repository ${ref.repository}, but not its ${what}`;
    return `${ref.registry} answered 404`;
}
function parseAs(fetched, what) {
    try {
        return parseManifest(fetched.bytes, fetched.mediaType);
    }
    catch (err) {
        throw withContext(err, what);
    }
}
/** What an image's config says about its platform; a failed read names the manifest. */
function readConfigPlatform(x, m, what) {
    return configPlatform(readerFor(x.registries, x.repo), x.repo.repository, m).catch((err) => {
        throw withContext(err, `${what}: its config`);
    });
}
const complete = (p) => !!p?.os && !!p.architecture;
/** The annotate flags an override came from, for messages. */
function flagsOf(o) {
    return Object.keys(o)
        .map((k) => PLATFORM_FLAGS[k])
        .filter(Boolean)
        .join(' ');
}
/**
 * Expand one fetched manifest: a single image is one entry; an index is flattened into its
 * children (a nested index's too, kept aside for a promotion). Attestations go with their
 * subjects; an entry that is neither (an `unknown/unknown` artifact, no platform anywhere) is
 * kept as an entry that is not a platform.
 */
async function expand(x, fetched, parsed, override) {
    if (parsed.kind === 'image')
        return expandImage(x, fetched, parsed, override);
    if (override) {
        throw new InputError(`${x.label} is an index (${parsed.manifests.length} manifests): ${flagsOf(override)} needs a single-platform source; give that platform's image as the source, or use manifest-descriptor[os/arch]:KEY=VALUE lines to annotate an index's entries`);
    }
    return expandIndex(x, fetched, parsed);
}
/** A single-platform source: its platform from its config, completed (or overridden) by annotate flags. */
async function expandImage(x, fetched, parsed, override) {
    const { source, label, repo } = x;
    // The config read goes out first (the plan waits for it); then what the target can be asked
    // about this manifest already, its blobs included (see target-checks.ts).
    const reading = readConfigPlatform(x, parsed, label);
    x.onManifest?.({ digest: fetched.digest, from: repo, manifest: parsed });
    const fromConfig = await reading;
    // The annotate flags override the config, also where it lacks os/architecture.
    const platform = override ? applyOverride(fromConfig, override) : fromConfig;
    if (!complete(platform)) {
        const missing = ['os', 'architecture'].filter((k) => !platform?.[k]).join(' and ');
        throw new InputError(`${label}: its config (${parsed.config.digest}) gives no ${missing}; add an annotations line "${source} --os linux --arch amd64" (with the right values)`);
    }
    // Checked as it will be written: a value from the config that no platform filter can match is refused.
    const problem = platformValuesProblem(platform);
    if (problem) {
        throw new InputError(`${label}: the platform its config (${parsed.config.digest}) gives cannot be listed: ${problem}; add an annotations line "${source} --os … --arch … --variant …" with the right values, or fix the image`);
    }
    const descriptor = { mediaType: parsed.mediaType, digest: fetched.digest, size: fetched.bytes.length };
    const image = {
        descriptor: { ...descriptor, platform: normalizePlatform(platform) },
        bytes: fetched.bytes,
        manifest: parsed,
        from: repo
    };
    return {
        source,
        manifest: { bytes: fetched.bytes, mediaType: parsed.mediaType, digest: fetched.digest },
        index: false,
        entries: [{ source, image, attestations: [] }],
        others: [],
        strays: [],
        children: [image]
    };
}
/** An index: every child read (together), then grouped into platforms, attestations and the rest. */
async function expandIndex(x, fetched, parsed) {
    const reading = mapLimit(parsed.manifests, CONCURRENCY, (d, i) => readChild(x, d, i));
    // The children's digests are known before they are read: the target can be asked about them now (after their reads went out).
    for (const d of parsed.manifests)
        if (!isIndexType(d.mediaType))
            x.onManifest?.({ digest: d.digest, from: x.repo, attestation: entry_isAttestation(d) });
    const read = await reading;
    const indexManifest = { bytes: fetched.bytes, mediaType: parsed.mediaType, digest: fetched.digest };
    return { ...groupChildren(x.source, read), source: x.source, manifest: indexManifest, index: true };
}
/** Read one entry of an index; a nested index is expanded in turn (its children first in a copy). */
async function readChild(x, d, i) {
    const what = `${x.label} child ${d.digest} (manifests[${i}])`;
    if (d.platform !== undefined) {
        const problem = platformProblem(d.platform);
        if (problem) {
            throw new IntegrityError(`${what} has an unusable platform ${JSON.stringify(d.platform)}: ${problem}; the index is malformed: rebuild and push it, or give its images as sources with annotations lines "SOURCE --os … --arch …"`);
        }
    }
    const bytes = (await readerFor(x.registries, x.repo)
        .getManifest(x.repo.repository, d.digest)
        .catch((err) => {
        throw withContext(err, x.label);
    })).bytes;
    if (bytes.length !== d.size)
        throw new IntegrityError(`${x.label}: child ${d.digest} has ${bytes.length} bytes, its descriptor says ${d.size}`);
    const manifest = parseAs({ bytes, mediaType: d.mediaType, digest: d.digest }, what);
    if (manifest.kind === 'index') {
        const nested = { descriptor: d, bytes, manifest, from: x.repo };
        const inner = await expandIndex({ ...x, label: `${x.label} nested index ${d.digest}` }, { ...nested, digest: d.digest, mediaType: d.mediaType }, manifest);
        return { nested, inner };
    }
    const attestation = entry_isAttestation(d, manifest);
    let platform = d.platform ? normalizePlatform(d.platform) : undefined;
    const reading = !platform && !attestation ? readConfigPlatform(x, manifest, what) : undefined;
    x.onManifest?.({ digest: d.digest, from: x.repo, manifest, attestation });
    if (reading) {
        const fromConfig = await reading;
        const problem = complete(fromConfig) ? platformValuesProblem(fromConfig) : undefined;
        if (problem)
            throw new IntegrityError(`${what} has no platform and its config (${manifest.config.digest}) gives one that cannot be listed: ${problem}; rebuild and push the index, or give its images as sources with annotations lines "SOURCE --os … --arch …"`);
        if (complete(fromConfig))
            platform = normalizePlatform(fromConfig);
    }
    const child = { descriptor: platform ? { ...d, platform } : d, bytes, manifest, from: x.repo };
    return { child, attestation, isPlatform: !attestation && !!platform && !isUnknownPlatform(platform) };
}
/** Platforms (each with its attestations), other entries, stray attestations; a nested index's merged in. */
function groupChildren(source, read) {
    const entries = [];
    const others = [];
    const strays = [];
    const nested = [];
    const bySubject = new Map();
    for (const r of read) {
        if (r.nested) {
            nested.push(r.nested, ...(r.inner.nested ?? []));
            entries.push(...r.inner.entries);
            others.push(...r.inner.others);
            strays.push(...r.inner.strays);
        }
        else if (r.attestation)
            continue;
        else if (r.isPlatform) {
            const e = { source, image: r.child, attestations: [] };
            entries.push(e);
            bySubject.set(r.child.descriptor.digest, e);
        }
        else
            others.push({ source, child: r.child });
    }
    for (const r of read) {
        if (r.nested || !r.attestation)
            continue;
        const subject = bySubject.get(attestationSubject(r.child) ?? '');
        if (subject)
            subject.attestations.push(r.child);
        else
            strays.push(r.child);
    }
    const children = read.flatMap((r) => (r.nested ? [] : [r.child]));
    return { entries, others, strays, children, ...(nested.length ? { nested } : {}) };
}
/** Fetch every source (together) and flatten indexes, annotate flags applied. Checks come later, in the plan. */
async function resolveSources(registries, sources, overrides, waitMs, log, onManifest) {
    const layouts = new Map();
    // Each source goes on to its config or children as soon as its own manifest arrives.
    return mapLimit(sources, CONCURRENCY, async (ref) => {
        const name = formatReference(ref);
        if (isLayout(ref))
            return resolveLayout(ref, layouts, (repo, fetched, parsed) => expand({ registries, repo, source: name, label: `source ${name}`, onManifest }, fetched, parsed, overrides.get(sourceKey(ref))));
        const fetched = await fetchSource(registries, ref, waitMs, log);
        const repo = { registry: ref.registry, repository: ref.repository };
        const x = { registries, repo, source: name, label: `source ${name}`, onManifest };
        return expand(x, fetched, parseAs(fetched, `source ${name}`), overrides.get(sourceKey(ref)));
    });
}
/** The list (or single manifest) a tag holds now, as entries; [] when the tag does not exist. */
async function resolveExisting(registries, tag) {
    const client = registries.get(tag.registry);
    let fetched;
    try {
        fetched = await client.getManifest(tag.repository, manifestRef(tag));
    }
    catch (err) {
        if (isNotFound(err))
            return {};
        throw withContext(err, `amend ${formatReference(tag)}`);
    }
    const parsed = parseAs(fetched, `existing ${formatReference(tag)}`);
    const name = formatReference(tag);
    const resolved = await expand({ registries, repo: tag, source: name, label: `existing ${name}` }, fetched, parsed, undefined);
    return { resolved, annotations: parsed.kind === 'index' ? parsed.annotations : undefined };
}

;// CONCATENATED MODULE: ../src/steps/skip-missing.ts
/**
 * The command line's --ignore-missing (manifest-tool's: "only warn on missing images"): a source
 * the registry does not have is left out, with a warning naming it, before anything else runs.
 * A template's platform goes with its source, so the `platforms` check does not ask for it.
 * A run whose every source is missing still fails: a list is never pushed empty.
 */





async function skipMissing(registries, options, log) {
    const present = await mapLimit(options.sources, CONCURRENCY, async (ref) => {
        // A layout's manifest is checked with its blobs before anything is written (resolve-layout).
        if (isLayout(ref))
            return true;
        const head = await registries
            .get(ref.registry)
            .headManifest(ref.repository, manifestRef(ref))
            .catch((err) => {
            throw withContext(err, `source ${formatReference(ref)}`);
        });
        return head !== undefined;
    });
    const missing = options.sources.filter((_, i) => !present[i]);
    if (!missing.length)
        return options;
    if (missing.length === options.sources.length)
        throw new InputError(`--ignore-missing: every source is missing (${missing.map(formatReference).join(', ')}); a list is never pushed empty`);
    const dropped = missing.map((ref) => options.templates.get(formatReference(ref))?.platform);
    for (const [i, ref] of missing.entries()) {
        const p = dropped[i];
        log.warning(`source ${formatReference(ref)} is missing: left out (--ignore-missing)${p ? `, and with it the platform ${platform_formatPlatform(p)}` : ''}`);
    }
    return {
        ...options,
        sources: options.sources.filter((_, i) => present[i]),
        platforms: options.platforms.filter((p) => !dropped.some((d) => d && osArchVariant(d) === osArchVariant(p)))
    };
}

;// CONCATENATED MODULE: ../src/steps/publish.ts
/** resolve → plan → copy → push → purge. Knows nothing of @actions/core. */

















function uniqueRepos(refs) {
    const seen = new Map();
    for (const r of refs)
        seen.set(repoName(r), { registry: r.registry, repository: r.repository });
    return [...seen.values()];
}
/**
 * How many requests the widest early wave sends to one registry at once: once the manifests are
 * in, a config read per source on it (resolve.ts) and, when pushing, what target-checks.ts starts.
 * The client opens that many connections while it fetches the token.
 */
function firstWave(options, registry) {
    const configReads = options.sources.filter((s) => s.registry === registry).length;
    const targets = options.push ? uniqueRepos(options.tags) : [];
    return configReads + checksWaveWidth(options.sources.length, targets, registry);
}
/** Tell each registry client every repository it will touch, so one token per registry suffices. */
async function declareScopes(registries, options) {
    const pull = new Map();
    const push = new Map();
    const add = (m, r) => m.set(r.registry, (m.get(r.registry) ?? new Set()).add(r.repository));
    // Layouts are read from disk: no registry, no scope.
    const sources = options.sources.filter((s) => !isLayout(s));
    sources.forEach((s) => add(pull, s));
    // A dry run asks for no push rights: it must work with read-only credentials.
    options.tags.forEach((t) => add(options.push ? push : pull, t));
    // The first reference on each registry names it in a failure (an unreachable host, a bad certificate).
    const firstRef = new Map();
    for (const [role, refs] of [
        ['source', sources],
        ['tag', options.tags]
    ]) {
        for (const r of refs)
            if (!firstRef.has(r.registry))
                firstRef.set(r.registry, `${role} ${formatReference(r)}`);
    }
    await Promise.all([...firstRef.keys()].map((r) => registries
        .get(r)
        .declareScopes([...(pull.get(r) ?? [])], [...(push.get(r) ?? [])], firstWave(options, r))
        .catch((err) => {
        throw withContext(err, firstRef.get(r));
    })));
}
/** Resolve the sources (and, with amend, the list the first tag holds), then plan: every check before anything is written. */
async function resolvePhase(registries, options, log, checks) {
    checks?.primeTags(options.tags);
    const [fresh, existing] = await Promise.all([
        resolveSources(registries, options.sources, options.annotations.overrides, options.settings.sourceWaitMs, log, checks && ((m) => checks.startChecks(m))),
        options.amend ? resolveExisting(registries, options.tags[0]) : Promise.resolve(undefined)
    ]);
    const held = existing?.resolved;
    if (held)
        log.info(`amend: ${formatReference(options.tags[0])} holds ${held.entries.length} platform(s)`);
    const plan = planPublish(fresh, held, existing?.annotations, options);
    for (const e of plan.entries) {
        const n = e.attestations.length;
        log.info(`${platform_formatPlatform(e.image.descriptor.platform)}  ${e.image.descriptor.digest}  ${e.source}${n ? `  (+${n} attestation${n > 1 ? 's' : ''})` : ''}`);
    }
    const sourceManifests = new Map(fresh.map((r) => [r.source, r.manifest]));
    // Where each child came from, for the metadata output: a fresh source wins over the amended list.
    const origins = new Map();
    for (const r of [...(held ? [held] : []), ...fresh])
        for (const c of r.children)
            origins.set(c.descriptor.digest, r.source);
    return { plan, sourceManifests, origins, fresh, base: held?.manifest.digest };
}
/**
 * Push the list; with `amend`, converge on the first tag against runs amending it at the same
 * time (see amend.ts): merge again onto what it holds, copy what that needs, put again.
 */
async function pushPhase(registries, options, start, log, fresh, checks) {
    if (!options.amend) {
        await pushTags(registries, options.tags, start.plan.list, log, fresh, checks);
        return start.plan;
    }
    const first = options.tags[0];
    const mine = new Set(start.fresh.flatMap((r) => r.children.map((c) => c.descriptor.digest)));
    const ours = new Set(start.plan.children.map((c) => c.descriptor.digest).filter((d) => mine.has(d)));
    let round = 0;
    return putConverged(registries.get(first.registry), first, start, ours, {
        replan: async () => {
            const existing = await resolveExisting(registries, first);
            const plan = planPublish(start.fresh, existing.resolved, existing.annotations, options);
            log.info(`amend: merged onto ${existing.resolved?.manifest.digest ?? 'nothing'}: ${plan.list.digest} with ${plan.platforms.join(', ')}`);
            // The other run's children came from the list it put.
            for (const c of existing.resolved?.children ?? [])
                if (!start.origins.has(c.descriptor.digest))
                    start.origins.set(c.descriptor.digest, formatReference(first));
            await copyChildren(registries, plan.children, uniqueRepos(options.tags), log);
            return { plan, base: existing.resolved?.manifest.digest };
        },
        // The early reads of the tags are stale after the first round.
        push: (plan) => pushTags(registries, options.tags, plan.list, log, fresh, round++ === 0 ? checks : undefined)
    }, log);
}
/** Children (and, with `referrers`, what refers to them) into every target repository. */
async function copyPhase(registries, options, plan, log, checks) {
    const targets = uniqueRepos(options.tags);
    // Finding referrers reads only the sources: it runs while the children copy.
    const finding = options.referrers
        ? discoverReferrers(registries, plan.children, log, { dropAttestations: options.attestations === 'drop' })
        : undefined;
    finding?.catch(() => undefined); // reported when awaited below
    const c = await copyChildren(registries, plan.children, targets, log, undefined, { checks });
    if (finding)
        await copyReferrers(registries, await finding, targets, log, c);
    const skipped = c.blobsSkipped ? `, ${c.blobsSkipped} left to their urls` : '';
    log.info(`${c.manifestsCopied} manifest(s) copied, ${c.manifestsPresent} already present; blobs: ${c.blobsPresent} present, ${c.blobsMounted} mounted, ${c.blobsStreamed} streamed (${c.bytesStreamed} bytes)${skipped}`);
    if (finding)
        log.info(`referrers: ${c.referrersCopied ?? 0} copied; ${c.fallbackIndexesWritten ?? 0} fallback tag index(es) written`);
    return c;
}
/** The promoted index as a subject whose referrers are looked for in its source repository. */
function promotedSubject(plan, options) {
    const src = options.sources[0];
    const { list } = plan;
    return {
        descriptor: { mediaType: list.mediaType, digest: list.digest, size: list.bytes.length },
        bytes: list.bytes,
        manifest: parseManifest(list.bytes, list.mediaType),
        from: { registry: src.registry, repository: src.repository }
    };
}
/** The list's descriptors, in its order. */
function listDescriptors(plan) {
    const m = parseManifest(plan.list.bytes, plan.list.mediaType);
    return m.kind === 'index' ? m.manifests : [];
}
/** Purge the source tags once every tag is verified to resolve to the pushed list. */
async function purgePhase(registries, options, plan, sourceManifests, log) {
    await verifyTags(registries, options.tags, plan.list.digest, Math.max(options.settings.sourceWaitMs, 10_000), log);
    // A source that gave the list nothing is never purged.
    // A layout is a file on the runner, never purged.
    const inRegistries = options.sources.filter((s) => !isLayout(s));
    const candidates = purgeCandidates(inRegistries, options.tags, new Set(plan.contributors)).map((ref) => {
        const m = sourceManifests.get(formatReference(ref));
        return { ref, digest: m.digest, bytes: m.bytes, mediaType: m.mediaType };
    });
    const { settings } = options;
    const packages = options.githubToken
        ? new GitHubPackages({
            token: options.githubToken,
            baseUrl: settings.githubApiUrl,
            timeoutMs: settings.timeoutMs,
            log,
            signal: registries.signal
        })
        : undefined;
    const listDigests = new Set([plan.list.digest, ...plan.children.map((c) => c.descriptor.digest)]);
    return purge({
        registries,
        listDigests,
        githubPackagesRegistries: settings.githubPackagesRegistries,
        packages,
        dockerConfig: settings.dockerConfig,
        log
    }, candidates, options.tags);
}
/** What the run reports of its list (before anything is pushed). */
function resultOf(plan, options, warnings, origins) {
    return {
        digest: plan.list.digest,
        mediaType: plan.list.mediaType,
        manifest: plan.list.bytes.toString('utf8'),
        ref: `${repoName(options.tags[0])}@${plan.list.digest}`,
        refs: refsOf(options.tags, plan.list.digest),
        size: plan.list.bytes.length,
        listEntries: listEntries(listDescriptors(plan), plan.children, origins),
        platforms: plan.platforms,
        tags: options.tags.map(formatReference),
        entries: plan.entries,
        pushed: false,
        requests: 0,
        warnings
    };
}
async function publish(given, log) {
    const warnings = [...given.annotations.warnings];
    warnings.forEach((w) => log.warning(w));
    if (given.githubToken)
        log.secret(given.githubToken);
    const registries = openRegistries(given.settings, given.insecure, log, given.credentials);
    try {
        await declareScopes(registries, given);
        const options = given.ignoreMissing ? await skipMissing(registries, given, log) : given;
        // Reads of the targets that copy and push will need, started while the sources resolve; and
        // mounts too, unless a `platforms` check must pass before anything is written.
        const checks = options.push
            ? new TargetChecks(registries, uniqueRepos(options.tags), {
                mountEarly: options.platforms.length === 0,
                dropAttestations: options.attestations === 'drop'
            })
            : undefined;
        const resolved = await log.group('Resolve sources', () => resolvePhase(registries, options, log, checks));
        const { plan } = resolved;
        plan.warnings.forEach((w) => log.warning(w));
        warnings.push(...plan.warnings);
        const kind = plan.list.mediaType === manifest_MediaType.OciIndex ? 'OCI image index' : 'Docker manifest list';
        log.info(`${kind} ${plan.list.digest} with ${plan.platforms.length} platform(s): ${plan.platforms.join(', ')}${plan.promoted ? ` (${plan.contributors[0]} as it is: promoted byte for byte)` : ''}`);
        const result = resultOf(plan, options, warnings, resolved.origins);
        if (!options.push) {
            log.info('push: false — dry run: nothing was written to any registry');
            log.info(result.manifest);
        }
        else {
            await writePhases(registries, options, resolved, result, log, checks);
        }
        result.requests = registries.requestCount;
        return result;
    }
    finally {
        registries.dispose();
    }
}
/** Copy, push, the list's referrers, purge; `result` says what was done as each is. */
async function writePhases(registries, options, resolved, result, log, checks) {
    let { plan } = resolved;
    const listReferrers = findListReferrers(registries, options, plan, log);
    const copy = await log.group('Copy children into target repositories', () => copyPhase(registries, options, plan, log, checks));
    result.copy = copy;
    const pushed = await log.group('Push the list', () => pushPhase(registries, options, resolved, log, freshRepos(copy), checks));
    if (pushed !== plan) {
        plan = pushed;
        Object.assign(result, resultOf(plan, options, result.warnings, resolved.origins));
    }
    result.pushed = true;
    if (listReferrers) {
        await log.group("Copy the list's referrers", async () => {
            const before = copy.referrersCopied ?? 0;
            await copyReferrers(registries, await listReferrers, uniqueRepos(options.tags), log, copy);
            log.info(`referrers of ${plan.list.digest}: ${(copy.referrersCopied ?? 0) - before} copied`);
        });
    }
    if (options.purge) {
        result.purge = await log.group('Purge source tags', () => purgePhase(registries, options, plan, resolved.sourceManifests, log));
    }
}
/** A promoted index may be signed itself: what refers to it, found while the children copy, follows once it is tagged. */
function findListReferrers(registries, options, plan, log) {
    if (!options.referrers || !plan.promoted || isLayout(options.sources[0]))
        return undefined;
    const finding = discoverReferrers(registries, [promotedSubject(plan, options)], log, {
        dropAttestations: options.attestations === 'drop'
    });
    finding.catch(() => undefined); // reported when awaited
    return finding;
}

;// CONCATENATED MODULE: ../src/model/inspect-view.ts
/**
 * What `inspect` shows of one stored manifest or list. Pure. The plain form is the stored bytes
 * (the edge prints them); -v is docker's (`docker manifest inspect -v`: its []types.ImageManifest:
 * Ref, Descriptor, Raw and the child's manifest as SchemaV2Manifest or OCIManifest, tab-indented);
 * the text form is laid out like manifest-tool's inspect, one block per entry.
 */



/** Platform fields in the order of the OCI Platform type, as docker prints them (no others). */
function platformJson(p) {
    return p && orderedPlatform(p);
}
function imageManifestObject(ref, descriptor, bytes, platform) {
    const d = {
        mediaType: descriptor.mediaType,
        digest: descriptor.digest,
        size: descriptor.size
    };
    const p = platformJson(platform);
    if (p)
        d.platform = p;
    const out = { Ref: ref, Descriptor: d };
    if (!bytes)
        return out;
    out.Raw = bytes.toString('base64');
    const parsed = JSON.parse(bytes.toString('utf8'));
    if (descriptor.mediaType === MediaType.DockerManifest)
        out.SchemaV2Manifest = parsed;
    else if (descriptor.mediaType === MediaType.OciManifest)
        out.OCIManifest = parsed;
    return out;
}
/**
 * JSON as Go's json.MarshalIndent(v, "", "\t") writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped
 * (they occur only inside strings, so a replace over the whole text is exact).
 */
function goJson(v) {
    const escapes = {
        '<': '\\u003c',
        '>': '\\u003e',
        '&': '\\u0026',
        '\u2028': '\\u2028',
        '\u2029': '\\u2029'
    };
    return `${JSON.stringify(v, null, '\t').replace(/[<>&\u2028\u2029]/g, (c) => escapes[c])}\n`;
}
/** `docker manifest inspect -v REF`: one object for a manifest, an array with one per entry for a list. */
function inspectVerbose(i) {
    if (i.manifest.kind === 'image') {
        const self = { mediaType: i.mediaType, digest: i.digest, size: i.bytes.length };
        return goJson(imageManifestObject(i.name, self, i.bytes, i.platform));
    }
    const base = `${i.repo}${i.tag ? `:${i.tag}` : ''}`;
    // docker prints an entry without a platform with an empty one (its platform field is a struct, not a pointer).
    const all = i.entries.map((e) => imageManifestObject(`${base}@${e.descriptor.digest}`, e.descriptor, e.bytes, e.descriptor.platform ?? { architecture: '', os: '' }));
    return goJson(all);
}
/** The platforms a list holds (attestations are not platforms), or a manifest's own. */
function inspect_view_platformsOf(i) {
    if (i.manifest.kind === 'image')
        return i.platform ? [formatPlatform(i.platform)] : [];
    return i.manifest.manifests.filter((d) => d.platform && !isAttestation(d)).map((d) => formatPlatform(d.platform));
}
function platformLines(p, pad) {
    if (!p)
        return [`${pad}Platform: (none)`];
    const out = [`${pad}Platform: ${formatPlatform(p)}`];
    if (p['os.version'])
        out.push(`${pad}  OS version: ${p['os.version']}`);
    if (p['os.features']?.length)
        out.push(`${pad}  OS features: ${p['os.features'].join(', ')}`);
    return out;
}
function manifestLines(m, pad) {
    if (!m)
        return [];
    if (m.kind === 'index')
        return [`${pad}(a nested index of ${m.manifests.length} manifests)`];
    const out = [`${pad}Config: ${m.config.digest} (${m.config.mediaType})`, `${pad}Layers: ${m.layers.length}`];
    m.layers.forEach((l, n) => out.push(`${pad}  layer ${String(n + 1).padStart(2, '0')}: ${l.digest} (${l.size} bytes)`));
    if (m.subject)
        out.push(`${pad}Subject: ${m.subject.digest}`);
    return out;
}
/** A readable view: the document, then one block per entry with media type, digest, size, platform, layers. */
function inspectText(i) {
    const out = [
        `Name:       ${i.name}`,
        `Media type: ${i.mediaType}`,
        `Digest:     ${i.digest}`,
        `Size:       ${i.bytes.length}`
    ];
    if (i.manifest.kind === 'image') {
        out.push(...platformLines(i.platform, ''), ...manifestLines(i.manifest, ''));
        return `${out.join('\n')}\n`;
    }
    const annotations = Object.entries(i.manifest.annotations ?? {});
    for (const [k, v] of annotations)
        out.push(`Annotation: ${k}=${v}`);
    out.push(`Entries:    ${i.entries.length} (${inspect_view_platformsOf(i).length} platforms)`);
    i.entries.forEach((e, n) => {
        const d = e.descriptor;
        const pad = '    ';
        out.push('', `[${n + 1}] ${isAttestation(d) ? `attestation for ${d.annotations?.[ATTESTATION_SUBJECT] ?? 'an image'}` : formatPlatform(d.platform ?? { os: '?', architecture: '?' })}`);
        out.push(`${pad}Media type: ${d.mediaType}`, `${pad}Digest: ${d.digest}`, `${pad}Size: ${d.size}`);
        if (!isAttestation(d))
            out.push(...platformLines(d.platform, pad));
        if (d.artifactType)
            out.push(`${pad}Artifact type: ${d.artifactType}`);
        for (const [k, v] of Object.entries(d.annotations ?? {}))
            out.push(`${pad}Annotation: ${k}=${v}`);
        out.push(...manifestLines(e.manifest, pad));
    });
    return `${out.join('\n')}\n`;
}

;// CONCATENATED MODULE: ../src/edges/report.ts
/**
 * Outputs and job summaries from plain values. Pure: the edges write them. A summary is read in
 * a browser about 1,000 px wide: few columns, digests shortened in the visible text (the full
 * ones are in a copyable block), long names folded.
 */







function outputsOf(r) {
    return {
        digest: r.digest,
        ref: r.ref,
        'media-type': r.mediaType,
        manifest: r.manifest,
        platforms: r.platforms.join(','),
        refs: r.refs.join('\n'),
        metadata: JSON.stringify(metadataOf(r))
    };
}
/** The `metadata` output's JSON, in the contract's key order. */
function metadataOf(r) {
    return {
        digest: r.digest,
        mediaType: r.mediaType,
        size: r.size,
        tags: r.tags,
        refs: r.refs,
        entries: r.listEntries
    };
}
// `|` too: in a table cell it would end the cell, wherever it came from (a config's os.version).
const report_escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
const code = (s) => `<code>${report_escape(s)}</code>`;
/** Why purge left a source tag, in a few words (the log has the whole line). */
const LEFT_WHY = {
    changed: 'pushed again during the run',
    unsupported: 'the registry cannot remove only this tag',
    denied: 'the credentials may not delete',
    'github-access': 'github-token may not delete package versions',
    failed: 'removal failed; see the log'
};
/** The visible text shortened; the full digest is in the title and in the block below the table. */
const shortDigest = (d) => `<code title="${report_escape(d)}">${report_escape(d.slice(0, 19))}…</code>`;
/**
 * A long name folded at its last `/` before 40 characters, so the table keeps its width; a
 * digest in it is shortened in the visible text (the full name is the title).
 */
function folded(name, width = 40) {
    const at = name.search(/@[a-z0-9+._-]+:/);
    if (at >= 0)
        return `<span title="${report_escape(name)}">${folded(name.slice(0, at), width)}${code(`@${name.slice(at + 1, at + 20)}…`)}</span>`;
    if (name.length <= width)
        return code(name);
    const cut = name.lastIndexOf('/', width);
    if (cut <= 0)
        return code(name);
    return `${code(name.slice(0, cut + 1))}<br>${folded(name.slice(cut + 1), width)}`;
}
/** Bytes in the units a reader expects: 615 MB, 1.2 GB, 900 kB. */
function bytesInWords(n) {
    const units = [
        [1e9, 'GB'],
        [1e6, 'MB'],
        [1e3, 'kB']
    ];
    for (const [size, unit] of units)
        if (n >= size)
            return `${n / size >= 10 ? Math.round(n / size) : (n / size).toFixed(1)} ${unit}`;
    return `${n} bytes`;
}
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
function kindOf(mediaType) {
    return mediaType === manifest_MediaType.OciIndex
        ? 'OCI image index'
        : mediaType === manifest_MediaType.DockerList
            ? 'Docker manifest list'
            : mediaType === manifest_MediaType.OciManifest
                ? 'OCI image manifest'
                : 'Docker image manifest';
}
const shortType = (mediaType) => mediaType.startsWith('application/vnd.oci.')
    ? 'OCI'
    : mediaType.startsWith('application/vnd.docker.')
        ? 'Docker'
        : report_escape(mediaType);
/** Which platform fields an annotations line set, in words. */
function overrideNote(o) {
    if (!o)
        return '';
    const names = {
        architecture: 'arch',
        os: 'os',
        variant: 'variant',
        'os.version': 'os.version',
        'os.features': 'os.features'
    };
    const set = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .map((k) => names[k] ?? k);
    return set.length ? `<br><sub>${report_escape(set.join(', '))} from annotations</sub>` : '';
}
function annotationLines(title, a, view = FULL) {
    const entries = Object.entries(a ?? {});
    if (!entries.length)
        return [];
    const clip = (v) => (view === FULL || v.length <= 200 ? v : `${v.slice(0, 200)}…`);
    return [
        `**${title}:**`,
        '',
        ...entries.slice(0, view.maxItems).map(([k, v]) => `- ${code(clip(k))} = ${code(clip(v))}`),
        ...more(entries.length, view, 'annotation').map((m) => `- ${m}`),
        ''
    ];
}
const FULL = { json: undefined, maxItems: Infinity, notes: [] };
/** The line that says how many were left out, if any. */
const more = (n, view, one, many = `${one}s`) => n > view.maxItems
    ? [`… and ${plural(n - view.maxItems, `more ${one}`, `more ${many}`)} (left out of this summary)`]
    : [];
function copyLine(r) {
    if (!r.copy)
        return [];
    const c = r.copy;
    const repos = [...new Set(r.tags.map((t) => t.replace(/[:@][^/]*$/, '')))];
    const where = repos.length === 1 ? repos[0] : `the ${repos.length} target repositories`;
    const parts = [
        `${plural(c.manifestsPresent, 'child', 'children')} already in ${where}`,
        `${c.manifestsCopied} copied`
    ];
    const blobs = [
        `${plural(c.blobsMounted, 'blob')} mounted`,
        `${c.blobsStreamed} streamed${c.blobsStreamed ? ` (${bytesInWords(c.bytesStreamed)})` : ''}`,
        `${c.blobsPresent} already there`
    ];
    const lines = [`**Copy:** ${parts.join(', ')}; ${blobs.join(', ')}.`, ''];
    // Only with referrers: true (the counts exist only then).
    if (c.referrersCopied !== undefined) {
        lines.push(`**Referrers:** ${plural(c.referrersCopied, 'signature, SBOM or other referrer', 'signatures, SBOMs or other referrers')} copied, ${plural(c.fallbackIndexesWritten ?? 0, 'fallback tag index', 'fallback tag indexes')} written.`, '');
    }
    return lines;
}
/** Markdown for GITHUB_STEP_SUMMARY: the tags and digest on top, a row per list entry. */
function summaryMarkdown(r, overrides) {
    return renderSummary(r, overrides);
}
/** The summary as `view` shows it (limits.ts chooses a view that fits GitHub's limit). */
function renderSummary(r, overrides, view = FULL) {
    const shown = r.entries.slice(0, view.maxItems);
    const lines = [];
    lines.push(`### ${r.pushed ? 'Published' : 'Dry run (nothing pushed):'} ${kindOf(r.mediaType)}`, '');
    lines.push(`**Digest:** ${code(r.digest)}  `);
    lines.push(`**Reference:** ${code(r.ref)}  `);
    lines.push(`**Tags:** ${r.tags.map(code).join(', ')}`, '');
    lines.push('| Platform | Digest | Type | Source |', '| --- | --- | --- | --- |');
    for (const e of shown) {
        const d = e.image.descriptor;
        const n = e.attestations.length;
        const att = n ? `<br>+${plural(n, 'attestation')}` : '';
        const override = overrides &&
            (() => {
                try {
                    return overrides.get(sourceKey(isLayoutSource(e.source) ? parseLayoutSource(e.source) : parseReference(e.source)));
                }
                catch {
                    return undefined;
                }
            })();
        const version = d.platform['os.version'] ? ` ${report_escape(d.platform['os.version'])}` : '';
        lines.push(`| ${report_escape(platform_formatPlatform(d.platform))}${version}${overrideNote(override)} | ${shortDigest(d.digest)} | ${shortType(d.mediaType)} | ${folded(e.source)}${att} |`);
    }
    for (const m of more(r.entries.length, view, 'entry', 'entries'))
        lines.push(`| ${m} | | | |`);
    lines.push('');
    const repo = r.ref.split('@')[0];
    lines.push('```text', ...shown.map((e) => `${platform_formatPlatform(e.image.descriptor.platform).padEnd(16)} ${repo}@${e.image.descriptor.digest}`), ...more(r.entries.length, view, 'entry', 'entries'), '```', '');
    let list = {};
    try {
        list = JSON.parse(r.manifest);
    }
    catch {
        /* the manifest output is what matters; the summary does without */
    }
    lines.push(...annotationLines('Index annotations', list.annotations, view));
    const annotated = (list.manifests ?? []).filter((d) => d.annotations && !entry_isAttestation(d));
    for (const d of annotated.slice(0, view.maxItems))
        lines.push(...annotationLines(`Annotations on ${d.platform ? platform_formatPlatform(d.platform) : d.digest}`, d.annotations, view));
    lines.push(...more(annotated.length, view, 'annotated entry', 'annotated entries').map((m) => `${m}\n`));
    lines.push(...copyLine(r));
    if (r.purge) {
        lines.push(`**Purged source tags:** ${r.purge.removed.length ? r.purge.removed.map(code).join(', ') : 'none'}.`);
        if (r.purge.left.length)
            lines.push(`Left in place: ${r.purge.left.map((l) => `${code(l.tag)} (${LEFT_WHY[l.reason]})`).join(', ')}.`);
        if (r.purge.localLists.length)
            lines.push(`Removed local lists: ${r.purge.localLists.map(code).join(', ')}.`);
        lines.push('');
    }
    for (const w of [...r.warnings, ...view.notes])
        lines.push(`> [!WARNING]`, `> ${report_escape(w)}`, '');
    const json = view.json ?? r.manifest;
    lines.push('<details><summary>Manifest</summary>', '', '```json', json, '```', '', '</details>', '');
    return lines.join('\n');
}
/** The summary of a failed run: what failed, and which tags were already written. */
function failureSummaryMarkdown(message, tagsWritten = []) {
    return [
        '### manifest-fanin failed',
        '',
        '> [!CAUTION]',
        `> ${report_escape(message)}`,
        '',
        tagsWritten.length
            ? `**Tags already written** (they hold the new list; the others do not): ${tagsWritten.map(code).join(', ')}`
            : '**Tags written:** none; every tag still holds what it held before.',
        ''
    ].join('\n');
}
/** The inspect sub-action's summary when the reference could not be read: what failed. */
function inspectFailureMarkdown(ref, message) {
    return [`### ${report_escape(ref)}: not checked`, '', '> [!CAUTION]', `> ${report_escape(message)}`, ''].join('\n');
}
/** The inspect sub-action's summary: what the reference holds, a row per entry, and any mismatch. */
function report_inspectSummaryMarkdown(i, problems = [], view = FULL) {
    const lines = [`### ${report_escape(i.name)}: ${kindOf(i.mediaType)}`, ''];
    lines.push(`**Digest:** ${code(i.digest)}  `);
    lines.push(`**Platforms:** ${platformsOf(i).map(code).join(', ') || 'none'}`, '');
    const rows = i.manifest.kind === 'index'
        ? i.manifest.manifests
        : [{ mediaType: i.mediaType, digest: i.digest, size: i.bytes.length, platform: i.platform }];
    lines.push('| Platform | Digest | Type | Size |', '| --- | --- | --- | --- |');
    for (const d of rows.slice(0, view.maxItems)) {
        const subject = d.annotations?.[ATTESTATION_SUBJECT];
        const what = isAttestation(d)
            ? `attestation${subject ? ` of ${shortDigest(subject)}` : ''}`
            : d.platform
                ? report_escape(formatPlatform(d.platform))
                : '(none)';
        lines.push(`| ${what} | ${shortDigest(d.digest)} | ${shortType(d.mediaType)} | ${bytesInWords(d.size)} |`);
    }
    for (const m of more(rows.length, view, 'entry', 'entries'))
        lines.push(`| ${m} | | | |`);
    lines.push('');
    if (i.manifest.kind === 'index')
        lines.push('```text', ...i.manifest.manifests
            .slice(0, view.maxItems)
            .map((d) => `${(d.platform ? formatPlatform(d.platform) : '-').padEnd(16)} ${i.repo}@${d.digest}`), ...more(rows.length, view, 'entry', 'entries'), '```', '');
    if (i.manifest.kind === 'index')
        lines.push(...annotationLines('Index annotations', i.manifest.annotations, view));
    for (const p of problems)
        lines.push('> [!CAUTION]', `> ${report_escape(p)}`, '');
    for (const w of view.notes)
        lines.push('> [!WARNING]', `> ${report_escape(w)}`, '');
    lines.push('<details><summary>Manifest</summary>', '', '```json', view.json ?? i.bytes.toString('utf8'), '```', '', '</details>', '');
    return lines.join('\n');
}

;// CONCATENATED MODULE: ../src/edges/limits.ts

/** One step output (docs.github.com: "outputs are Unicode strings, and can be a maximum of 1 MB"). */
const OUTPUT_LIMIT = 1_000_000;
/** One step's job summary ("the maximum size of a job summary is 1 MiB per step"). */
const SUMMARY_LIMIT = 1024 * 1024;
/** Where the whole list can be read when an output or the summary cannot hold it. */
function inspectHint(ref) {
    return `read the whole list with this action's inspect sub-action (ref: ${ref}) or manifest-fanin inspect ${ref}`;
}
/** The same for the inspect sub-action itself: the command line reads it whole. */
const cliHint = (ref) => `read the whole list with manifest-fanin inspect ${ref}`;
/**
 * Outputs that would pass the limit are left empty, each with a warning; only `manifest` and
 * `metadata` can grow with the list (digest, ref, refs, platforms stay short and are always set).
 */
function capOutputs(outputs, ref, limit = OUTPUT_LIMIT, hint = inspectHint) {
    const warnings = [];
    const capped = { ...outputs };
    for (const name of ['manifest', 'metadata']) {
        const size = Buffer.byteLength(capped[name] ?? '');
        if (size <= limit)
            continue;
        capped[name] = '';
        const what = name === 'manifest' ? "the list's JSON" : 'the metadata JSON';
        warnings.push(`the \`${name}\` output is left empty: ${what} is ${bytesInWords(size)}, more than GitHub allows in one step output (1 MB); ${hint(ref)}`);
    }
    return { outputs: capped, warnings };
}
/** How much of the list's JSON a shortened summary shows. */
const JSON_SHOWN = 16 * 1024;
/**
 * The job summary within `limit` bytes: as it is when it fits; else the list's JSON cut to its
 * first 16 kB, and if that is not enough, the rows and annotation lines cut to as many as fit.
 * The warning (also in the summary) names inspect as the way to read the whole list.
 */
function summaryWithin(r, overrides, limit = SUMMARY_LIMIT) {
    const all = Math.max(r.entries.length, ...annotationCounts(r.manifest));
    return fitted(r.manifest, r.ref, all, limit, inspectHint, (view) => renderSummary(r, overrides, view));
}
/** The inspect sub-action's summary within `limit` bytes, the same way. */
function inspectSummaryWithin(i, problems, limit = SUMMARY_LIMIT) {
    const json = i.bytes.toString('utf8');
    const all = Math.max(i.manifest.kind === 'index' ? i.manifest.manifests.length : 1, ...annotationCounts(json));
    return fitted(json, `${i.repo}@${i.digest}`, all, limit, cliHint, (view) => inspectSummaryMarkdown(i, problems, view));
}
/** The full view when it fits; else the JSON cut, and then the fewest items cut that make it fit. */
function fitted(manifest, ref, all, limit, hint, render) {
    const full = render();
    if (Buffer.byteLength(full) <= limit)
        return { markdown: full };
    const size = Buffer.byteLength(manifest);
    const warning = `the job summary shows part of the list: it is ${bytesInWords(size)} of JSON, and GitHub allows 1 MiB per job summary; ${hint(ref)}`;
    const json = `${manifest.slice(0, JSON_SHOWN)}\n… (${bytesInWords(size)} in all; the rest is left out)`;
    const view = (maxItems) => render({ json, maxItems, notes: [warning] });
    const fits = (maxItems) => Buffer.byteLength(view(maxItems)) <= limit;
    if (fits(all))
        return { markdown: view(all), warning };
    // The largest number of rows (and annotation lines per block) that fits.
    let [lo, hi] = [0, all];
    while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (fits(mid))
            lo = mid;
        else
            hi = mid - 1;
    }
    return { markdown: view(lo), warning };
}
/** How many annotations the list and each of its entries carry (the summary lists them). */
function annotationCounts(manifest) {
    try {
        const list = JSON.parse(manifest);
        return [list.annotations, ...(list.manifests ?? []).map((d) => d.annotations)].map((a) => Object.keys(a ?? {}).length);
    }
    catch {
        return [0];
    }
}

;// CONCATENATED MODULE: ../src/edges/runner-logger.ts
/**
 * The Logger on the runner (@actions/core), shared by the action and the inspect sub-action:
 * ::debug:: lines only with debug logging on, each group's time in them, and nothing after the
 * failure line once close() is called.
 */

function runnerLogger() {
    const debugOn = isDebug() || process.env.ACTIONS_STEP_DEBUG === 'true';
    let closed = false;
    const logger = {
        info: (m) => !closed && info(m),
        warning: (m) => !closed && warning(m),
        // The runner drops ::debug:: lines unless debug logging is on; skipping them saves a write per request.
        debug: (m) => debugOn && !closed && core_debug(m),
        secret: (s) => core_setSecret(s),
        group: (name, fn) => group(name, async () => {
            const started = performance.now();
            try {
                return await fn();
            }
            finally {
                logger.debug(`${name}: ${Math.round(performance.now() - started)} ms (${Math.round(performance.now())} ms since start)`);
            }
        }),
        close: () => {
            closed = true;
        }
    };
    return logger;
}

;// CONCATENATED MODULE: ../src/model/interrupt.ts
/**
 * What a run says when it is interrupted (SIGINT, SIGTERM: how GitHub cancels a job): one line
 * with what it was doing and what was tagged. Pure: the edge tracks the activity and prints.
 */
const EXIT_ON_SIGNAL = { SIGINT: 130, SIGTERM: 143 };
function interruptedLine(signal, a) {
    const head = `interrupted by ${signal} during "${a.phase}"`;
    if (a.readOnly)
        return `${head}: ${a.readOnly}, nothing was written`;
    if (!a.tagged.length)
        return `${head}: nothing was tagged (blobs and manifests copied so far stay untagged)`;
    return `${head}: already tagged with the new list: ${a.tagged.join(', ')}; no other tag was confirmed`;
}

;// CONCATENATED MODULE: ../src/edges/interrupt.ts
/**
 * SIGINT and SIGTERM (how GitHub cancels a job, and Ctrl-C): one line saying what the run was
 * doing and what it tagged, then a non-zero exit. The logger wrapper keeps track of both.
 */

/** `log`, noting each phase it enters and each tag that holds the list into `activity`. */
function tracking(log, activity) {
    return {
        ...log,
        group: (name, fn) => {
            activity.phase = name;
            return log.group(name, fn);
        },
        tagged: (ref) => {
            activity.tagged.push(ref);
            log.tagged?.(ref);
        }
    };
}
/** On SIGINT or SIGTERM: `report` the line, then exit (130 or 143). */
function exitOnInterrupt(activity, report) {
    for (const signal of ['SIGINT', 'SIGTERM']) {
        process.once(signal, () => {
            report(interruptedLine(signal, activity));
            process.exit(EXIT_ON_SIGNAL[signal]);
        });
    }
}

;// CONCATENATED MODULE: ../src/edges/action.ts
/** The action's edge: inputs in, publish(), outputs and summary out. */











const logger = runnerLogger();
/** On a failure: `summary: false` writes none (an invalid value, an input error itself, still gets one). */
function failureSummaryWanted() {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return false;
    try {
        return parseBoolean('summary', getInput('summary'), true);
    }
    catch {
        return true;
    }
}
/** Exported for @github/local-action, which calls run() itself; src/index.ts is the bundle's entry. */
async function action_run() {
    // A cancelled job (SIGINT, then SIGTERM) says what it was doing and what it tagged.
    const activity = { phase: 'reading the inputs', tagged: [] };
    exitOnInterrupt(activity, (line) => {
        logger.close();
        setFailed(line);
    });
    try {
        const options = parseOptions(await readInputs(), readSettings(process.env, (0,external_node_os_namespaceObject.homedir)()));
        activity.phase = 'contacting the registries';
        if (!options.push)
            activity.readOnly = 'a dry run';
        const result = await publish(options, tracking(logger, activity));
        // GitHub's limits: an output or a summary that would pass them is shortened, with a warning.
        const { outputs, warnings } = capOutputs(outputsOf(result), result.ref);
        for (const [name, value] of Object.entries(outputs))
            setOutput(name, value);
        warnings.forEach((w) => logger.warning(w));
        if (options.summary && process.env.GITHUB_STEP_SUMMARY) {
            const { markdown, warning } = summaryWithin(result, options.annotations.overrides);
            if (warning)
                logger.warning(warning);
            // overwrite: on the runner the file is this step's own; a local run (@github/local-action) reuses one file.
            await summary.addRaw(markdown).write({ overwrite: true });
        }
        info(`digest: ${result.digest}`);
    }
    catch (err) {
        const message = oneLine(err);
        // The summary says what failed even when nobody opens the log; written before the error line, which stays the last.
        if (failureSummaryWanted()) {
            await summary
                .addRaw(failureSummaryMarkdown(message, err.tagsWritten))
                .write({ overwrite: true })
                .catch(() => undefined);
        }
        traceLines(err).forEach((l) => logger.debug(l));
        logger.close();
        setFailed(message);
    }
}

;// CONCATENATED MODULE: ../src/index.ts
/** The bundle's entry: the runner loads dist/index.js, which runs the action once. */

void action_run();

})();

module.exports = __webpack_exports__;
/******/ })()
;