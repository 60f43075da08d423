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
];

class JsdomWithFetchEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of FROM_NODE) this.global[name] = globalThis[name];
  }
}

module.exports = JsdomWithFetchEnvironment;
