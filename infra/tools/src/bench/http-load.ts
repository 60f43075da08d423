import autocannon from "autocannon";
import { totalCpu, withCpu, type Classify } from "./cpu";
import type { RoundResult } from "./rounds";

export interface HttpLoadResult {
  /** Mean of autocannon's per-second samples. */
  perSecond: number;
  total2xx: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export interface HttpLoadOptions {
  url: string;
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationS: number;
}

/** HTTP load with autocannon: `connections` requests in flight, one per connection. */
export async function httpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationS,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  return {
    perSecond: result.requests.average,
    total2xx: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

/** One round of HTTP load with the CPU every process spent per request. */
export async function loadRound(
  classify: Classify,
  options: HttpLoadOptions,
): Promise<RoundResult> {
  const { result, cpu } = await withCpu(classify, () => httpLoad(options));
  const requests = result.total2xx + result.non2xx;
  return {
    perSecond: result.perSecond,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    failures: result.non2xx + result.errors,
    cpuMsPerOp: requests > 0 ? (totalCpu(cpu) * 1000) / requests : Number.NaN,
  };
}
