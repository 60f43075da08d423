import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  freePort,
  serviceEnvironment,
  startServiceProcess,
  waitUntilReady,
  type ServiceProcess,
} from "@turnout/dev-stack";
import { testStack } from "./stack";
import { TEST_KAFKA_ENV } from "./service-env";

export interface RunningServices {
  /** Service name → base URL (`http://127.0.0.1:<port>`). */
  urls: Record<string, string>;
  processes: Record<string, ServiceProcess>;
  /** Where each service's JSON log is written (`<service>.log`). */
  logDir: string;
  /** Stops every process (SIGTERM, bounded). */
  stop(): Promise<void>;
}

export interface StartServicesOptions {
  /** Extra environment per service (e.g. shorter intervals for a test). */
  env?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Peers already running elsewhere (service → URL), passed to every started service. */
  peers?: Readonly<Record<string, string>>;
}

/**
 * Real service processes on the test stack, run from their sources as `npm start` runs them,
 * each knowing the others' URLs. For tests that need a peer over real HTTP (the registration
 * service calling auth and the event ledger): no service imports another's code.
 */
export async function startServices(
  services: readonly string[],
  options: StartServicesOptions = {},
): Promise<RunningServices> {
  const logDir = mkdtempSync(join(tmpdir(), "turnout-services-"));
  const ports: Record<string, number> = {};
  for (const service of services) ports[service] = await freePort();
  const urls = Object.fromEntries(
    services.map((service) => [service, `http://127.0.0.1:${ports[service] ?? 0}`]),
  );
  const peers = { ...options.peers, ...urls };
  const processes: Record<string, ServiceProcess> = {};
  for (const service of services) {
    const port = ports[service] ?? 0;
    const env = {
      ...process.env,
      ...serviceEnvironment(testStack(), service, {
        port,
        devBroker: true,
        logLevel: "warn",
        peers,
      }),
      ...TEST_KAFKA_ENV,
      ...options.env?.[service],
    };
    processes[service] = startServiceProcess(service, port, env, logDir, () => undefined);
  }
  const stop = async () => {
    await Promise.all(Object.values(processes).map((p) => p.stop()));
  };
  try {
    // Generous: CI starts whole platforms and peer sets side by side on two cores.
    await Promise.all(Object.values(processes).map((p) => waitUntilReady(p, 120_000)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, processes, logDir, stop };
}
