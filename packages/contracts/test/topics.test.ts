import { readFileSync } from "node:fs";
import path from "node:path";
import { dlqTopic, eventRegistry, TOPICS } from "../src";

interface TopicsFile {
  topics: { name: string; partitions: number }[];
}

// Located from this file so the test reads the same list whatever the working directory.
const topicsFile = path.resolve(__dirname, "../../../infra/kafka/topics.json");
const infraTopics = (JSON.parse(readFileSync(topicsFile, "utf8")) as TopicsFile).topics
  .map((topic) => topic.name)
  .sort();

describe("topic names", () => {
  it("the registry names exactly the topics of infra/kafka/topics.json", () => {
    const registryTopics = [...new Set(eventRegistry.map((definition) => definition.topic))].sort();
    expect(registryTopics).toEqual(infraTopics);
  });

  it("TOPICS names exactly the topics of infra/kafka/topics.json", () => {
    expect(Object.values(TOPICS).sort()).toEqual(infraTopics);
  });

  it("a dead-letter topic is the topic name with .dlq appended", () => {
    expect(dlqTopic(TOPICS.userRegistered)).toBe("user-registered.dlq");
    expect(dlqTopic("registration-confirmed")).toBe("registration-confirmed.dlq");
  });
});
