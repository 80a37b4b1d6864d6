export * from "./options";
export * from "./price";
export * from "./rules";
export * from "./schema";
export * from "./explain";
export * from "./status";
