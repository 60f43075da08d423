// Decides what to do with one Kafka message: handle it, skip it, or dead-letter it.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const VERSIONED_TYPE = /^(.+)\.v([1-9][0-9]*)$/;

/** Reads a file of the published schemas: SCHEMAS is a folder or an http(s) base URL. */
async function readSchemaFile(base, name) {
  if (/^https?:\/\//.test(base)) {
    const response = await fetch(new URL(name, base.endsWith("/") ? base : `${base}/`));
    if (!response.ok) throw new Error(`GET ${name}: HTTP ${response.status}`);
    return response.json();
  }
  return JSON.parse(await readFile(join(base, name), "utf8"));
}

/**
 * One compiled validator per type this consumer handles, from Turnout's JSON Schemas
 * (docs/schemas, or /api/schemas/ of a Turnout gateway). Fails at start for a type the
 * schemas do not know, rather than dead-lettering every message of it later.
 */
export async function loadValidators(base, types) {
  const index = await readSchemaFile(base, "index.json");
  // Not strict: a keyword added to a later schema must not stop the consumer.
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
  const validators = new Map();
  for (const type of types) {
    const entry = index.types.find((candidate) => candidate.type === type);
    if (!entry) throw new Error(`the schemas at ${base} have no type ${type}`);
    const validate = ajv.compile(await readSchemaFile(base, entry.schema));
    validators.set(type, { validate, subjectField: entry.subject_field });
  }
  return validators;
}

/** A newer major version of a type we handle: worth a warning, the producer may stop v1 later. */
function newerVersionOf(type, validators) {
  const [, base, version] = VERSIONED_TYPE.exec(type) ?? [];
  if (!base) return undefined;
  return [...validators.keys()].find((known) => {
    const [, knownBase, knownVersion] = VERSIONED_TYPE.exec(known) ?? [];
    return knownBase === base && Number(version) > Number(knownVersion);
  });
}

/**
 * `{ action: "handle", event }`, `{ action: "skip", reason }` or `{ action: "dead", error }`.
 * The contract (docs/contracts.md): a type without a handler is skipped, including another
 * version of a type we handle (Turnout publishes both versions side by side while consumers
 * move); a message that cannot be read, or claims a type we handle but breaks its schema, is
 * dead-lettered. Fields we do not know are accepted: the schemas allow them.
 */
export function classify(message, validators) {
  const headerType = message.headers?.["ce-type"]?.toString();
  // The ce-type header lets us skip without parsing the value.
  if (headerType && !validators.has(headerType)) return skip(headerType, validators);
  let event;
  try {
    event = JSON.parse(message.value?.toString() ?? "");
  } catch {
    return { action: "dead", error: "value is not JSON" };
  }
  if (typeof event?.type !== "string")
    return { action: "dead", error: "not a CloudEvent: no type" };
  const known = validators.get(event.type);
  if (!known) return skip(event.type, validators);
  if (!known.validate(event)) {
    const errors = known.validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
    return { action: "dead", error: `invalid ${event.type}: ${errors.join("; ")}` };
  }
  if (event.subject !== event.data[known.subjectField]) {
    return { action: "dead", error: `subject is not data.${known.subjectField}` };
  }
  return { action: "handle", event };
}

function skip(type, validators) {
  const older = newerVersionOf(type, validators);
  return older
    ? { action: "skip", reason: `newer version of ${older}: no handler yet`, type, warn: true }
    : { action: "skip", reason: "no handler for this type", type };
}
