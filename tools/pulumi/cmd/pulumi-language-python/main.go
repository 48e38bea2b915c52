// pulumi-language-python for ecs-ops: a Python language host for the Pulumi engine.
//
// The official host (module github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) is not
// served by the Go module proxy reachable from our build machines, so we build this one, as we did for
// Node.js (../pulumi-language-nodejs). It is written against the engine's own protocol types (pulumirpc from
// sdk/v3 at the same version as the CLI) and the `pulumi` package from PyPI, and offers what the CLI asks
// of a Python project that uses a provider plugin:
//
//   - GetPluginInfo, Handshake, Cancel.
//   - GetRequiredPackages / GetRequiredPlugins: none; provider plugins come from `plugins: providers:` in
//     Pulumi.yaml (or PATH / next to `pulumi`), automatic plugin acquisition is meant to be off here.
//   - Run (run.go): our own entry script (exec.py, embedded) run by the project's Python, which sets up
//     the `pulumi` SDK's runtime settings and runs `__main__.py` (or the `main` option) in the stack.
//   - InstallDependencies, RuntimeOptionsPrompts, Template (install.go): `pulumi install`, `pulumi new`,
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
// started and exits (see internal/enginewatch).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"ecs-ops.local/tools/pulumi/internal/enginewatch"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Exit code of exec.py when it has already shown the error to the user (the official host's convention).
const exitAfterReportedError = 32

// How long the processes we started get to exit after a SIGTERM when the engine is gone.
const orphanGrace = 3 * time.Second

func main() {
	// The engine may prepend logging/tracing flags (see buildPluginArguments in sdk/v3 plugin.go).
	flags := flag.NewFlagSet("pulumi-language-python", flag.ContinueOnError)
	tracing := flags.String("tracing", "", "Zipkin-compatible tracing endpoint, passed on to the program")
	flags.Bool("logtostderr", false, "accepted for compatibility; ignored")
	flags.Int("v", 0, "accepted for compatibility; ignored")
	flags.Bool("logflow", false, "accepted for compatibility; ignored")
	flags.String("root", "", "accepted for compatibility; ignored")
	showVersion := flags.Bool("version", false, "print the version and exit")
	if err := flags.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if *showVersion {
		fmt.Println(hostVersion())
		return
	}

	host := &languageHost{tracing: *tracing, running: map[*exec.Cmd]struct{}{}}
	if args := flags.Args(); len(args) > 0 {
		host.engineAddress = args[0]
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: could not start the RPC server: %v\n", err)
		os.Exit(1)
	}

	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)

	// Orphaned (the engine was killed): stop the programs and installs we started, then exit.
	enginewatch.Watch(context.Background(), host.engineAddress, func(reason string) {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: %s; stopping\n", reason)
		enginewatch.Terminate(host.runningPids(), orphanGrace, func() bool { return len(host.runningPids()) == 0 })
	})

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: RPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

func hostVersion() string {
	if version.Version != "" {
		return version.Version
	}
	return "v0.0.0-dev"
}

type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	tracing string

	mu            sync.Mutex
	engineAddress string
	running       map[*exec.Cmd]struct{}
}

// track records a started child process until untrack; Cancel and the engine watch reach it.
func (h *languageHost) track(cmd *exec.Cmd) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.running[cmd] = struct{}{}
}

func (h *languageHost) untrack(cmd *exec.Cmd) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.running, cmd)
}

func (h *languageHost) runningPids() []int {
	h.mu.Lock()
	defer h.mu.Unlock()
	pids := make([]int, 0, len(h.running))
	for cmd := range h.running {
		if cmd.Process != nil {
			pids = append(pids, cmd.Process.Pid)
		}
	}
	return pids
}

func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: hostVersion()}, nil
}

func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// Plugins are never installed by the engine in this setup: a provider plugin is named in Pulumi.yaml
// (`plugins: providers: [{name, path}]`) or found next to `pulumi` or on PATH.
func (h *languageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *languageHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *languageHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cmd := range h.running {
		if cmd.Process != nil {
			_ = cmd.Process.Signal(os.Interrupt)
		}
	}
	return &emptypb.Empty{}, nil
}
