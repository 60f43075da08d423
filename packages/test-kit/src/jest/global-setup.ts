import { devStackProbe } from "@turnout/dev-stack";
export default function setup(): void { process.env.TURNOUT_PROBE = devStackProbe() === "stack" ? "1" : "0"; }
