import { z } from "zod";
import { environmentOf, type ComposeInput, type ComposeViews } from "./compose-model";

const networkEntry = z.looseObject({ ipv4_address: z.string().optional() }).nullable();
const serviceNetworks = z.looseObject({
  networks: z.union([z.array(z.string()), z.record(z.string(), networkEntry)]).optional(),
});
const topNetworks = z.looseObject({
  networks: z
    .record(
      z.string(),
      z
        .looseObject({
          ipam: z
            .looseObject({
              config: z.array(z.looseObject({ subnet: z.string().optional() })).optional(),
            })
            .optional(),
        })
        .nullable(),
    )
    .optional(),
});

/** The networks a service joins (compose puts one without `networks` on `default`). */
function networksOf(service: unknown): Record<string, { ipv4_address?: string } | null> {
  const parsed = serviceNetworks.safeParse(service);
  const networks = parsed.success ? parsed.data.networks : undefined;
  if (networks === undefined) return { default: null };
  if (Array.isArray(networks)) return Object.fromEntries(networks.map((name) => [name, null]));
  return networks;
}

/** `a.b.c.d` inside `a.b.c.0/n`. */
function inSubnet(address: string, subnet: string): boolean {
  const [base, bits] = subnet.split("/");
  const toNumber = (ip: string) =>
    ip.split(".").reduce((sum, part) => sum * 256 + Number(part), 0) >>> 0;
  const size = Number(bits);
  if (!base || !Number.isInteger(size) || size < 0 || size > 32) return false;
  const mask = size === 0 ? 0 : (~0 << (32 - size)) >>> 0;
  return (toNumber(address) & mask) >>> 0 === (toNumber(base) & mask) >>> 0;
}

/**
 * The services listen on every interface of their container (the gateway reaches them there)
 * and believe X-Forwarded-For from the gateway alone: the gateway has a fixed address inside a
 * fixed subnet of the network it shares with them, and each TRUSTED_PROXIES is that address.
 */
export function checkServiceNetwork(views: ComposeViews, input: ComposeInput): string[] {
  const problems: string[] = [];
  const gateway = views.resolved.services.gateway;
  if (!gateway) return problems;
  const gatewayNetworks = Object.entries(networksOf(gateway));
  const fixed = gatewayNetworks.find(([, entry]) => entry?.ipv4_address !== undefined);
  if (!fixed) return ["gateway: needs a fixed ipv4_address, which the services trust"];
  const [network, entry] = fixed;
  const address = entry?.ipv4_address ?? "";
  const declared = topNetworks.safeParse(views.resolved).data?.networks?.[network];
  const subnets = (declared?.ipam?.config ?? []).flatMap((c) => (c.subnet ? [c.subnet] : []));
  if (!subnets.some((subnet) => inSubnet(address, subnet))) {
    problems.push(`networks: ${network} needs an ipam subnet holding the gateway's ${address}`);
  }
  for (const { service } of input.serviceList.services) {
    const definition = views.resolved.services[service];
    if (!definition) continue;
    const say = (text: string) => problems.push(`${service}: ${text}`);
    const env = environmentOf(definition);
    if (env.LISTEN_HOST !== "0.0.0.0" && env.LISTEN_HOST !== "::") {
      say("LISTEN_HOST must be 0.0.0.0: the gateway and the healthcheck reach it in its container");
    }
    if (env.TRUSTED_PROXIES !== address) {
      say(`TRUSTED_PROXIES must be the gateway's address ${address}, and nothing more`);
    }
    if (!Object.hasOwn(networksOf(definition), network)) {
      say(`must be on the gateway's network ${network}`);
    }
  }
  return problems;
}
