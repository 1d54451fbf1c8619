export * from "./client";
export * from "./realtime";
export type { components, operations, paths } from "./generated/api";
