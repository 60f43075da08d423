import { decodeProtectedHeader } from "jose";
import { createKvV2, rotateKeys } from "@turnout/provisioning";
import { testStack, waitFor } from "@turnout/test-kit";
import { bookSeats, checkInApi, ticketFor } from "../helpers/check-in-api";
import { createEvent, newUser } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

/** docs/tickets.md, "Lifetime rule": a rotation keeps the replaced key in the set. */
export function ticketRotationTests(ctx: SuiteContext): void {
  const api = checkInApi(() => ctx.testApp.app);
  test("a ticket signed by the previous key still scans after rotation", async () => {
    const { event, organizer } = await createEvent(ctx.platform, { capacity: 5 });
    const attendee = await newUser(ctx.platform);
    const booking = await bookSeats(ctx, attendee, event.id, ["Ada", "Grace"]);
    const [old, fresh] = booking.seats;
    const oldCode = await ticketFor(ctx, booking, old!, event.id);
    const oldKid = decodeProtectedHeader(oldCode).kid;

    // `npm run keys:rotate -- --tickets` on the stack's Vault: the old key stays in the set.
    const vault = testStack().vault!;
    const rotated = await rotateKeys({
      kv: createKvV2({ addr: vault.addr, token: vault.rootToken }),
      family: "tickets",
    });
    expect(rotated.oldKid).toBe(oldKid);
    // The service signs with the new key once it has re-read it (every second in tests).
    let newCode = "";
    await waitFor(
      async () => {
        newCode = await ticketFor(ctx, booking, fresh!, event.id);
        return decodeProtectedHeader(newCode).kid === rotated.newKid;
      },
      { timeoutMs: 10_000, message: "codes signed with the new key" },
    );
    expect((await api.scan(organizer, { ticket_code: oldCode })).status).toBe(200);
    expect((await api.scan(organizer, { ticket_code: newCode })).status).toBe(200);
  });
}
