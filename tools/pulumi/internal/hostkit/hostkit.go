// Package hostkit holds what our Pulumi language hosts (cmd/pulumi-language-nodejs, -python, -go) share and
// which does not depend on the language: serving the LanguageRuntime over gRPC and watching the engine
// (Serve), the host's version (Version), and the Base every host embeds: the engine's address, the child
// processes the host started (for Cancel and for an engine that went away), and the RPCs whose answer is the
// same in every language (GetPluginInfo, Handshake, GetRequiredPlugins/Packages, Cancel, RuntimeOptionsPrompts,
// Template).
//
// Running a child with its output streamed to the engine (RunWith, RunStreaming, StreamSender), running the
// program itself (RunProgram, RunResponse) and stopping a child (StopProcess) are in run.go.
package hostkit

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

// OrphanGrace is how long the processes a host started get to exit after a SIGTERM when the engine is gone.
const OrphanGrace = 3 * time.Second

// Version is the host's version: the one stamped into the build (the CLI's), else v0.0.0-dev.
func Version() string {
	if version.Version != "" {
		return version.Version
	}
	return "v0.0.0-dev"
}

// Flags are the command-line arguments the engine gives a language host.
type Flags struct {
	// Tracing is the Zipkin-compatible tracing endpoint (-tracing), empty when none.
	Tracing string
	// EngineAddress is the engine's gRPC address (the first positional argument), empty when none.
	EngineAddress string
}

// ParseFlags reads the host's arguments: the logging and tracing flags the engine may prepend (see
// buildPluginArguments in sdk/v3 plugin.go; only -tracing is kept, described by tracingUsage) and the
// engine's address. It exits with code 2 on an unknown flag, and prints the version and exits on -version.
func ParseFlags(name, tracingUsage string) Flags {
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	tracing := flags.String("tracing", "", tracingUsage)
	flags.Bool("logtostderr", false, "accepted for compatibility; ignored")
	flags.Int("v", 0, "accepted for compatibility; ignored")
	flags.Bool("logflow", false, "accepted for compatibility; ignored")
	flags.String("root", "", "accepted for compatibility; ignored")
	showVersion := flags.Bool("version", false, "print the version and exit")
	if err := flags.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if *showVersion {
		fmt.Println(Version())
		os.Exit(0)
	}
	parsed := Flags{Tracing: *tracing}
	if args := flags.Args(); len(args) > 0 {
		parsed.EngineAddress = args[0]
	}
	return parsed
}

// Serve registers server as the LanguageRuntime on a gRPC server of its own, prints the port on the first
// line of stdout (where the engine reads it), and serves until the server stops. When the engine goes away
// without stopping us (a SIGKILL of the CLI), it stops every process base tracks and exits (see
// internal/enginewatch). Messages on stderr start with name. It exits with code 1 when the server cannot
// start or stops with an error.
func Serve(name string, base *Base, server pulumirpc.LanguageRuntimeServer) {
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, server)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: could not start the RPC server: %v\n", name, err)
		os.Exit(1)
	}

	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)

	// Orphaned (the engine was killed): stop the programs, builds, plugins and installs we started, then exit.
	enginewatch.Watch(context.Background(), base.EngineAddress(), func(reason string) {
		fmt.Fprintf(os.Stderr, "%s: %s; stopping\n", name, reason)
		enginewatch.Terminate(base.RunningPids(), OrphanGrace, func() bool { return len(base.RunningPids()) == 0 })
	})

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "%s: RPC server stopped: %v\n", name, err)
		os.Exit(1)
	}
}

// Base is embedded (by value) in each host's languageHost: it keeps the engine's address and the child
// processes the host started, and answers the RPCs that are the same in every language. Every other RPC
// answers Unimplemented unless the host defines it. The zero Base is ready to use.
type Base struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	running       map[*exec.Cmd]struct{}
}

// SetEngineAddress records the engine's gRPC address (from the command line or the handshake).
func (b *Base) SetEngineAddress(address string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.engineAddress = address
}

// EngineAddress is the engine's gRPC address, empty when the engine gave none.
func (b *Base) EngineAddress() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.engineAddress
}

// Track records a started child process until Untrack; Cancel and the engine watch reach it.
func (b *Base) Track(cmd *exec.Cmd) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running == nil {
		b.running = map[*exec.Cmd]struct{}{}
	}
	b.running[cmd] = struct{}{}
}

// Untrack forgets a child process recorded by Track (it has exited).
func (b *Base) Untrack(cmd *exec.Cmd) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.running, cmd)
}

// RunningPids are the process ids of the tracked children.
func (b *Base) RunningPids() []int {
	b.mu.Lock()
	defer b.mu.Unlock()
	pids := make([]int, 0, len(b.running))
	for cmd := range b.running {
		if cmd.Process != nil {
			pids = append(pids, cmd.Process.Pid)
		}
	}
	return pids
}

// GetPluginInfo answers the host's version.
func (b *Base) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Version()}, nil
}

// Handshake records the engine's address when the engine sends one.
func (b *Base) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		b.SetEngineAddress(req.GetEngineAddress())
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetRequiredPlugins answers none: the engine installs no plugin for our hosts' programs. Node.js programs
// need only pulumi-nodejs (next to `pulumi` or on PATH); the others name their provider plugins in
// Pulumi.yaml (`plugins: providers: [{name, path}]`) or find them next to `pulumi` or on PATH.
func (b *Base) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// GetRequiredPackages answers none, for the same reason as GetRequiredPlugins.
func (b *Base) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// Cancel interrupts (SIGINT) every tracked child.
func (b *Base) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for cmd := range b.running {
		if cmd.Process != nil {
			_ = cmd.Process.Signal(os.Interrupt)
		}
	}
	return &emptypb.Empty{}, nil
}

// RuntimeOptionsPrompts answers that `pulumi new` has nothing more to ask: Node.js takes its package manager
// from Pulumi.yaml or the lock file, Python assumes pip with the project's virtualenv option, Go needs nothing.
func (b *Base) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// Template answers that a template needs no rewriting after `pulumi new` has copied it (in every language).
func (b *Base) Template(context.Context, *pulumirpc.TemplateRequest) (*pulumirpc.TemplateResponse, error) {
	return &pulumirpc.TemplateResponse{}, nil
}

// ProgramDir is the program directory of a request: ProgramInfo first, then the deprecated field (fallback).
func ProgramDir(info *pulumirpc.ProgramInfo, fallback string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	return fallback
}
