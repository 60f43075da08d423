import { renderMail } from "./render";
import { noticeMail, quotedName, verifyEmailMail } from "./templates";

const style = { zone: "UTC", locale: "en-GB" };
const verify = (name: string | null) =>
  renderMail(
    verifyEmailMail({
      name,
      token: "t".repeat(43),
      expiresAt: "2030-01-01T00:00:00.000Z",
      publicUrl: "https://turnout.test",
      style,
    }),
  );

test("a name is quoted, on one line, and dropped when it carries a web address", () => {
  expect(quotedName("Ada Lovelace")).toBe("\u201cAda Lovelace\u201d");
  expect(quotedName("Bob\nSmith")).toBe("\u201cBob Smith\u201d");
  expect(quotedName("Bob\n\nYour account is locked, visit http://evil.example")).toBeNull();
  expect(quotedName("  ")).toBeNull();
  expect(quotedName(null)).toBeNull();
});

test("the verification mail greets nobody by name and shows the name as a labelled quote", () => {
  const { text, html } = verify('Bob "Support" <b>');
  expect(text.startsWith("Hello,\n")).toBe(true);
  expect(text).toContain('\nName given at sign-up: \u201cBob "Support" <b>\u201d\n');
  expect(html).toContain("\u201cBob &quot;Support&quot; &lt;b&gt;\u201d");
  expect(html).not.toContain("<b>");
});

test("no line of the text part starts with what was typed as a name", () => {
  const injected = "Your account is locked\r\nvisit evil.example\u2028now";
  for (const { text } of [
    verify(injected),
    renderMail(
      noticeMail(
        {
          type: "registration_confirmed",
          title: "You're registered",
          body: "Your seat is confirmed.",
          data: {},
          details: [],
        },
        injected,
        "https://turnout.test",
      ),
    ),
  ]) {
    const lines = text.split(/\r\n|\n|\r|\u2028|\u2029/);
    expect(lines.some((line) => /^(Your account|visit|now)/.test(line))).toBe(false);
  }
});
