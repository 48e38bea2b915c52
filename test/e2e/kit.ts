// The e2e tests' view of the stack runner (tools/stack-runner): throwaway stacks under the real CLI.
// Tests import from here; the runner itself lives outside test/ because the demo and the benchmarks use it too.
export * from "../../tools/stack-runner";
