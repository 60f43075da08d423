export const TOPIC = "x";
