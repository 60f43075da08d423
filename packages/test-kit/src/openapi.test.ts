import { expectValidOpenApi } from "./openapi";

const minimal = {
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {
    "/things/{id}": {
      get: {
        parameters: [{ in: "path", name: "id", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "ok" } },
      },
    },
  },
};

test("a valid 3.1 document passes and is left unchanged", async () => {
  const doc = structuredClone(minimal);
  await expectValidOpenApi(doc);
  expect(doc).toEqual(minimal);
});

test("documents that break the spec fail with the reason", async () => {
  await expect(expectValidOpenApi({ ...minimal, info: { title: "t" } })).rejects.toThrow(/version/);
  const undeclared = structuredClone(minimal);
  undeclared.paths["/things/{id}"].get.parameters = [];
  await expect(expectValidOpenApi(undeclared)).rejects.toThrow(/id/);
  await expect(expectValidOpenApi({ ...minimal, openapi: "3.0.3" })).rejects.toThrow(/3\.1/);
});
