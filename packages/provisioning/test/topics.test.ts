import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTopicList, withDeadLetterTopics } from "../src";

const listFile = (content: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), "topics-")), "topics.json");
  writeFileSync(path, content);
  return path;
};

test("the repository's topic list reads, and every topic gets its .dlq once", () => {
  const topics = readTopicList();
  expect(topics.length).toBeGreaterThan(0);
  const planned = withDeadLetterTopics([...topics, ...topics]);
  expect(planned).toHaveLength(topics.length * 2);
  for (const { name, partitions } of topics) {
    expect(planned).toContainEqual({ name: `${name}.dlq`, partitions });
  }
});

test("a topic wanted with two partition counts is refused, naming it", () => {
  expect(() =>
    withDeadLetterTopics([
      { name: "a", partitions: 3 },
      { name: "a.dlq", partitions: 1 },
    ]),
  ).toThrow("topic a.dlq is listed with 3 and 1 partitions");
});

test("a malformed list names the file and the problem", () => {
  const path = listFile(JSON.stringify({ topics: [{ name: "bad name", partitions: 0 }] }));
  expect(() => readTopicList(path)).toThrow(path);
  expect(() => readTopicList(listFile("{"))).toThrow("cannot read the topic list");
});
