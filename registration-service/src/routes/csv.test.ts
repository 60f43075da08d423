import { csvCell, csvRow } from "./csv";

test("plain values stay as they are and empty values are empty cells", () => {
  expect(csvRow(["a1b2", 3, null, undefined, "2025-10-15T16:00:00.000Z"])).toBe(
    "a1b2,3,,,2025-10-15T16:00:00.000Z\r\n",
  );
});

test("quotes, commas and line breaks are quoted with doubled quotes", () => {
  expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
});

test.each(["=SUM(A1:A2)", "+1", "-2+3", "@cmd", "\tx", "\rx"])(
  "a cell starting like a formula (%j) is neutralised with a leading quote",
  (value) => {
    expect(csvCell(value).replace(/^"/, "").startsWith("'")).toBe(true);
  },
);
