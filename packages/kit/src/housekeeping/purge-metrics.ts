import { Counter, type Registry } from "prom-client";

export interface PurgeMetrics {
  succeeded(job: string, deleted: number): void;
  failed(job: string, deleted: number): void;
}

/** `purge_runs_total{job,result}` and `purge_deleted_rows_total{job}` in the service's registry. */
export function createPurgeMetrics(registry: Registry): PurgeMetrics {
  const runs = new Counter({
    name: "purge_runs_total",
    help: "Runs of each scheduled purge job, by result (ok or failed)",
    labelNames: ["job", "result"] as const,
    registers: [registry],
  });
  const deletedRows = new Counter({
    name: "purge_deleted_rows_total",
    help: "Expired rows each scheduled purge job deleted",
    labelNames: ["job"] as const,
    registers: [registry],
  });
  const record = (job: string, result: "ok" | "failed", deleted: number) => {
    runs.inc({ job, result });
    if (deleted > 0) deletedRows.inc({ job }, deleted);
  };
  return {
    succeeded: (job, deleted) => {
      record(job, "ok", deleted);
    },
    failed: (job, deleted) => {
      record(job, "failed", deleted);
    },
  };
}
