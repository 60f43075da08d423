import autocannon from "autocannon";

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
