// pulumi-language-python for ecs-ops: a Python language host for the Pulumi engine.
//
// The official host (module github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) is not
// served by the Go module proxy reachable from our build machines, so we build this one, as we did for
// Node.js (../pulumi-language-nodejs). It is written against the engine's own protocol types (pulumirpc from
// sdk/v3 at the same version as the CLI) and the `pulumi` package from PyPI, and offers what the CLI asks
// of a Python project that uses a provider plugin:
//
//   - GetPluginInfo, Handshake, Cancel, RuntimeOptionsPrompts (nothing to ask), Template (nothing to
//     rewrite): the same in every host, from internal/hostkit.
//   - GetRequiredPackages / GetRequiredPlugins: none; provider plugins come from `plugins: providers:` in
//     Pulumi.yaml (or PATH / next to `pulumi`), automatic plugin acquisition is meant to be off here.
//   - Run (run.go): our own entry script (exec.py, embedded) run by the project's Python, which sets up
//     the `pulumi` SDK's runtime settings and runs `__main__.py` (or the `main` option) in the stack.
//   - InstallDependencies (install.go): `pulumi install`, `pulumi new`,
//     and `pulumi up` of a project whose virtualenv does not exist yet.
//   - About, GetProgramDependencies (about.go): `pulumi about`.
//   - GeneratePackage (codegen.go): `pulumi package gen-sdk <schema or plugin> --language python`, with
//     github.com/pulumi/pulumi/pkg/v3/codegen/python.
//
// Runtime options (toolchain.go): `toolchain: pip` (the default) and `virtualenv: <dir>`; `poetry` and `uv`
// are refused with a message. Program conversion (GenerateProgram/Project), Pack, Link and RunPlugin
// (Python policy packs and Python providers) answer Unimplemented.
//
// When the engine goes away without stopping us (a SIGKILL of the CLI), the host stops every process it
// started and exits (see internal/hostkit and internal/enginewatch).
package main

import "ecs-ops.local/tools/pulumi/internal/hostkit"

func main() {
	flags := hostkit.ParseFlags("pulumi-language-python", "Zipkin-compatible tracing endpoint, passed on to the program")
	host := &languageHost{tracing: flags.Tracing}
	host.SetEngineAddress(flags.EngineAddress)
	hostkit.Serve("pulumi-language-python", &host.Base, host)
}

// languageHost is the Python LanguageRuntime; hostkit.Base answers the RPCs shared by our hosts
// (GetPluginInfo, Handshake, GetRequiredPlugins/Packages: none, Cancel, RuntimeOptionsPrompts, Template)
// and tracks the processes we start.
type languageHost struct {
	hostkit.Base

	tracing string
}
