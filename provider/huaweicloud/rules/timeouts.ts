// The `timeouts` input of every Huawei resource: the core rule (each of create / update / delete a
// positive duration such as "10m", at most 24h), taken from here by every Huawei declaration so that
// the same value is accepted or refused alike, with the same message, by each of them.
export { timeoutsSchema } from "../../core/inputs/timeouts";
export type { Timeouts } from "../../core/inputs/timeouts";
