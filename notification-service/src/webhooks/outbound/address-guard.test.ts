import { checkDestination, parseAllowedCidrs } from "./address-guard";

const publicOnly = { allowedCidrs: [], allowHttp: false };

test.each([
  "https://127.0.0.1/hook",
  "https://localhost/hook",
  "https://10.0.0.1/hook",
  "https://172.16.5.4/hook",
  "https://192.168.1.1/hook",
  "https://169.254.169.254/latest/meta-data",
  "https://100.64.0.1/hook",
  "https://0.0.0.0/hook",
  "https://255.255.255.255/hook",
  "https://224.0.0.1/hook",
  "https://[::1]/hook",
  "https://[::]/hook",
  "https://[::ffff:127.0.0.1]/hook",
  "https://[::ffff:a9fe:a9fe]/hook",
  "https://[fe80::1]/hook",
  "https://[fd00::1]/hook",
  "https://0x7f.1/hook",
  "https://[2002:a00:1::1]/hook", // 6to4 of 10.0.0.1
  "https://[64:ff9b::a9fe:a9fe]/hook", // NAT64 of 169.254.169.254
  "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook", // Teredo
])("%s is refused by default", async (url) => {
  await expect(checkDestination(url, publicOnly)).resolves.toEqual({
    ok: false,
    reason: expect.stringMatching(/not a public address/),
  });
});

test("public literals pass without a connection being made", async () => {
  await expect(checkDestination("https://93.184.216.34:8443/in?x=1", publicOnly)).resolves.toEqual({
    ok: true,
  });
  await expect(checkDestination("https://[2606:4700::1111]/in", publicOnly)).resolves.toEqual({
    ok: true,
  });
});

test("https only unless http is allowed; no credentials; a URL at all", async () => {
  const passes = async (url: string, allowHttp = false) =>
    (await checkDestination(url, { allowedCidrs: [], allowHttp })).ok;
  expect(await passes("http://93.184.216.34/in")).toBe(false);
  expect(await passes("http://93.184.216.34/in", true)).toBe(true);
  expect(await passes("ftp://93.184.216.34/in", true)).toBe(false);
  expect(await passes("https://user:pass@93.184.216.34/in")).toBe(false);
  expect(await passes("https://token@93.184.216.34/in")).toBe(false);
  expect(await passes("not a url")).toBe(false);
});

test("an allowed range opens exactly that range, IPv4-mapped forms included", async () => {
  const options = { allowedCidrs: ["127.0.0.1/32"], allowHttp: false };
  expect((await checkDestination("https://127.0.0.1:9/", options)).ok).toBe(true);
  expect((await checkDestination("https://[::ffff:127.0.0.1]:9/", options)).ok).toBe(true);
  expect((await checkDestination("https://127.0.0.2:9/", options)).ok).toBe(false);
  expect((await checkDestination("https://[::1]:9/", options)).ok).toBe(false);
  expect(() => parseAllowedCidrs(["127.0.0.1"])).toThrow(/not a CIDR/);
  expect(() => parseAllowedCidrs(["10.0.0.0/33"])).toThrow(/not a CIDR/);
});

test("every resolved address must pass: one private answer among public ones refuses the name", async () => {
  const resolveTo = (...addresses: string[]) => ({
    allowedCidrs: [],
    allowHttp: false,
    resolve: () =>
      Promise.resolve(
        addresses.map((address) => ({
          address,
          family: address.includes(":") ? (6 as const) : (4 as const),
        })),
      ),
  });
  expect((await checkDestination("https://hooks.example/", resolveTo("93.184.216.34"))).ok).toBe(
    true,
  );
  expect(
    (await checkDestination("https://hooks.example/", resolveTo("93.184.216.34", "10.1.2.3"))).ok,
  ).toBe(false);
  expect(
    (await checkDestination("https://hooks.example/", resolveTo("2606:4700::1111", "fe80::1"))).ok,
  ).toBe(false);
  await expect(checkDestination("https://hooks.example/", resolveTo())).resolves.toEqual({
    ok: false,
    reason: "the host does not resolve",
  });
});
