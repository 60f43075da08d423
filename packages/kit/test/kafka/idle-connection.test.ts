import { testKafka, uniqueTopic } from "@turnout/test-kit";

/**
 * kafkajs 2.2.4's request queue re-armed a 1 ms timer forever once a connection had served a
 * request, busy or not (kafkajs#1556): every idle service burned CPU on it. The project patches
 * it (patches/kafkajs+2.2.4.patch, applied by `npm ci`); this checks the patch is in force.
 */
interface RequestQueuePrototype {
  checkPendingRequests: (this: unknown) => void;
}
// The class is internal to kafkajs; only this test reaches for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require("kafkajs/src/network/requestQueue/index.js") as {
  prototype: RequestQueuePrototype;
};

test("an idle kafkajs connection does not keep checking an empty request queue", async () => {
  const producer = testKafka("idle-connection").producer();
  await producer.connect();
  const original = RequestQueue.prototype.checkPendingRequests;
  let checks = 0;
  try {
    await producer.send({ topic: uniqueTopic("idle"), messages: [{ key: "k", value: "{}" }] });
    RequestQueue.prototype.checkPendingRequests = function (this: unknown) {
      checks++;
      original.call(this);
    };
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    RequestQueue.prototype.checkPendingRequests = original;
    await producer.disconnect();
  }
  // Unpatched: one check per millisecond per connection (several hundred here); patched: none
  // without a request.
  expect(checks).toBeLessThan(10);
});
