export * from "./options";
export * from "./price";
export * from "./rules";
export * from "./schema";
export * from "./defaults";
export * from "./explain";
export * from "./status";
export * from "./ledger";
