// The ids of the events already handled, so a redelivered event is applied once.
// A JSON Lines file is enough for an example: one line per handled event, appended and synced
// before the offset is committed. In production, record the id in the same database
// transaction as the handler's writes (a processed_events table, the event id its primary key,
// INSERT ... ON CONFLICT DO NOTHING) and prune ids older than the topics' retention.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";

export function openHandledStore(file) {
  const seen = new Set();
  if (existsSync(file)) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      // A torn last line (a crash mid-write) is not an id: that event is simply handled again.
      try {
        if (line) seen.add(JSON.parse(line).id);
      } catch {
        /* ignored */
      }
    }
  }
  const fd = openSync(file, "a");
  return {
    has: (id) => seen.has(id),
    record(entry) {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
      seen.add(entry.id);
    },
    close: () => closeSync(fd),
  };
}
