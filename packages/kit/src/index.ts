import { TOPIC } from "@turnout/contracts";
import { decodeProtectedHeader } from "jose";
export const probe = (): string => TOPIC + typeof decodeProtectedHeader;
