import { parseKeysRotateArgs } from "../src/ops/keys-rotate";

// `npm run keys:rotate` options (docs/key-rotation.md); what a rotation does is in
// ops-keys-rotate.test.ts and ops-ticket-keys-rotate.test.ts.
const FIFTEEN_MINUTES = 15 * 60_000;

test("command line: --force, --max-token-lifetime, --tickets and --max-ticket-lifetime", () => {
  const TICKET_DEFAULT = 400 * 24 * 3_600_000;
  expect(parseKeysRotateArgs([])).toEqual({
    family: "jwt",
    force: false,
    maxTokenLifetimeMs: FIFTEEN_MINUTES,
    maxTicketLifetimeMs: TICKET_DEFAULT,
    help: false,
  });
  expect(parseKeysRotateArgs(["--force", "--max-token-lifetime", "1h30m"])).toEqual({
    family: "jwt",
    force: true,
    maxTokenLifetimeMs: 90 * 60_000,
    maxTicketLifetimeMs: TICKET_DEFAULT,
    help: false,
  });
  expect(parseKeysRotateArgs(["--tickets", "--max-ticket-lifetime", "30d"])).toMatchObject({
    family: "tickets",
    force: false,
    maxTicketLifetimeMs: 30 * 24 * 3_600_000,
  });
  expect(() => parseKeysRotateArgs(["--max-token-lifetime", "soon"])).toThrow(/not a duration/);
  expect(() => parseKeysRotateArgs(["--frce"])).toThrow(/Unknown option/);
  expect(() => parseKeysRotateArgs(["--max-ticket-lifetime", "30d"])).toThrow(/needs --tickets/);
  expect(() => parseKeysRotateArgs(["--tickets", "--max-token-lifetime", "1h"])).toThrow(
    /not with --tickets/,
  );
});
