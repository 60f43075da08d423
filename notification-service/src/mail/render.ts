import type { MailDocument } from "./templates";

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Every string that reaches HTML goes through this: titles, names, places are user-supplied. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** Subjects are one header line: no line breaks (header injection), no runaway length. */
const oneLine = (text: string, max = 200): string => {
  const flat = text.replace(/[\r\n\t]+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function renderText(doc: MailDocument): string {
  const lines = [doc.greeting, "", ...doc.paragraphs.flatMap((p) => [p, ""])];
  if (doc.details.length > 0) {
    lines.push(...doc.details.map((d) => `${d.label}: ${d.value}`), "");
  }
  if (doc.action) lines.push(`${doc.action.label}:`, doc.action.url, "");
  lines.push("-- ", doc.footer);
  return lines.join("\n");
}

// Inline styles only: mail clients drop <style> blocks and external sheets.
const STYLE = {
  body: "margin:0;padding:24px;background:#f5f5f7;font-family:Arial,Helvetica,sans-serif;color:#1d1d1f",
  card: "max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px",
  label: "padding:4px 12px 4px 0;color:#6e6e73;vertical-align:top;white-space:nowrap",
  button:
    "display:inline-block;background:#3b5bdb;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px",
  footer: "margin-top:24px;font-size:12px;color:#6e6e73",
};

function renderHtml(doc: MailDocument, subject: string): string {
  const paragraphs = doc.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("");
  const details =
    doc.details.length === 0
      ? ""
      : `<table role="presentation">${doc.details
          .map(
            (d) =>
              `<tr><td style="${STYLE.label}">${escapeHtml(d.label)}</td>` +
              `<td>${escapeHtml(d.value)}</td></tr>`,
          )
          .join("")}</table>`;
  const action = doc.action
    ? `<p><a href="${escapeHtml(doc.action.url)}" style="${STYLE.button}">` +
      `${escapeHtml(doc.action.label)}</a></p>` +
      `<p style="font-size:12px">${escapeHtml(doc.action.url)}</p>`
    : "";
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="${STYLE.body}"><div style="${STYLE.card}">` +
    `<p>${escapeHtml(doc.greeting)}</p>${paragraphs}${details}${action}` +
    `<p style="${STYLE.footer}">${escapeHtml(doc.footer)}</p></div></body></html>`
  );
}

/** The text and HTML parts of one mail, from the same document. */
export function renderMail(doc: MailDocument): RenderedMail {
  const subject = oneLine(doc.subject);
  return { subject, text: renderText(doc), html: renderHtml(doc, subject) };
}
