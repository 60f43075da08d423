import request from "supertest";
import { z } from "zod";
import { buildApp } from "./helpers";

const setup = () =>
  buildApp((app) => {
    app.post("/users", (req, res) => {
      const body = z.object({ email: z.email(), age: z.number().int() }).parse(req.body);
      res.status(201).json(body);
    });
    app.post("/vendor", (req, res) => {
      res.json({ received: req.body as unknown });
    });
  });

describe("JSON bodies: bad input is a 4xx problem, never a 500", () => {
  test.each([["null"], ["[1,2]"], ["42"], ['"text"']])(
    "a top-level %s body reaches the route and fails its schema",
    async (body) => {
      const { app } = setup();
      const res = await request(app)
        .post("/users")
        .set("Content-Type", "application/json")
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("validation_failed");
      expect(res.body.errors[0].path).toBe("");
    },
  );

  test.each([['{"a":'], ['{"email": "a@b.c"'], ["{'single': 1}"], ["{,}"]])(
    "malformed JSON %s is 400 malformed_json",
    async (body) => {
      const { app } = setup();
      const res = await request(app)
        .post("/users")
        .set("Content-Type", "application/json")
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("malformed_json");
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    },
  );

  test.each([
    ["text/plain", "hello"],
    ["application/x-www-form-urlencoded", "a=1"],
    ["multipart/form-data; boundary=x", "--x--"],
  ])("a %s body is 415 unsupported_media_type", async (type, body) => {
    const { app } = setup();
    const res = await request(app).post("/users").set("Content-Type", type).send(body);
    expect(res.status).toBe(415);
    expect(res.body.code).toBe("unsupported_media_type");
  });

  test("a body without Content-Type is 415", async () => {
    const { app } = setup();
    const res = await request(app)
      .post("/users")
      .serialize((raw: unknown) => raw as string)
      .send(Buffer.from('{"email":"a@b.c","age":1}'))
      .unset("Content-Type");
    expect(res.status).toBe(415);
  });

  test("+json media types are parsed as JSON", async () => {
    const { app } = setup();
    const res = await request(app)
      .post("/vendor")
      .set("Content-Type", "application/merge-patch+json")
      .send('{"a":1}');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: { a: 1 } });
  });

  test("a 1 MB body is 413 payload_too_large", async () => {
    const { app } = setup();
    const big = JSON.stringify({ blob: "x".repeat(1024 * 1024) });
    const res = await request(app).post("/users").set("Content-Type", "application/json").send(big);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe("payload_too_large");
  });

  test("the body limit is configurable", async () => {
    const { app } = buildApp(
      (a) => {
        a.post("/echo", (req, res) => {
          res.json(req.body);
        });
      },
      { bodyLimit: 64 },
    );
    const ok = await request(app)
      .post("/echo")
      .send({ a: "x".repeat(10) });
    const tooBig = await request(app)
      .post("/echo")
      .send({ a: "x".repeat(100) });
    expect(ok.status).toBe(200);
    expect(tooBig.status).toBe(413);
  });

  test("invalid UTF-8 is 400, not decoded into replacement characters", async () => {
    const { app } = setup();
    const body = Buffer.concat([
      Buffer.from('{"email":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const res = await request(app)
      .post("/vendor")
      .set("Content-Type", "application/json")
      .serialize((raw: unknown) => raw as string)
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("malformed_json");
  });

  test("valid multi-byte UTF-8 is parsed", async () => {
    const { app } = setup();
    const res = await request(app).post("/vendor").send({ name: "Zoë 🎉 東京" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: { name: "Zoë 🎉 東京" } });
  });

  test("a non-UTF charset is 415 and an unknown Content-Encoding is 415", async () => {
    const { app } = setup();
    const latin1 = await request(app)
      .post("/vendor")
      .set("Content-Type", "application/json; charset=latin1")
      .send('{"a":1}');
    expect(latin1.status).toBe(415);
    expect(latin1.body.code).toBe("unsupported_charset");

    const encoded = await request(app)
      .post("/vendor")
      .set("Content-Type", "application/json")
      .set("Content-Encoding", "compress")
      .send('{"a":1}');
    expect(encoded.status).toBe(415);
    expect(encoded.body.code).toBe("unsupported_content_encoding");
  });
});
