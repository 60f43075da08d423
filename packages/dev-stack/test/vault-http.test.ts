import { connect } from "node:net";
import { startVaultServer, type VaultServer } from "../src";

/** Sends raw bytes and collects everything the server answers until it closes or goes quiet. */
function exchange(server: VaultServer, raw: string, quietMs = 300): Promise<string> {
  const { hostname, port } = new URL(server.addr);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = "";
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    });
    socket.on("end", finish);
    socket.on("error", reject);
    socket.write(raw);
  });
}

// Bodies carry no CRLF before the next status line, so the status lines are matched anywhere.
const statuses = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);

describe("development Vault server HTTP layer", () => {
  let server: VaultServer;
  let auth: string;

  beforeAll(async () => {
    server = await startVaultServer();
    auth = `X-Vault-Token: ${server.rootToken}\r\n`;
    await fetch(`${server.addr}/v1/sys/mounts/secret`, {
      method: "POST",
      headers: { "X-Vault-Token": server.rootToken },
      body: JSON.stringify({ type: "kv", options: { version: "2" } }),
    });
  });
  afterAll(() => server.stop());

  it("answers pipelined keep-alive requests in order, LIST included", async () => {
    const body = '{"data":{"a":"1"}}';
    const raw =
      `POST /v1/secret/data/p/one HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: ${body.length}\r\n\r\n${body}` +
      `LIST /v1/secret/metadata/p HTTP/1.1\r\nHost: x\r\n${auth}\r\n` +
      `GET /v1/secret/data/p/none HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`;
    const answer = await exchange(server, raw);
    expect(statuses(answer)).toEqual(["200", "200", "404"]);
    expect(answer).toContain('"keys":["one"]');
  });

  it("reads chunked request bodies", async () => {
    const part1 = '{"data":';
    const part2 = '{"b":"2"}}';
    const raw =
      `PUT /v1/secret/data/p/chunked HTTP/1.1\r\nHost: x\r\n${auth}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
      `${part1.length.toString(16)}\r\n${part1}\r\n${part2.length.toString(16)}\r\n${part2}\r\n0\r\n\r\n`;
    expect(statuses(await exchange(server, raw))).toEqual(["200"]);
    const read = await fetch(`${server.addr}/v1/secret/data/p/chunked`, {
      headers: { "X-Vault-Token": server.rootToken },
    });
    expect(await read.json()).toMatchObject({ data: { data: { b: "2" } } });
  });

  it("refuses garbage, bad lengths and unknown methods without falling over", async () => {
    expect(statuses(await exchange(server, "NOT HTTP AT ALL\r\n\r\n"))).toEqual(["400"]);
    const badLength = `POST /v1/secret/data/x HTTP/1.1\r\nContent-Length: -5\r\n\r\n`;
    expect(statuses(await exchange(server, badLength))).toEqual(["400"]);
    const tooBig = `POST /v1/secret/data/x HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n`;
    expect(statuses(await exchange(server, tooBig))).toEqual(["413"]);
    const brew = `BREW /v1/sys/health HTTP/1.1\r\nConnection: close\r\n\r\n`;
    expect(statuses(await exchange(server, brew))).toEqual(["405"]);
    const traversal = `GET /v1/secret/data/a/../b HTTP/1.1\r\n${auth}Connection: close\r\n\r\n`;
    expect(statuses(await exchange(server, traversal))).toEqual(["400"]);
    expect((await fetch(`${server.addr}/v1/sys/health`)).status).toBe(200);
  });

  it("answers HEAD on health without a body", async () => {
    const answer = await exchange(
      server,
      "HEAD /v1/sys/health HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    expect(statuses(answer)).toEqual(["200"]);
    expect(answer.endsWith("\r\n\r\n")).toBe(true);
  });
});
