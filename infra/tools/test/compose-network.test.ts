// The services' network settings in docker-compose.yml (issue 18, item 4): every interface of
// their container, and X-Forwarded-For believed from the gateway's fixed address alone.
import { checkCompose } from "./compose-check";
import { loadComposeInput } from "./compose-input";
import { containing, problemsAfter } from "./compose-problems";

it("docker-compose.yml binds the services for the gateway and trusts the gateway alone", () => {
  expect(checkCompose(loadComposeInput())).toEqual([]);
});

describe("the compose check reports", () => {
  it("a service bound to its container's loopback, which the gateway cannot reach", () => {
    const problems = problemsAfter((doc) => {
      doc.services["event-service"]!.environment.LISTEN_HOST = "127.0.0.1";
    });
    expect(problems).toEqual(containing("event-service: LISTEN_HOST must be 0.0.0.0"));
  });

  it("a service that believes X-Forwarded-For from the whole network", () => {
    const problems = problemsAfter((doc) => {
      doc.services["auth-service"]!.environment.TRUSTED_PROXIES = "172.30.80.0/24";
    });
    expect(problems).toEqual(
      containing("auth-service: TRUSTED_PROXIES must be the gateway's address 172.30.80.10"),
    );
  });

  it("a gateway without a fixed address, or one outside the network's range", () => {
    expect(
      problemsAfter((doc) => {
        delete doc.services.gateway!.networks;
      }),
    ).toEqual(containing("gateway: needs a fixed ipv4_address"));
    expect(
      problemsAfter((doc) => {
        doc.services.gateway!.networks = { default: { ipv4_address: "10.1.2.3" } };
      }),
    ).toEqual(containing("networks: default needs an ipam subnet holding the gateway's 10.1.2.3"));
  });

  it("a service left off the gateway's network", () => {
    const problems = problemsAfter((doc) => {
      doc.services["user-service"]!.networks = ["backend"];
    });
    expect(problems).toEqual(containing("user-service: must be on the gateway's network default"));
  });
});
