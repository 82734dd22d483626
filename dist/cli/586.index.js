"use strict";
exports.id = 586;
exports.ids = [586];
exports.modules = {

/***/ 3586:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  getOctokit: () => (/* reexport */ github/* getOctokit */.Q)
});

// EXTERNAL MODULE: ../node_modules/undici/index.js
var undici = __webpack_require__(734);
var undici_namespaceObject = /*#__PURE__*/__webpack_require__.t(undici, 2);
// EXTERNAL MODULE: ../src/util/lazy-undici.ts
var lazy_undici = __webpack_require__(7457);
;// CONCATENATED MODULE: ../src/registry/real-undici.ts
/**
 * Hands the real undici to util/lazy-undici.ts. A module of its own, imported by octokit.ts before
 * @actions/github: that package reaches undici while it loads (its defaults make a ProxyAgent
 * when HTTPS_PROXY is set), so undici must be there before its first line runs.
 */


(0,lazy_undici.provideUndici)(undici_namespaceObject);

// EXTERNAL MODULE: ../node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(2767);
;// CONCATENATED MODULE: ../src/registry/octokit.ts
/**
 * Octokit and what it needs, as one chunk of the bundle loaded on first use (github-packages.ts
 * imports this file dynamically): @actions/github, and the real undici it sends with (see
 * util/lazy-undici.ts for why the rest of the bundle does without).
 */
// First: modules run in import order, and @actions/github uses undici as it loads.




/***/ }),

/***/ 7457:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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


/***/ })

};
;