// pulumi-language-go for ecs-ops: a Go language host for the Pulumi engine.
//
// The official host (module github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3) is not served by the
// Go module proxy reachable from our build machines, so we build this one, written against the engine's
// protocol types (pulumirpc from sdk/v3 at the CLI's version). It offers what the Pulumi CLI asks of a Go
// project for preview, up, refresh, destroy and import, and of `pulumi package gen-sdk --language go`:
//
//   - GetPluginInfo, Handshake, Cancel, RuntimeOptionsPrompts (nothing to ask), Template (nothing to
//     rewrite): the same in every host, from internal/hostkit.
//   - GetRequiredPackages / GetRequiredPlugins: none (a program names its provider plugins in Pulumi.yaml,
//     `plugins: providers: [{name, path}]`; automatic plugin acquisition is meant to be off here).
//   - Run (run.go): `go build` in the program directory (or the `binary` runtime option: a prebuilt
//     program), then the program with the environment the Go SDK's pulumi.Run reads.
//   - InstallDependencies (`go mod tidy`), About (`go version`), GetProgramDependencies (go.mod)
//     (about.go).
//   - GeneratePackage (generate.go): the Go SDK of a package schema, through pkg/v3/codegen/go.
//
// Not offered (Unimplemented): RunPlugin (Go plugins and policy packs), GenerateProgram/Project (`pulumi
// convert`), Pack, Link (`pulumi package add`: add the `replace` to go.mod by hand, see docs/languages/go.md),
// debugging (attach a debugger).
//
// When the engine goes away without stopping us (a SIGKILL of the CLI), the host stops the processes it
// started and exits (see internal/hostkit and internal/enginewatch).
package main

import "ecs-ops.local/tools/pulumi/internal/hostkit"

func main() {
	flags := hostkit.ParseFlags("pulumi-language-go", "accepted for compatibility; ignored")
	host := &languageHost{}
	host.SetEngineAddress(flags.EngineAddress)
	hostkit.Serve("pulumi-language-go", &host.Base, host)
}

// languageHost is the Go LanguageRuntime; hostkit.Base answers the RPCs shared by our hosts
// (GetPluginInfo, Handshake, GetRequiredPlugins/Packages: none, Cancel, RuntimeOptionsPrompts, Template)
// and tracks the processes we start.
type languageHost struct {
	hostkit.Base
}
