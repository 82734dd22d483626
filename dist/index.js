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

/***/ 7457:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
__nccwpck_require__.r(__webpack_exports__);
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ProxyAgent: () => (/* binding */ ProxyAgent),
/* harmony export */   fetch: () => (/* binding */ fetch),
/* harmony export */   provideUndici: () => (/* binding */ provideUndici)
/* harmony export */ });
let real;
/** The real undici, from the chunk that bundles it. */
function provideUndici(u) {
    real = u;
}
function undici() {
    if (!real)
        throw new Error('internal error: undici was used before the GitHub Packages client loaded it (src/util/lazy-undici.ts)');
    return real;
}
/** undici's ProxyAgent (the toolkit's getAgentDispatcher makes one per proxy). */
class ProxyAgent {
    constructor(...args) {
        // A constructor that returns an object makes `new` give that object: the real agent.
        return new (undici().ProxyAgent)(...args);
    }
}
/** undici's fetch (@actions/github's fetch through the runner's proxy). */
const fetch = (...args) => undici().fetch(...args);


/***/ }),

/***/ 2613:
/***/ ((module) => {

"use strict";
module.exports = require("assert");

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
var external_http_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_http_, 2);
// EXTERNAL MODULE: external "https"
var external_https_ = __nccwpck_require__(5692);
var external_https_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_https_, 2);
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
var tunnel = __nccwpck_require__(776);
// EXTERNAL MODULE: ../src/util/lazy-undici.ts
var lazy_undici = __nccwpck_require__(7457);
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
const RetryableHttpVerbs = ['OPTIONS', 'GET', 'DELETE', 'HEAD'];
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
        const proxyUrl = getProxyUrl(parsedUrl);
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
        info.httpModule = usingSsl ? external_https_namespaceObject : external_http_namespaceObject;
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
        const proxyUrl = getProxyUrl(parsedUrl);
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
            maxSockets = this.requestOptions.maxSockets || external_http_.globalAgent.maxSockets;
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
            agent = usingSsl ? new external_https_.Agent(options) : new external_http_.Agent(options);
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
        proxyAgent = new lazy_undici.ProxyAgent(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, ((proxyUrl.username || proxyUrl.password) && {
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
    errors = []) {
        super(message);
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
    constructor(message, code) {
        super(message);
        this.code = code;
    }
}
/** Content did not match what was promised (digest, size, media type). */
class IntegrityError extends Error {
    name = 'IntegrityError';
}
/**
 * The same error (type, status, code and every other field) with another message. A copy, never
 * the original: one failure (a token refusal, a lost ping) is awaited by many callers, and each
 * must be able to add its own context without the others' piling up on it.
 */
function rephrase(err, message) {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(err)), err);
    Object.defineProperty(copy, 'message', { value: message, writable: true, configurable: true, enumerable: false });
    const cause = err.cause;
    if (cause !== undefined)
        Object.defineProperty(copy, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
    copy.stack = `${copy.name}: ${message}`;
    return copy;
}
/** Prefix an error's message with context, keeping its type (for retry decisions and tests). */
function withContext(err, context) {
    // Said once: a context already at the front (the same failure passing a caller twice) is not repeated.
    if (err.message === context || err.message.startsWith(`${context}: `))
        return err;
    return rephrase(err, `${context}: ${err.message}`);
}
/** Append a hint to an error's message (a copy, as withContext). */
function withHint(err, hint) {
    return hint ? rephrase(err, `${err.message}${hint}`) : err;
}
function errorMessage(err) {
    return err instanceof Error ? err.message : String(err);
}

;// CONCATENATED MODULE: ../src/edges/failure.ts
/** One line for the log and the failure annotation: what failed, where, and what to do. */

function oneLine(err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const known = e instanceof InputError || e instanceof RegistryError || e instanceof TransportError || e instanceof IntegrityError;
    return (known ? e.message : `unexpected error: ${e.message}`).replace(/\s*\n\s*/g, ' ');
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
        githubToken
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
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;
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
        if (!DIGEST.test(digest))
            throw bad(input, `"${digest}" is not a digest`, 'expected sha256:<64 hex digits>');
        if (!digest.startsWith('sha256:'))
            throw bad(input, `digest algorithm "${digest.split(':')[0]}" is not supported`, 'use sha256');
        if (!SHA256.test(digest))
            throw bad(input, `"${digest}" is not a sha256 digest`, 'expected sha256:<64 lowercase hex digits>');
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
    return `${ref.registry}/${ref.repository}`;
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
    return ref.tag || ref.digest ? ref : { ...ref, tag: 'latest' };
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
function readSettings(env, home) {
    const ci = !!env.CI && env.CI !== 'false';
    return {
        sourceWaitMs: seconds(env.FANIN_SOURCE_WAIT_SECONDS, ci ? 30_000 : 0, false),
        timeoutMs: seconds(env.FANIN_TIMEOUT_SECONDS, 60_000, true),
        certsDir: env.FANIN_CERTS_DIR || '/etc/docker/certs.d',
        dockerConfig: env.DOCKER_CONFIG || external_node_path_default().join(home, '.docker'),
        githubPackagesRegistries: (env.FANIN_GITHUB_PACKAGES_REGISTRIES ?? 'ghcr.io')
            .split(/[\s,]+/)
            .map((h) => h.trim().toLowerCase())
            .filter(Boolean),
        githubApiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
        ci,
        edge: 'action'
    };
}

;// CONCATENATED MODULE: ../src/model/source.ts
/**
 * The forms a source may take, and the lines of a `sources-from` file. Pure. A source is a
 * registry reference (`host/repo:tag`, `…@sha256:…`) or a bare digest (`sha256:<hex>`, what
 * docker/build-push-action's `digest` output holds after a push by digest to the image's
 * repository), which names that digest in the first tag's repository. Other forms (an image
 * layout on disk) get their own branch here.
 */


const BARE_DIGEST = /^sha256:[a-f0-9]{64}$/;
/** A source → the reference it is read from; a bare digest lives in the first tag's repository. */
function parseSource(item, firstTag) {
    const s = item.trim();
    if (BARE_DIGEST.test(s))
        return { registry: firstTag.registry, repository: firstTag.repository, digest: s };
    // Without this, `sha256:abc` would read as Docker Hub's library/sha256 with the tag abc.
    if (/^sha256:/i.test(s))
        throw new InputError(`invalid reference "${s}": a bare digest is sha256:<64 lowercase hex digits> (the digest in the first tag's repository)`);
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
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
function sha256(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
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
    if (!/^sha256:[a-f0-9]{64}$/.test(d.digest))
        throw new IntegrityError(`${where} has unsupported digest "${d.digest}" (only sha256)`);
    return d;
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
        if (!Array.isArray(json.manifests))
            throw new IntegrityError(`a ${mediaType} without "manifests"`);
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
/**
 * Run `op` until it succeeds, fails for good, or the policy runs out. Only for operations that
 * are safe to repeat; callers make a whole upload one operation so it restarts cleanly.
 * `retryable` decides which failures are worth another try (default: transient ones).
 */
async function retrying(op, policy = DEFAULT_RETRY, onRetry, signal, retryable = isRetryable) {
    const started = Date.now();
    for (let attempt = 1;; attempt++) {
        try {
            return await op(attempt);
        }
        catch (caught) {
            if (caught instanceof DoNotRetry)
                throw caught.error;
            const err = caught;
            // The run is over (another failure ended it): no retry, nothing more to say.
            if (signal?.aborted || !retryable(err) || attempt >= policy.attempts)
                throw err;
            const asked = err.retryAfterMs;
            if (asked !== undefined && asked > (policy.maxRetryAfterMs ?? policy.capMs * 4))
                throw err;
            const delay = Math.max(asked ?? 0, backoffDelay(attempt, policy));
            if (Date.now() - started + delay > policy.deadlineMs)
                throw err;
            onRetry?.(err, delay, attempt);
            await sleep(delay, signal);
        }
    }
}

;// CONCATENATED MODULE: ../src/steps/put.ts
/**
 * Writing one manifest the way every registry accepts: read the tag first (ECR), wait out
 * replication lag (CDN-fronted registries), name a missing repository. Shared by copy and push.
 */


/** How long a PUT refused for a manifest this run just put is retried (replication lag). */
const LAG_WAIT_MS = 30_000;
const LAG_POLICY = { attempts: 100, baseMs: 500, capMs: 5_000, deadlineMs: LAG_WAIT_MS };
/**
 * CDN-fronted or replicated registries can answer MANIFEST_BLOB_UNKNOWN / MANIFEST_UNKNOWN about
 * a manifest or blob put a moment ago (int128/docker-manifest-create-action#857).
 */
function isLagRefusal(err) {
    return err instanceof RegistryError && (err.code === 'MANIFEST_BLOB_UNKNOWN' || err.code === 'MANIFEST_UNKNOWN');
}
/** A hint for a target repository that does not exist (ECR creates none on push). */
function withRepoHint(err, repo) {
    if (err instanceof RegistryError && err.code === 'NAME_UNKNOWN' && !err.message.includes('; create the repository')) {
        return withHint(err, `; create the repository ${repo} first (some registries, such as ECR, do not create repositories on push)`);
    }
    return err;
}
/** PUT and check the stored digest; returns the registry's `OCI-Subject` answer. */
async function putChecked(client, repo, ref, bytes, mediaType, digest, opts) {
    const started = Date.now();
    for (let attempt = 1;; attempt++) {
        try {
            const put = await client.putManifestDetailed(repo, ref, bytes, mediaType);
            if (put.digest && put.digest !== digest)
                throw new IntegrityError(`the registry stored it as ${put.digest}, not ${digest}`);
            return put;
        }
        catch (err) {
            if (!opts.lagRetry || !isLagRefusal(err) || opts.signal?.aborted)
                throw err;
            const delay = backoffDelay(attempt, LAG_POLICY);
            const waited = Date.now() - started;
            if (waited + delay > LAG_WAIT_MS) {
                throw withContext(err, `still refused after ${Math.round(waited / 1000)} s of waiting for what this run just put to become visible`);
            }
            opts.log.info(`${err.message}; the registry may not show what this run just put yet: retry in ${(delay / 1000).toFixed(1)} s`);
            await sleep(delay, opts.signal);
        }
    }
}
/**
 * PUT under a tag unless it already holds `digest`. ECR's immutable tags refuse every re-push,
 * even of the same digest (aws/containers-roadmap#2179): reading first lets a re-run of the same
 * inputs succeed. Returns false when the tag was already up to date.
 */
async function putUnlessCurrent(client, repo, tag, bytes, mediaType, digest, opts) {
    // A read made earlier in the run saves the round trip; only "already current" is read again,
    // since skipping the write on a stale answer would leave the tag elsewhere.
    const known = opts.known ? await opts.known.catch(() => digest) : digest;
    if (known === digest && (await client.headManifest(repo, tag, 'push'))?.digest === digest)
        return false;
    await putChecked(client, repo, tag, bytes, mediaType, digest, opts);
    return true;
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
    seen(m) {
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
class Presence {
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
/**
 * Make every item exist in every target repository. All checks run together (the manifest and
 * its blobs in the same round trip); a blob shared by several items is handled once per
 * repository; a manifest is put only after all its blobs, and what it names, are there.
 */
async function copyManifests(registries, items, targets, log, stats, opts = {}) {
    const checks = new Once();
    const transfers = new Once();
    const presence = new Presence();
    const ordered = orderForCopy(items);
    // Target-major, prerequisites first: every manifest waited for has its own job started already.
    const work = targets.flatMap((t) => ordered.map((c) => ({ t, c })));
    for (const { t, c } of work)
        presence.declare(`${repoName(t)}@${c.descriptor.digest}`);
    const clock = opts.clock ?? realClock;
    const targetChecks = opts.checks ?? new TargetChecks(registries, targets);
    await mapLimit(work, CONCURRENCY, async ({ t, c }) => {
        const key = `${repoName(t)}@${c.descriptor.digest}`;
        try {
            const put = await copyOne(t, c);
            presence.settle(key, put);
        }
        catch (err) {
            presence.settle(key, err);
            throw withRepoHint(err, repoName(t));
        }
    });
    /** Returns true when this run put the manifest, false when it was there already. */
    async function copyOne(t, c) {
        const r = repoStats(stats, repoName(t));
        // An item read from this very repository is there already (its tags too): no request needed.
        if (sameRepo(t, c.from)) {
            stats.manifestsPresent++;
            r.manifestsPresent++;
            return false;
        }
        const target = registries.get(t.registry);
        const blobs = blobsOf(c.manifest);
        const blobKey = (b) => `${repoName(t)}@${b.digest}`;
        // Within one registry a mount answers "it is there" as well as a HEAD does, so blobs are
        // mounted without asking first; across registries a HEAD saves streaming what is there.
        const mountable = c.from.registry === t.registry;
        const [present, have] = await Promise.all([
            targetChecks.hasManifest(t, c.descriptor.digest),
            Promise.all(blobs.map((b) => mountable
                ? false
                : checks.run(blobKey(b), async () => {
                    const there = await targetChecks.hasBlob(t, b.digest).catch((err) => {
                        throw withContext(err, `blob ${b.digest} in ${repoName(t)}`);
                    });
                    if (there)
                        stats.blobsPresent++;
                    return there;
                })))
        ]);
        let put = false;
        if (present) {
            stats.manifestsPresent++;
            r.manifestsPresent++;
        }
        else {
            await Promise.all(blobs.map((b, i) => have[i]
                ? false
                : transfers.run(blobKey(b), () => copyBlob(registries, targetChecks, b, c.from, t, stats, r, log, clock))));
            // What it names goes first; when this run put any of it, a refusal naming it may be lag.
            const before = await Promise.all(prerequisites(c.manifest).map((d) => presence.wait(`${repoName(t)}@${d}`) ?? false));
            const what = `copy ${c.descriptor.digest} from ${repoName(c.from)} to ${repoName(t)}`;
            try {
                const answer = await putChecked(target, t.repository, c.descriptor.digest, c.bytes, c.descriptor.mediaType, c.descriptor.digest, {
                    lagRetry: before.some(Boolean),
                    signal: registries.signal,
                    log
                });
                opts.onPut?.(t, c, answer);
            }
            catch (err) {
                throw withContext(err, what);
            }
            stats.manifestsCopied++;
            r.manifestsCopied++;
            put = true;
            log.debug(`${what}: done`);
        }
        for (const tag of c.tags ?? []) {
            try {
                const wrote = await putUnlessCurrent(target, t.repository, tag, c.bytes, c.descriptor.mediaType, c.descriptor.digest, { lagRetry: put, signal: registries.signal, log });
                log.debug(`${repoName(t)}:${tag} → ${c.descriptor.digest}${wrote ? '' : ' (already up to date)'}`);
            }
            catch (err) {
                throw withContext(err, `tag ${repoName(t)}:${tag}`);
            }
        }
        return put;
    }
}
/**
 * A blob the target lacks: mount it within a registry, else stream it from the source. A blob
 * whose descriptor has `urls` and that the source does not serve is left out (Windows base
 * layers). Returns true when it was put into the target.
 */
async function copyBlob(registries, checks, blob, from, to, stats, r, log, clock) {
    const target = registries.get(to.registry);
    const source = registries.get(from.registry);
    const what = `blob ${blob.digest} (${blob.size} bytes) from ${repoName(from)} to ${repoName(to)}`;
    try {
        if (servedElsewhere(blob) && !(await source.hasBlob(from.repository, blob.digest))) {
            stats.blobsSkipped = (stats.blobsSkipped ?? 0) + 1;
            log.debug(`${what}: not in the source; its descriptor's urls serve it (${blob.urls.join(', ')})`);
            return false;
        }
        if (from.registry === to.registry) {
            // Any failed mount falls back to streaming: Harbor answers 401 for another project's blob
            // (goharbor/harbor#17097), ECR 202 unless mounts are enabled, others 403/404/405 or 5xx.
            // The mount may have been started as soon as the manifest was read (see target-checks.ts).
            const mounted = await checks.mountBlob(to, blob.digest, from).catch((err) => {
                log.debug(`${what}: mount failed (${err.message}); streaming instead`);
                return false;
            });
            if (mounted) {
                stats.blobsMounted++;
                r.blobsMounted++;
                return true;
            }
            // Not mounted (mounts off, another project): it may be there already, as after a re-run.
            if (await checks.hasBlob(to, blob.digest)) {
                stats.blobsPresent++;
                return false;
            }
        }
        const meter = new ProgressMeter(`${blob.digest.slice(0, 19)}… → ${repoName(to)}`, blob.size, log, clock);
        try {
            await target.uploadBlob(to.repository, blob.digest, blob.size, async () => {
                const { stream, size } = await source.openBlob(from.repository, blob.digest);
                if (size !== undefined && size !== blob.size) {
                    stream.destroy();
                    throw new IntegrityError(`the source serves ${size} bytes, the manifest says ${blob.size}`);
                }
                return meter.wrap(stream);
            });
        }
        finally {
            meter.stop();
        }
        meter.finish();
        stats.blobsStreamed++;
        stats.bytesStreamed += blob.size;
        r.blobsStreamed++;
        r.bytesStreamed += blob.size;
        log.debug(`${what}: streamed`);
        return true;
    }
    catch (err) {
        throw withContext(err, what);
    }
}

;// CONCATENATED MODULE: ../src/model/referrers.ts
/**
 * OCI referrers and cosign's tags, as values: the tag names, the referrers index a registry
 * answers, and the `sha256-<hex>` fallback tag index a client keeps where the registry indexes
 * nothing itself (OCI distribution spec 1.1, "Referrers tag schema"). Pure.
 */


/** `sha256:abc…` → `sha256-abc…`: the fallback tag of a subject, and the stem of cosign's tags. */
function fallbackTag(digest) {
    return digest.replace(':', '-');
}
/** BuildKit's attestation manifests, as OCI artifacts (BuildKit ≥ 0.32). */
const BUILDKIT_ATTESTATION = 'application/vnd.docker.attestation.manifest.v1+json';
/** A referrer that is a BuildKit attestation: `attestations: drop` leaves it behind too. */
function isBuildkitAttestation(m) {
    return m.kind === 'image' && m.artifactType === BUILDKIT_ATTESTATION;
}
/** cosign's tags beside an image: signature, attestations, SBOM. */
const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'];
function cosignTags(digest) {
    return COSIGN_SUFFIXES.map((s) => `${fallbackTag(digest)}.${s}`);
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
    return err instanceof RegistryError && [400, 404, 405, 406].includes(err.status);
}
const notFound = (err) => err instanceof RegistryError && err.status === 404;
/** Find what refers to `subjects` in their source repositories, and what refers to those. */
async function discoverReferrers(registries, subjects, log, opts = {}) {
    const items = new Map();
    const bySubject = new Map();
    const fetched = new Once();
    const seen = new Set(subjects.map((s) => `${repoName(s.from)}@${s.descriptor.digest}`));
    /** A manifest of the source repository as an item to copy; an index brings its children. */
    const load = (from, digest, tag) => fetched
        .run(`${repoName(from)}@${digest}`, async () => {
        const client = registries.get(from.registry);
        const m = await client.getManifest(from.repository, digest);
        const item = toItem(m, from, `referrer ${repoName(from)}@${digest}`);
        if (item.manifest.kind === 'index') {
            for (const d of item.manifest.manifests)
                await load(from, d.digest);
        }
        if (!(opts.dropAttestations && isBuildkitAttestation(item.manifest)))
            items.set(item.descriptor.digest, item);
        return item;
    })
        .then((item) => {
        if (tag && !item.tags?.includes(tag))
            item.tags = [...(item.tags ?? []), tag];
        return item;
    });
    let frontier = [...subjects];
    for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
        const found = await mapLimit(frontier, CONCURRENCY, async (s) => {
            const from = s.from;
            const digest = s.descriptor.digest;
            const where = `referrers of ${repoName(from)}@${digest}`;
            try {
                const [oci, cosign] = await Promise.all([
                    listOciReferrers(registries, from, digest),
                    findCosign(registries, from, digest)
                ]);
                const loaded = await Promise.all(oci.map((d) => load(from, d.digest).catch((err) => {
                    // A listing that names a manifest the repository no longer has: nothing to copy.
                    if (!notFound(err))
                        throw err;
                    log.warning(`${where}: ${d.digest} is listed but not in the repository; skipped`);
                    return undefined;
                })));
                // attestations: drop leaves BuildKit's attestations out even where they are referrers.
                const refs = loaded.filter((r) => !!r && !(opts.dropAttestations && isBuildkitAttestation(r.manifest)));
                const listed = bySubject.get(digest) ?? [];
                for (const r of refs)
                    if (!listed.some((d) => d.digest === r.descriptor.digest))
                        listed.push(describeReferrer(r.manifest, r.descriptor.digest, r.descriptor.size));
                if (listed.length)
                    bySubject.set(digest, listed);
                const tagged = await Promise.all(cosign.map(({ tag, digest: d }) => load(from, d, tag)));
                return [...refs, ...tagged];
            }
            catch (err) {
                throw withContext(err, where);
            }
        });
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
    const own = emptyStats();
    await copyManifests(registries, found.items, targets, log, own, {
        onPut: (t, item, answer) => {
            if (item.manifest.kind === 'image' && item.manifest.subject)
                indexed.set(repoName(t), indexed.get(repoName(t)) || !!answer.subject);
        }
    });
    addBlobStats(stats, own);
    stats.referrersCopied = (stats.referrersCopied ?? 0) + own.manifestsCopied;
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
            throw new InputError(`format "docker": child ${oci.descriptor.digest} (${what}) of ${oci.from.registry}/${oci.from.repository} is an OCI manifest (${oci.descriptor.mediaType}), which a Docker manifest list cannot reference; use format "oci" or "auto"${attestation ? ', or build without attestations (provenance: false, sbom: false), or set attestations: drop' : ''}`);
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
    if (chosen === 'docker' && ociOnly.length > 0)
        throw new InputError(`format "docker": the existing list has ${ociOnly.map((k) => `"${k}"`).join(' and ')}, which a Docker manifest list cannot hold and amend would lose; use format "oci" or "auto". Nothing was written`);
    const descriptors = platformDescriptors(entries, annotations, warnings);
    descriptors.push(...others.map((o) => o.child.descriptor));
    descriptors.push(...entries.flatMap((e) => e.attestations.map((c) => c.descriptor)));
    const indexAnnotations = { ...(existingIndexAnnotations ?? {}), ...annotations.index };
    if (chosen === 'docker' && Object.keys(existingIndexAnnotations ?? {}).length > 0) {
        warnings.push('format "docker": the existing list\'s index annotations are dropped (a Docker manifest list has none)');
    }
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
        return retrying(async () => {
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
        }, this.opts.retry ?? DEFAULT_RETRY, (err, delay, attempt) => this.opts.log.info(`${err.message}; retry ${attempt} in ${(delay / 1000).toFixed(1)} s`), this.opts.signal);
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
            if (!(err instanceof GitHubApiError && err.status === 404))
                throw err;
        }
        const versions = await this.page('users', pkg, 1);
        this.scopes.set(pkg.owner, 'users');
        return { scope: 'users', versions };
    }
    async findVersion(pkg, digest) {
        for (let attempt = 0;; attempt++) {
            const first = await this.firstPage(pkg);
            const scope = first.scope;
            let versions = first.versions;
            for (let page = 1;;) {
                const v = versions.find((x) => x.name === digest);
                if (v)
                    return { id: v.id, digest: v.name, tags: v.metadata?.container?.tags ?? [] };
                if (versions.length < PER_PAGE || page >= MAX_PAGES)
                    break;
                versions = await this.page(scope, pkg, ++page);
            }
            const delays = this.opts.listingDelaysMs ?? LISTING_DELAYS_MS;
            if (attempt >= delays.length)
                return undefined;
            await sleep(delays[attempt], this.opts.signal);
        }
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
/** A DELETE answer that says no delete will work here (for these credentials), as a Way. */
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
async function probeWay(client, repo, log) {
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
async function removeByRegistry(client, c, way, log) {
    if (way.kind === 'none')
        return left(way.reason, way.detail);
    const repo = c.ref.repository;
    const tag = c.ref.tag;
    const stale = await recheck(client, c);
    if (stale)
        return stale;
    if (way.kind === 'tag') {
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
    const ph = placeholder(formatReference(c.ref));
    try {
        await client.putManifest(repo, tag, ph.bytes, ph.mediaType);
    }
    catch (err) {
        // ECR with tag immutability refuses to move any tag (400 TAG_INVALID; see the ecr
        // personality): a trait of the repository, so one warning names every tag it keeps.
        if (err instanceof RegistryError && err.code === 'TAG_INVALID') {
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
    const deadline = Date.now() + waitMs;
    await Promise.all(tags.map(async (tag) => {
        for (let delay = 250;; delay = Math.min(delay * 2, 2_000)) {
            const now = await registries.get(tag.registry).headManifest(tag.repository, tag.tag);
            if (now?.digest === digest)
                return;
            if (now || Date.now() + delay > deadline) {
                throw new IntegrityError(`purge: ${formatReference(tag)} resolves to ${now?.digest ?? 'nothing'}, not the pushed list ${digest}; nothing was purged`);
            }
            log.debug(`purge: ${formatReference(tag)} not served yet after its push; checking again in ${delay} ms`);
            await sleep(delay, registries.signal);
        }
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
    const ways = new Once();
    // On GitHub Packages the first tag of each package goes alone: without the token's rights only
    // that one is moved (and put back).
    const leads = new Once();
    const githubHosts = new Set(ctx.githubPackagesRegistries.map((h) => h.toLowerCase()));
    const removeOne = async (c) => {
        const client = registries.get(c.ref.registry);
        const key = repoName(c.ref);
        if (githubHosts.has(c.ref.registry.toLowerCase())) {
            let lead = false;
            const first = await leads.run(key, () => {
                lead = true;
                return removeByPackagesApi(client, ctx.packages, c, ctx.listDigests, log).catch((err) => left('failed', errorMessage(err)));
            });
            if (lead)
                return first;
            if (!first.removed && first.reason === 'github-access')
                return first;
            return removeByPackagesApi(client, ctx.packages, c, ctx.listDigests, log);
        }
        const way = await ways.run(key, () => probeWay(client, c.ref.repository, log).catch((err) => ({
            kind: 'none',
            reason: 'failed',
            detail: `finding out how ${key} deletes tags failed: ${errorMessage(err)}`
        })));
        return removeByRegistry(client, c, way, log);
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

;// CONCATENATED MODULE: ../src/steps/push.ts
/**
 * Put the list under every tag: the tags of one repository one after another, different
 * repositories in parallel; a tag that already holds the list is left alone. A partial failure
 * says which tags were written.
 */



/**
 * @param fresh repositories (`registry/repo`) into which this run put manifests: a refusal
 *   naming an unknown manifest there is replication lag, retried for up to 30 s.
 */
async function pushTags(registries, tags, list, log, fresh = new Set(), checks) {
    // Quay fails the same manifest PUT to two tags of one repository at once with MANIFEST_INVALID
    // (GoogleContainerTools/jib#2470): one repository's tags go one after another.
    const byRepo = new Map();
    for (const t of tags)
        byRepo.set(repoName(t), [...(byRepo.get(repoName(t)) ?? []), t]);
    const outcome = new Map();
    await Promise.all([...byRepo.entries()].map(async ([repo, repoTags]) => {
        for (const tag of repoTags) {
            try {
                const opts = { lagRetry: fresh.has(repo), signal: registries.signal, log, known: checks?.tagDigest(tag) };
                const wrote = await putUnlessCurrent(registries.get(tag.registry), tag.repository, tag.tag, list.bytes, list.mediaType, list.digest, opts);
                outcome.set(tag, wrote ? 'written' : 'current');
                log.info(`${formatReference(tag)} → ${list.digest}${wrote ? '' : ' (already up to date)'}`);
            }
            catch (err) {
                outcome.set(tag, withRepoHint(err, repo));
                return; // this repository's remaining tags stay unwritten
            }
        }
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
;// CONCATENATED MODULE: external "node:stream/promises"
const external_node_stream_promises_namespaceObject = require("node:stream/promises");
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = require("node:fs");
var external_node_fs_default = /*#__PURE__*/__nccwpck_require__.n(external_node_fs_namespaceObject);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __nccwpck_require__(1692);
var external_node_tls_default = /*#__PURE__*/__nccwpck_require__.n(external_node_tls_);
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
/** Plain Node agents: what tests inject (the action uses the toolkit's, see agents.ts). */
const nodeAgents = (origin, { skipVerify, secureContext }) => {
    const agent = origin.startsWith('https:')
        ? new https.Agent({
            keepAlive: true,
            maxSockets: MAX_SOCKETS,
            rejectUnauthorized: !skipVerify,
            ...(secureContext ? { secureContext } : {})
        })
        : new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
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
     * One request. The toolkit's client supplies the agent (keep-alive, proxy from the environment,
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
                    clearTimeout(setup);
                    resolve(res);
                });
            }
            catch (err) {
                // Node refuses some requests synchronously (a header it will not send): fail now, no timer left.
                return reject(toTransportError(err, url));
            }
            const live = signal && this.track(signal);
            live?.add(req);
            // The socket's idle timeout starts only once connected; this bounds connecting and the TLS handshake.
            const setup = setTimeout(() => req.destroy(timeout()), ms);
            req.on('socket', (s) => {
                if (req.reusedSocket)
                    clearTimeout(setup);
                else
                    s.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(setup));
            });
            req.on('close', () => {
                clearTimeout(setup);
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
 * The agents requests go through in the action: the toolkit's HttpClient supplies them
 * (keep-alive, the runner's proxy settings from the environment, TLS options). Kept apart from
 * transport.ts so the transport can be tested with plain Node agents (the toolkit is ESM-only).
 */


function toolkitAgents(userAgent) {
    return (origin, { skipVerify, secureContext }) => {
        // One client per origin and setting: the toolkit's client caches a single agent for its first protocol.
        const client = new lib_HttpClient(userAgent, [], {
            allowRedirects: false,
            keepAlive: true,
            maxSockets: MAX_SOCKETS,
            ignoreSslError: skipVerify
        });
        const agent = client.getAgent(origin);
        if (secureContext) {
            const a = agent;
            a.options = Object.assign(a.options ?? {}, { secureContext });
        }
        return { agent, dispose: () => client.dispose() };
    };
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = require("node:child_process");
;// CONCATENATED MODULE: ../src/registry/credentials.ts
/**
 * Credentials as `docker login` / docker/login-action leave them: $DOCKER_CONFIG/config.json
 * (else ~/.docker/config.json), with credHelpers, auths and credsStore.
 */






/** Docker Hub's key in config.json; what credential helpers are asked for. */
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
/** `https://ghcr.io/v2/`, `ghcr.io` and Docker Hub's spellings all name one registry. */
function normalizeConfigKey(key) {
    return canonicalRegistry(key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, ''));
}
async function readConfig(dir) {
    try {
        return JSON.parse(await (0,promises_namespaceObject.readFile)(external_node_path_default().join(dir, 'config.json'), 'utf8'));
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return {};
        throw new InputError(`cannot read ${external_node_path_default().join(dir, 'config.json')}: ${err.message}; fix the file or point DOCKER_CONFIG elsewhere`);
    }
}
function lookupKey(table, registry) {
    if (!table)
        return undefined;
    for (const [key, value] of Object.entries(table))
        if (normalizeConfigKey(key) === registry)
            return [key, value];
    return undefined;
}
/** Run `docker-credential-<helper> get`; undefined when the helper has nothing for this server. */
function runCredentialHelper(helper, serverUrl) {
    const bin = `docker-credential-${helper}`;
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_namespaceObject.execFile)(bin, ['get'], { timeout: 30_000 }, (err, stdout, stderr) => {
            const text = `${stdout}${stderr}`;
            if (err) {
                if (/not found|no credentials/i.test(text))
                    return resolve(undefined);
                if (err.code === 'ENOENT')
                    return reject(new InputError(`credential helper ${bin} (configured for ${serverUrl} in docker's config.json) is not on PATH: install it or remove it from config.json`));
                return reject(new InputError(`credential helper ${bin} failed for ${serverUrl}: ${text.trim().split('\n')[0] || err.message}`));
            }
            try {
                const out = JSON.parse(stdout);
                if (!out.Secret)
                    return resolve(undefined);
                // docker's convention: the username "<token>" means the secret is an identity token.
                if (out.Username === '<token>')
                    return resolve({ identityToken: out.Secret, from: bin });
                resolve({ username: out.Username, password: out.Secret, from: bin });
            }
            catch {
                reject(new InputError(`credential helper ${bin} printed something that is not JSON for ${serverUrl}`));
            }
        });
        child.stdin?.end(serverUrl);
    });
}
function fromAuthEntry(entry, from) {
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
    }
    return undefined;
}
/** base64(`user:password`): what Basic auth sends (RFC 7617), and so a secret to mask as well. */
function basicToken(username, password) {
    return Buffer.from(`${username}:${password}`).toString('base64');
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
class CredentialStore {
    dir;
    onSecret;
    cache = new Once();
    config;
    /** The file credentials are read from, for messages. */
    get file() {
        return external_node_path_default().join(this.dir, 'config.json');
    }
    constructor(dir, 
    /** Called with every secret found, so the edge can mask it in logs. */
    onSecret = () => { }) {
        this.dir = dir;
        this.onSecret = onSecret;
    }
    /** Start reading config.json (once); what it holds, or why it cannot be read, is for lookup() to say. */
    preload() {
        this.config ??= readConfig(this.dir);
        this.config.catch(() => undefined);
    }
    /** Credentials for a registry as users name it (docker.io, ghcr.io, host:port). Once per registry. */
    lookup(registry) {
        return this.cache.run(registry, () => this.find(registry).then((c) => {
            if (c)
                checkCredential(registry, c);
            for (const s of [c?.password, c?.identityToken, c?.registryToken])
                if (s)
                    this.onSecret(s);
            if (c?.username && c?.password)
                this.onSecret(basicToken(c.username, c.password));
            return c;
        }));
    }
    async find(registry) {
        this.config ??= readConfig(this.dir);
        const config = await this.config;
        const file = external_node_path_default().join(this.dir, 'config.json');
        const serverUrl = registry === DOCKER_HUB ? DOCKER_HUB_KEY : registry;
        const helper = lookupKey(config.credHelpers, registry);
        // Where a credential came from names the config key that chose it (auths, credHelpers, credsStore).
        if (helper)
            return runCredentialHelper(helper[1], helper[0]).then((c) => c && { ...c, from: `${c.from} (credHelpers["${helper[0]}"] in ${file})` });
        const entry = lookupKey(config.auths, registry);
        const inline = entry && fromAuthEntry(entry[1], `${file} (auths["${entry[0]}"])`);
        if (inline)
            return inline;
        if (config.credsStore)
            return runCredentialHelper(config.credsStore, entry?.[0] ?? serverUrl).then((c) => c && { ...c, from: `${c.from} (credsStore in ${file})` });
        return undefined;
    }
}

;// CONCATENATED MODULE: ../src/registry/error-body.ts
const MAX_PART = 300;
const MAX_SAID = 600;
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
        const said = clean(text);
        return { errors: [], said: said || undefined };
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
    const said = parts.length ? clean(parts.join('; '), MAX_SAID) : undefined;
    return { errors, said };
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
function unauthorizedHint(registry, credential, edge = 'action', configFile = 'the docker config') {
    if (credential)
        return `the credentials for ${registry} from ${credential.from} were refused: check them, or log in again (${loginStep(registry, edge)})`;
    return `no credentials for ${registry} were found in ${configFile} (auths, credHelpers, credsStore): log in first (${loginStep(registry, edge)}), or make the repository public`;
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
    async fetchToken(scopes) {
        const params = this.challenge.params;
        const realm = params.realm;
        if (!realm)
            throw new RegistryError(`${this.ctx.registry}: bearer challenge without a realm; the registry's auth is misconfigured`, 401);
        const cred = this.ctx.credential;
        const service = params.service;
        const realmUrl = new URL(realm);
        if ((cred?.password || cred?.identityToken) &&
            realmUrl.protocol === 'http:' &&
            !this.ctx.plainHttpAllowed(realmUrl.host)) {
            throw new RegistryError(`${this.ctx.registry}: token server ${realmUrl.host} is plain HTTP; refusing to send the credentials from ${cred.from} unencrypted (${this.ctx.insecureStep ?? insecureStep()} if that is intended)`, 401);
        }
        let res;
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
            res = await this.ctx.transport.request({
                method: 'POST',
                url: realm,
                headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
                body: form.toString(),
                skipVerify: this.ctx.skipVerify,
                maxBytes: 1024 * 1024
            });
        }
        else {
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
            res = await this.ctx.transport.request({
                method: 'GET',
                url: url.toString(),
                headers,
                skipVerify: this.ctx.skipVerify,
                maxBytes: 1024 * 1024
            });
        }
        const realmHost = new URL(realm).host;
        if (res.status !== 200) {
            const who = cred ? `the credentials from ${cred.from}` : 'anonymous access';
            const hint = res.status === 401 || res.status === 403
                ? `${this.ctx.unauthorizedHint?.() ?? `log in to ${this.ctx.registry}`}; the account must be allowed to pull the sources and push the targets`
                : res.status === 414 || res.status === 431
                    ? `the request for ${scopes.length} scope(s) was too large for it; publish to fewer repositories per run`
                    : 'the token server failed; try again later';
            const said = parseErrorBody(res.body, res.headers['content-type']).said;
            throw new RegistryError(`${this.ctx.registry}: token server ${realmHost} refused ${who} for scope "${scopes.join(' ')}" with HTTP ${res.status}${said ? ` (${said})` : ''}: ${hint}`, res.status);
        }
        let body;
        try {
            body = JSON.parse(res.body.toString('utf8'));
        }
        catch {
            throw new RegistryError(`${this.ctx.registry}: token server ${realmHost} answered with something that is not JSON`, res.status);
        }
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
/** GET a small blob (a config) into memory, digest verified. */
function getBlob(s, repo, digest, maxBytes = 16 * 1024 * 1024) {
    const what = `GET blob ${s.registry}/${repo}@${digest}`;
    return s.retry(what, async () => {
        const res = await s.send({
            method: 'GET',
            path: `${repo}/blobs/${digest}`,
            scopes: [repoScope(repo, 'pull')],
            maxBytes
        });
        if (res.status !== 200)
            throw s.error(res, what);
        if (sha256(res.body) !== digest)
            throw new IntegrityError(`${what}: content does not match its digest`);
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
        const res = await s.send({
            method: 'GET',
            path: `${repo}/blobs/${digest}`,
            scopes: [repoScope(repo, 'pull')],
            stream: true
        });
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
function hintFor(status, registry, retryAfterMs) {
    if (status === 403)
        return `the credentials for ${registry} lack permission: sources need pull, targets need push`;
    if (status === 429) {
        const wait = retryAfterMs !== undefined ? ` and asks to wait ${formatWait(retryAfterMs)}` : '';
        return `rate limited: ${registry} refuses more requests for now${wait}; log in for a higher limit or retry later`;
    }
    if (status === 431)
        return `the request's headers were too large for ${registry} (or a proxy in front of it), most likely a token that covers many repositories: publish to fewer repositories per run`;
    if (status === 414)
        return `the request's URL was too long for ${registry} (or a proxy in front of it)`;
    if (status >= 500)
        return `${registry} failed; retry the job later`;
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
    const { said } = parseErrorBody(res.body, res.headers['content-type']);
    return said ? `${statusText(res.status)} ${said}` : statusText(res.status);
}
/**
 * A RegistryError for an unexpected status, with every error the registry's body gives.
 * `unauthorizedHint`: what a 401 from this registry tells the user.
 */
function statusError(res, what, registry, unauthorizedHint) {
    const { errors, said } = parseErrorBody(res.body, res.headers['content-type']);
    const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
    const hint = res.status === 401 ? unauthorizedHint() : hintFor(res.status, registry, retryAfterMs);
    return new RegistryError(`${what}: ${registry} answered ${statusText(res.status)}${said ? ` ${said}` : ''}${hint ? `; ${hint}` : ''}`, res.status, errors[0]?.code, retryAfterMs, errors);
}

;// CONCATENATED MODULE: ../src/registry/manifests.ts
/** Manifest operations on one registry: GET, HEAD, PUT, DELETE, the referrers API, and whether a repository exists. */




const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
/** `registry/repo:tag` or `registry/repo@sha256:…`, for messages. */
function manifestName(s, repo, ref) {
    return `${s.registry}/${repo}${ref.startsWith('sha256:') ? '@' : ':'}${ref}`;
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
        const digest = sha256(res.body);
        const claimed = res.headers['docker-content-digest'];
        const expected = ref.startsWith('sha256:')
            ? ref
            : typeof claimed === 'string' && claimed.startsWith('sha256:')
                ? claimed
                : undefined;
        if (expected && digest !== expected) {
            throw new IntegrityError(`${what}: the registry sent content whose digest is ${digest}, not ${expected}; refusing it`);
        }
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
        // Asked by digest, a 200 says it all.
        const digest = typeof claimed === 'string' && SHA256_DIGEST.test(claimed)
            ? claimed
            : ref.startsWith('sha256:')
                ? ref
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
        if (err instanceof RegistryError && err.status === 404)
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
        return { digest: typeof d === 'string' ? d : undefined, subject: typeof sub === 'string' ? sub : undefined };
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











class RegistrySession {
    registry;
    opts;
    connection;
    /** What the docker config gave for this registry (undefined: nothing, anonymous). */
    credential;
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
        const { auth } = await this.connect();
        auth.addRunScopes([...pull.map((r) => repoScope(r, 'pull')), ...push.map((r) => repoScope(r, 'push'))]);
    }
    /** Ping once, then authenticate with what the ping's challenge asks for; shared by every request. */
    connect() {
        this.connection ??= (async () => {
            warmUp(this.opts.transport, this.host, this.parallel, () => this.requests++, this.opts.signal);
            // The docker config is read while the ping is out (a cold process's first file read also
            // starts libuv's thread pool); credential helpers run only after it, as before.
            this.opts.credentials.preload();
            const ep = await this.pinged();
            const credential = await this.opts.credentials.lookup(this.registry);
            this.credential = credential;
            this.log.debug(`${this.registry}: ${ep.base}, ${credential ? `credentials from ${credential.from}` : 'anonymous'}`);
            const auth = new RegistryAuth({
                registry: this.registry,
                transport: this.opts.transport,
                credential,
                skipVerify: ep.skipVerify,
                plainHttpAllowed: (host) => plainHttpAllowedTo(this.host, host),
                onSecret: (s) => this.log.secret(s),
                debug: (m) => this.log.debug(m),
                unauthorizedHint: () => unauthorizedHint(this.registry, credential, this.opts.edge, this.opts.credentials.file),
                insecureStep: insecureStep(this.opts.edge)
            });
            if (ep.ping.status === 401)
                auth.setChallenge(ep.ping.headers['www-authenticate']);
            return { ep, auth, host: new URL(ep.base).host };
        })();
        return this.connection;
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
    async send(call) {
        if (this.opts.signal?.aborted)
            throw new TransportError(`${this.registry}: the run has already failed`, 'CANCELLED');
        const { ep, auth, host } = await this.connect();
        const absolute = /^https?:\/\//.test(call.path);
        const url = absolute ? call.path : `${ep.base}/v2/${call.path}`;
        // Credentials belong to the registry's own host: an upload Location elsewhere gets none.
        const own = !absolute || new URL(url).host === host;
        for (let attempt = 0;; attempt++) {
            const headers = { ...(call.headers ?? {}) };
            const authorization = own ? await auth.header(call.scopes) : undefined;
            if (authorization)
                headers.Authorization = authorization;
            this.requests++;
            const res = await this.opts.transport.request({
                method: call.method,
                url,
                headers,
                body: call.body,
                skipVerify: ep.skipVerify,
                stream: call.stream,
                maxBytes: call.maxBytes,
                signal: this.opts.signal
            });
            this.log.debug(`${call.method} ${url} → ${res.status}`);
            this.noteRateLimit(res);
            // A stream body cannot be sent twice; the caller's retry restarts the whole operation.
            if (res.status === 401 &&
                own &&
                attempt === 0 &&
                !(call.body instanceof external_node_stream_.Readable) &&
                auth.unauthorized(res, call.scopes))
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
    /** Retry transient failures of an operation that is safe to repeat. */
    retry(what, op) {
        return retrying(op, this.opts.retry ?? DEFAULT_RETRY, (err, delay, attempt) => {
            // After a fatal error nothing more is said: a request cut short by it is not news.
            if (this.opts.signal?.aborted)
                return;
            const m = err.message;
            this.log.info(`${m.startsWith(what) ? m : `${what}: ${m}`}; retry ${attempt} in ${(delay / 1000).toFixed(1)} s`);
        }, this.opts.signal);
    }
    /** A RegistryError for an unexpected status, with every error the registry's body gives. */
    error(res, what) {
        return statusError(res, what, this.registry, () => unauthorizedHint(this.registry, this.credential, this.opts.edge, this.opts.credentials.file));
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
    const hash = (0,external_node_crypto_.createHash)('sha256');
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
        result: () => (final ??= { seen, digest: `sha256:${hash.digest('hex')}` })
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
        const commit = await streamUpload(s, { repo, digest, size, session, what }, () => opening, options.onBytes);
        await step('commit', () => commitUpload(s, repo, digest, commit, what));
    });
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
async function streamUpload(s, { repo, digest, size, session, what }, open, onBytes) {
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
    /** PUT a manifest; also says whether the registry indexed its `subject` itself (OCI-Subject). */
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
 * timeout, certificate directories, the toolkit's agents) and docker's credentials, every secret
 * masked; one client per registry. Shared by publish and inspect.
 */






const USER_AGENT = 'manifest-fanin/1.0';
function openRegistries(settings, insecure, log) {
    return new Registries({
        transport: new Transport({
            userAgent: USER_AGENT,
            timeoutMs: settings.timeoutMs,
            certsDir: settings.certsDir,
            agents: toolkitAgents(USER_AGENT)
        }),
        credentials: new CredentialStore(settings.dockerConfig, (s) => log.secret(s)),
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

;// CONCATENATED MODULE: ../src/steps/resolve.ts
/** Sources → entries: manifests, configs, index flattening, attestations. Reads only. */









/** A 404 on a source is retried for up to `waitMs`: a matrix job's push may not have landed yet. */
async function fetchSource(registries, ref, waitMs, log) {
    const client = registries.get(ref.registry);
    const name = formatReference(ref);
    const notFound = (err) => err instanceof RegistryError && err.status === 404;
    // What the first 404 means (no repository, or no such tag): said once, on the first line or in the failure.
    let meaning;
    let tries = 0;
    const started = Date.now();
    try {
        return await retrying(async (attempt) => {
            tries = attempt;
            try {
                return await client.getManifest(ref.repository, manifestRef(ref));
            }
            catch (err) {
                if (attempt === 1 && notFound(err))
                    meaning = await notFoundMeaning(registries, ref);
                throw err;
            }
        }, waitPolicy(waitMs), 
        // The first line says what is missing and how to change the wait; later ones are short.
        (_err, delay, attempt) => log.info(attempt === 1
            ? `source ${name} not found yet (${meaning}); waiting up to ${waitMs / 1000} s for it to appear (FANIN_SOURCE_WAIT_SECONDS sets the wait)`
            : `source ${name} not found yet; waiting ${(delay / 1000).toFixed(1)} s`), registries.signal, notFound);
    }
    catch (err) {
        throw withHint(withContext(err, `source ${name}`), notFoundHint(err, meaning, tries, waitMs, started));
    }
}
/** What a failed source read adds: what is missing (as the first waiting line said), how long it was waited for, what to do. */
function notFoundHint(err, meaning, tries, waitMs, started) {
    if (!(err instanceof RegistryError && err.status === 404))
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
    return configPlatform(x.registries.get(x.repo.registry), x.repo.repository, m).catch((err) => {
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
    const own = { bytes: fetched.bytes, mediaType: parsed.mediaType, digest: fetched.digest };
    return { ...groupChildren(x.source, read), source: x.source, manifest: own, index: true };
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
    const bytes = (await x.registries
        .get(x.repo.registry)
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
    // Each source goes on to its config or children as soon as its own manifest arrives.
    return mapLimit(sources, CONCURRENCY, async (ref) => {
        const name = formatReference(ref);
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
        if (err instanceof RegistryError && err.status === 404)
            return {};
        throw withContext(err, `amend ${formatReference(tag)}`);
    }
    const parsed = parseAs(fetched, `existing ${formatReference(tag)}`);
    const name = formatReference(tag);
    const resolved = await expand({ registries, repo: tag, source: name, label: `existing ${name}` }, fetched, parsed, undefined);
    return { resolved, annotations: parsed.kind === 'index' ? parsed.annotations : undefined };
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
 * in, a config read per source on it and (when pushing) per child and target repository on it a
 * HEAD and the mounts of a config and a layer (see target-checks.ts). The client opens that many
 * connections while it fetches the token.
 */
function firstWave(options, registry) {
    const sources = options.sources.filter((s) => s.registry === registry).length;
    const targets = options.push ? uniqueRepos(options.tags).filter((t) => t.registry === registry).length : 0;
    return sources + 3 * options.sources.length * targets;
}
/** Tell each registry client every repository it will touch, so one token per registry suffices. */
async function declareScopes(registries, options) {
    const pull = new Map();
    const push = new Map();
    const add = (m, r) => m.set(r.registry, (m.get(r.registry) ?? new Set()).add(r.repository));
    options.sources.forEach((s) => add(pull, s));
    // A dry run asks for no push rights: it must work with read-only credentials.
    options.tags.forEach((t) => add(options.push ? push : pull, t));
    // The first reference on each registry names it in a failure (an unreachable host, a bad certificate).
    const firstRef = new Map();
    for (const [role, refs] of [
        ['source', options.sources],
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
        resolveSources(registries, options.sources, options.annotations.overrides, options.settings.sourceWaitMs, log, checks && ((m) => checks.seen(m))),
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
    return { plan, sourceManifests, origins };
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
    const candidates = purgeCandidates(options.sources, options.tags, new Set(plan.contributors)).map((ref) => {
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
async function publish(options, log) {
    const { settings } = options;
    const warnings = [...options.annotations.warnings];
    warnings.forEach((w) => log.warning(w));
    if (options.githubToken)
        log.secret(options.githubToken);
    const registries = openRegistries(settings, options.insecure, log);
    try {
        await declareScopes(registries, options);
        // Reads of the targets that copy and push will need, started while the sources resolve; and
        // mounts too, unless a `platforms` check must pass before anything is written.
        const checks = options.push
            ? new TargetChecks(registries, uniqueRepos(options.tags), {
                mountEarly: options.platforms.length === 0,
                dropAttestations: options.attestations === 'drop'
            })
            : undefined;
        const { plan, sourceManifests, origins } = await log.group('Resolve sources', () => resolvePhase(registries, options, log, checks));
        plan.warnings.forEach((w) => log.warning(w));
        warnings.push(...plan.warnings);
        const kind = plan.list.mediaType === manifest_MediaType.OciIndex ? 'OCI image index' : 'Docker manifest list';
        log.info(`${kind} ${plan.list.digest} with ${plan.platforms.length} platform(s): ${plan.platforms.join(', ')}${plan.promoted ? ` (${plan.contributors[0]} as it is: promoted byte for byte)` : ''}`);
        const result = {
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
        if (!options.push) {
            log.info('push: false — dry run: nothing was written to any registry');
            log.info(result.manifest);
        }
        else {
            // A promoted index may be signed itself: what refers to it follows once it is tagged.
            const listReferrers = options.referrers && plan.promoted
                ? discoverReferrers(registries, [promotedSubject(plan, options)], log, {
                    dropAttestations: options.attestations === 'drop'
                })
                : undefined;
            listReferrers?.catch(() => undefined); // reported when awaited below
            const copy = await log.group('Copy children into target repositories', () => copyPhase(registries, options, plan, log, checks));
            result.copy = copy;
            await log.group('Push the list', () => pushTags(registries, options.tags, plan.list, log, freshRepos(copy), checks));
            result.pushed = true;
            if (listReferrers) {
                await log.group("Copy the list's referrers", async () => {
                    const before = copy.referrersCopied ?? 0;
                    await copyReferrers(registries, await listReferrers, uniqueRepos(options.tags), log, copy);
                    log.info(`referrers of ${plan.list.digest}: ${(copy.referrersCopied ?? 0) - before} copied`);
                });
            }
            if (options.purge) {
                result.purge = await log.group('Purge source tags', () => purgePhase(registries, options, plan, sourceManifests, log));
            }
        }
        result.requests = registries.requestCount;
        return result;
    }
    finally {
        registries.dispose();
    }
}

;// CONCATENATED MODULE: ../src/model/inspect-view.ts
/**
 * What `inspect` shows of one stored manifest or list. Pure. The JSON forms are docker's
 * (`docker manifest inspect`, and with -v its []types.ImageManifest: Ref, Descriptor, Raw and the
 * child's manifest as SchemaV2Manifest or OCIManifest, tab-indented); the text form is laid out
 * like manifest-tool's inspect, one block per entry.
 */



/** Platform fields in the order of the OCI Platform type, as docker prints them (no others). */
function platformJson(p) {
    return p && orderedPlatform(p);
}
/** `docker manifest inspect REF`: the stored document (a list 3-space indented, a manifest tab-indented, as docker). */
function inspectJson(i) {
    const doc = JSON.parse(i.bytes.toString('utf8'));
    return `${JSON.stringify(doc, null, i.manifest.kind === 'index' ? 3 : '\t')}\n`;
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
/** `docker manifest inspect -v REF`: one object for a manifest, an array with one per entry for a list. */
function inspectVerbose(i) {
    if (i.manifest.kind === 'image') {
        const self = { mediaType: i.mediaType, digest: i.digest, size: i.bytes.length };
        return `${JSON.stringify(imageManifestObject(i.name, self, i.bytes, i.platform), null, '\t')}\n`;
    }
    const base = `${i.repo}${i.tag ? `:${i.tag}` : ''}`;
    const all = i.entries.map((e) => imageManifestObject(`${base}@${e.descriptor.digest}`, e.descriptor, e.bytes, e.descriptor.platform));
    return `${JSON.stringify(all, null, '\t')}\n`;
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
    const at = name.indexOf('@sha256:');
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
                    return overrides.get(sourceKey(parseReference(e.source)));
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
async function run() {
    try {
        const options = parseOptions(await readInputs(), readSettings(process.env, (0,external_node_os_namespaceObject.homedir)()));
        const result = await publish(options, logger);
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
        logger.close();
        setFailed(message);
    }
}

;// CONCATENATED MODULE: ../src/index.ts
/** The bundle's entry: the runner loads dist/index.js, which runs the action once. */

void run();

})();

module.exports = __webpack_exports__;
/******/ })()
;