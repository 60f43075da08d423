import { renderMail } from "./render";

const doc = {
  subject: "Talk: <script>alert(1)</script>\r\nBcc: victim@example.com",
  greeting: "Hello O'Brien & <Co>,",
  paragraphs: ['A "quoted" <b>line</b>'],
  details: [{ label: "Where", value: "<img src=x onerror=alert(1)>" }],
  action: { label: "Open", url: 'https://example.test/?a=1&b="2"' },
  footer: "Footer",
};

test("every user-supplied string is escaped in HTML and kept as is in text", () => {
  const { html, text } = renderMail(doc);
  expect(html).not.toMatch(/<script>|<img|<b>|<Co>/);
  expect(html).toContain("Hello O&#39;Brien &amp; &lt;Co&gt;,");
  expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  expect(html).toContain('href="https://example.test/?a=1&amp;b=&quot;2&quot;"');
  expect(text).toContain("Hello O'Brien & <Co>,");
  expect(text).toContain("Where: <img src=x onerror=alert(1)>");
});

test("the subject is one header line, so no header can be injected", () => {
  expect(renderMail(doc).subject).toBe("Talk: <script>alert(1)</script> Bcc: victim@example.com");
  expect(renderMail({ ...doc, subject: "x".repeat(300) }).subject).toHaveLength(200);
});
