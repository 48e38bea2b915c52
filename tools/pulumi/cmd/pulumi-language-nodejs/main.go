// pulumi-language-nodejs for ecs-ops: a Node.js language host for the Pulumi engine.
//
// The official host (module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not
// served by the Go module proxy reachable from our build machines, so we build this one instead. It is
// written against the engine's own protocol types (pulumirpc from sdk/v3 at the same version as the CLI),
// and offers what the Pulumi CLI asks of a Node.js project:
//
//   - GetPluginInfo, Handshake, Cancel, RuntimeOptionsPrompts (nothing to ask), Template (nothing to
//     rewrite): the same in every host, from internal/hostkit.
//   - GetRequiredPackages / GetRequiredPlugins: none (plugins are found on PATH or next to `pulumi`;
//     automatic plugin acquisition is meant to be off in this project).
//   - Run (run.go): `node <@pulumi/pulumi>/cmd/run <flags> <program>` resolved from the program directory.
//   - InstallDependencies (install.go): `pulumi install`, `pulumi new`,
//     `pulumi up` of a project without node_modules.
//   - About, GetProgramDependencies (about.go): `pulumi about`.
//   - RunPlugin (plugin.go): Node.js plugins, in particular policy packs (`--policy-pack`).
//
// Code generation (GenerateProgram/Project/Package, Pack, Link: `pulumi convert`, `pulumi package`) answers
// Unimplemented.
//
// When the engine goes away without stopping us (a SIGKILL of the CLI), the host stops every process it
// started and exits (see internal/hostkit and internal/enginewatch).
package main

import (
	"fmt"
	"os"
	"os/exec"

	"ecs-ops.local/tools/pulumi/internal/hostkit"
)

func main() {
	flags := hostkit.ParseFlags("pulumi-language-nodejs", "Zipkin-compatible tracing endpoint, passed on to the program")

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not find node on the $PATH: %v\n", err)
		os.Exit(1)
	}

	host := &languageHost{nodeBin: nodeBin, tracing: flags.Tracing}
	host.SetEngineAddress(flags.EngineAddress)
	hostkit.Serve("pulumi-language-nodejs", &host.Base, host)
}

// languageHost is the Node.js LanguageRuntime; hostkit.Base answers the RPCs shared by our hosts
// (GetPluginInfo, Handshake, GetRequiredPlugins/Packages: none, Cancel, RuntimeOptionsPrompts, Template)
// and tracks the processes we start.
type languageHost struct {
	hostkit.Base

	nodeBin string
	tracing string
}
