import { connect } from "node:net";
import { startMailServer, type MailServer } from "./mail-server";
import type { CapturedMail } from "./mail-store";

let server: MailServer;
beforeAll(async () => {
  server = await startMailServer();
});
afterAll(() => server.stop());

/** One SMTP session, line by line, as any client speaks it (RFC 5321). */
function sendRaw(smtpUrl: string, from: string, to: string, message: string): Promise<void> {
  const { hostname, port } = new URL(smtpUrl);
  const commands = [
    "EHLO test",
    `MAIL FROM:<${from}>`,
    `RCPT TO:<${to}>`,
    "DATA",
    `${message.replace(/\n/g, "\r\n")}\r\n.`,
    "QUIT",
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let buffer = "";
    socket.on("error", reject);
    socket.on("close", () => {
      resolve();
    });
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      // Each complete reply ("250 ...", not "250-...") releases the next command.
      while (/^\d{3} .*\r\n/m.test(buffer)) {
        const reply = /^(\d{3}) .*\r\n/m.exec(buffer);
        buffer = buffer.slice((reply?.index ?? 0) + (reply?.[0].length ?? 0));
        if (reply?.[1]?.startsWith("5")) reject(new Error(`SMTP refused: ${reply[0]}`));
        const next = commands.shift();
        if (next !== undefined) socket.write(`${next}\r\n`);
      }
    });
  });
}

const message = (subject: string) =>
  [
    'From: "Sender" <sender@example.test>',
    "To: someone@example.test",
    `Subject: ${subject}`,
    "Message-ID: <fixed-1@example.test>",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Hello <there>",
  ].join("\n");

const api = (path: string, method = "GET") => fetch(`${server.apiUrl}${path}`, { method });

test("mail accepted over SMTP is readable through the HTTP API and the viewer", async () => {
  await sendRaw(server.smtpUrl, "sender@example.test", "someone@example.test", message("Hi <you>"));
  const all = (await (await api("/messages?to=someone@example.test")).json()) as CapturedMail[];
  expect(all).toEqual([
    expect.objectContaining({
      to: ["someone@example.test"],
      from: '"Sender" <sender@example.test>',
      subject: "Hi <you>",
      text: "Hello <there>\n",
      html: "",
      messageId: "<fixed-1@example.test>",
      envelope: { from: "sender@example.test", to: ["someone@example.test"] },
    }),
  ]);
  expect(await (await api("/messages?to=nobody@example.test")).json()).toEqual([]);
  const page = await (await api("/")).text();
  expect(page).toContain("Hi &lt;you&gt;");
  expect(page).not.toContain("<you>");
});

test("an outage refuses connections at the same address until it ends", async () => {
  expect((await api("/outage", "POST")).status).toBe(204);
  expect(await (await api("/outage")).json()).toEqual({ down: true });
  await expect(
    sendRaw(server.smtpUrl, "a@example.test", "outage@example.test", message("During")),
  ).rejects.toThrow(/ECONNREFUSED/);

  expect((await api("/outage", "DELETE")).status).toBe(204);
  await sendRaw(server.smtpUrl, "a@example.test", "outage@example.test", message("After"));
  const after = (await (await api("/messages?to=outage@example.test")).json()) as CapturedMail[];
  expect(after.map((m) => m.subject)).toEqual(["After"]);

  expect((await api("/messages", "DELETE")).status).toBe(204);
  expect(await (await api("/messages")).json()).toEqual([]);
  expect((await api("/nothing-here")).status).toBe(404);
});
