export * from "./calendar-file";
