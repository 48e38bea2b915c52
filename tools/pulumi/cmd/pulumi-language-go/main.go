// pulumi-language-go for ecs-ops: a Go language host for the Pulumi engine.
//
// The official host (module github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3) is not served by the
// Go module proxy reachable from our build machines, so we build this one, written against the engine's
// protocol types (pulumirpc from sdk/v3 at the CLI's version). It offers what the Pulumi CLI asks of a Go
// project for preview, up, refresh, destroy and import, and of `pulumi package gen-sdk --language go`:
//
//   - GetPluginInfo, Handshake, Cancel.
//   - GetRequiredPackages / GetRequiredPlugins: none (a program names its provider plugins in Pulumi.yaml,
//     `plugins: providers: [{name, path}]`; automatic plugin acquisition is meant to be off here).
//   - Run (run.go): `go build` in the program directory (or the `binary` runtime option: a prebuilt
//     program), then the program with the environment the Go SDK's pulumi.Run reads.
//   - InstallDependencies (`go mod tidy`), About (`go version`), GetProgramDependencies (go.mod),
//     RuntimeOptionsPrompts, Template (about.go).
//   - GeneratePackage (generate.go): the Go SDK of a package schema, through pkg/v3/codegen/go.
//
// Not offered (Unimplemented): RunPlugin (Go plugins and policy packs), GenerateProgram/Project (`pulumi
// convert`), Pack, Link (`pulumi package add`: add the `replace` to go.mod by hand, see docs/languages/go.md),
// debugging (attach a debugger).
//
// When the engine goes away without stopping us (a SIGKILL of the CLI), the host stops the processes it
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

// How long the processes we started get to exit after a SIGTERM when the engine is gone.
const orphanGrace = 3 * time.Second

func main() {
	// The engine may prepend logging/tracing flags (see buildPluginArguments in sdk/v3 plugin.go).
	flags := flag.NewFlagSet("pulumi-language-go", flag.ContinueOnError)
	flags.String("tracing", "", "accepted for compatibility; ignored")
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

	host := &languageHost{running: map[*exec.Cmd]struct{}{}}
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
		fmt.Fprintf(os.Stderr, "pulumi-language-go: could not start the RPC server: %v\n", err)
		os.Exit(1)
	}

	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)

	// Orphaned (the engine was killed): stop the builds and programs we started, then exit.
	enginewatch.Watch(context.Background(), host.engineAddress, func(reason string) {
		fmt.Fprintf(os.Stderr, "pulumi-language-go: %s; stopping\n", reason)
		enginewatch.Terminate(host.runningPids(), orphanGrace, func() bool { return len(host.runningPids()) == 0 })
	})

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-go: RPC server stopped: %v\n", err)
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

func (h *languageHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
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

// The engine installs no plugin for a Go program here: its provider plugins are named in Pulumi.yaml
// (`plugins: providers:`) or found on PATH.
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
