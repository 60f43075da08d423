import type { AddressInfo } from "node:net";
import { createHttpServer } from "./http-server";
import { VaultRouter } from "./router";
import { loadState, saveState } from "./state";
import { newToken, TokenStore } from "./token-store";

export interface VaultServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Random when absent. Never persisted: each start decides its own root token. */
  rootToken?: string;
  /** JSON file holding mounts, policies, roles, secret ids (hashed), KV data and tokens (hashed). */
  dataFile?: string;
  /** Receives one line per request: method, path, status. Nothing else is logged. */
  log?: (line: string) => void;
}

export interface VaultServer {
  /** E.g. http://127.0.0.1:8200, for VAULT_ADDR. */
  addr: string;
  rootToken: string;
  stop(): Promise<void>;
}

/** A server speaking the subset of the Vault HTTP API Turnout uses (see README.md beside this file). */
export async function startVaultServer(options: VaultServerOptions = {}): Promise<VaultServer> {
  const host = options.host ?? "127.0.0.1";
  const rootToken = options.rootToken ?? newToken();
  const dataFile = options.dataFile;
  const state = loadState(dataFile);
  const tokens = new TokenStore(state.tokens, rootToken);
  const persist = (): void => {
    if (dataFile !== undefined) saveState(dataFile, state);
  };
  const router = new VaultRouter(state, tokens, persist, options.log);
  const http = createHttpServer((request) => Promise.resolve(router.handle(request)));
  await new Promise<void>((resolve, reject) => {
    http.server.once("error", reject);
    http.server.listen(options.port ?? 0, host, () => {
      http.server.off("error", reject);
      resolve();
    });
  });
  const { port } = http.server.address() as AddressInfo;
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  const hostPart = reachable.includes(":") ? `[${reachable}]` : reachable;
  let stopped: Promise<void> | undefined;
  return {
    addr: `http://${hostPart}:${port}`,
    rootToken,
    stop: () => (stopped ??= http.close()),
  };
}
