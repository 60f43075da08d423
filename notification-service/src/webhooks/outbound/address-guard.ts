import { promises as dns } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** One resolved address, as `dns.lookup(..., { all: true })` gives it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name resolution; tests replace it to prove that the connection uses the checked answer. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export interface GuardOptions {
  /** Ranges allowed besides public unicast, e.g. `127.0.0.1/32` for a local receiver. */
  allowedCidrs: readonly string[];
  /** `http://` besides `https://` (local development). */
  allowHttp: boolean;
  resolve?: Resolve;
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** `WEBHOOK_ALLOWED_CIDRS` entries; throws on one that is not a CIDR (the config reports it). */
export function parseAllowedCidrs(cidrs: readonly string[]): Cidr[] {
  return cidrs.map((cidr) => {
    try {
      return ipaddr.parseCIDR(cidr.trim());
    } catch {
      throw new Error(`"${cidr}" is not a CIDR range like 127.0.0.1/32`);
    }
  });
}

const systemResolve: Resolve = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/**
 * Only unicast passes: loopback, private, link-local (cloud metadata), unique-local, CGNAT,
 * multicast, broadcast, unspecified and reserved ranges do not, nor an IPv4-mapped IPv6 form of
 * them (`process` unwraps `::ffff:a.b.c.d` first), unless an allowed range holds the address.
 */
export function isAllowedAddress(address: string, allowed: readonly Cidr[]): boolean {
  if (!ipaddr.isValid(address)) return false;
  const ip = ipaddr.process(address);
  if (allowed.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits))) {
    return true;
  }
  return ip.range() === "unicast";
}

/** The URL rules that need no lookup: scheme and credentials. */
export type UrlCheck =
  { ok: true; url: URL; hostname: string } | { ok: false; error: "invalid_url"; reason: string };

export function checkUrl(text: string, allowHttp: boolean): UrlCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: "invalid_url", reason: "not a valid URL" };
  }
  const schemes = allowHttp ? ["https:", "http:"] : ["https:"];
  if (!schemes.includes(url.protocol)) {
    return {
      ok: false,
      error: "invalid_url",
      reason: allowHttp ? "must be an http(s):// URL" : "must be an https:// URL",
    };
  }
  if (url.username !== "" || url.password !== "") {
    return { ok: false, error: "invalid_url", reason: "must not carry credentials" };
  }
  // An IPv6 literal comes bracketed ("[::1]"); lookups and sockets want it bare.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (hostname === "") return { ok: false, error: "invalid_url", reason: "has no host" };
  return { ok: true, url, hostname };
}

/** Where to connect: every address the host resolved to, each one checked. */
export type Destination =
  | { ok: true; url: URL; hostname: string; addresses: ResolvedAddress[] }
  | {
      ok: false;
      error: "invalid_url" | "address_not_allowed" | "connection_failed";
      reason: string;
    };

/**
 * Checks the URL, resolves its host once and checks EVERY address (a name that resolves to one
 * public and one private address is refused). The caller connects to these addresses only, so
 * a second lookup cannot rebind the name to another one.
 */
export async function resolveDestination(
  text: string,
  options: GuardOptions,
  allowed: readonly Cidr[] = parseAllowedCidrs(options.allowedCidrs),
): Promise<Destination> {
  const checked = checkUrl(text, options.allowHttp);
  if (!checked.ok) return checked;
  const { url, hostname } = checked;
  let addresses: ResolvedAddress[];
  const family = isIP(hostname);
  if (family !== 0) {
    addresses = [{ address: hostname, family: family === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolve)(hostname);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) {
      return { ok: false, error: "connection_failed", reason: "the host does not resolve" };
    }
  }
  if (!addresses.every(({ address }) => isAllowedAddress(address, allowed))) {
    return {
      ok: false,
      error: "address_not_allowed",
      reason: "the host is not a public address (loopback, private and link-local are refused)",
    };
  }
  return { ok: true, url, hostname, addresses };
}

/**
 * For create and update (422 `url_not_allowed`): the same rules as every attempt, without
 * connecting.
 */
export async function checkDestination(
  url: string,
  options: GuardOptions,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const destination = await resolveDestination(url, options);
  return destination.ok ? { ok: true } : { ok: false, reason: destination.reason };
}
