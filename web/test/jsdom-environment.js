// jsdom without the web platform pieces Node already has. react-router's data routers build a
// fetch Request for every navigation, and TextEncoder when they load; jsdom provides neither.
// Node's own classes are handed over, with Node's AbortController because Node's Request only
// accepts its own AbortSignal. jsdom keeps its FormData, which forms need.
const { TestEnvironment } = require("jest-environment-jsdom");

const FROM_NODE = [
  "fetch",
  "Request",
  "Response",
  "Headers",
  "AbortController",
  "AbortSignal",
  "ReadableStream",
  "TextEncoder",
  "TextDecoder",
  "structuredClone",
  // WebCrypto (jsdom's crypto has no subtle): the scanner verifies tickets with it.
  "crypto",
  "CryptoKey",
];

class JsdomWithFetchEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of FROM_NODE) {
      // defineProperty: jsdom's own `crypto` is an accessor that a plain assignment leaves.
      Object.defineProperty(this.global, name, {
        value: globalThis[name],
        configurable: true,
        writable: true,
      });
    }
  }
}

module.exports = JsdomWithFetchEnvironment;
