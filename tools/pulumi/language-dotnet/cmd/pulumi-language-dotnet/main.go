// pulumi-language-dotnet for ecs-ops: generates C# SDKs, and nothing else.
//
// `pulumi package gen-sdk <schema or plugin> --language dotnet` asks the language host named
// pulumi-language-dotnet to write the SDK (GeneratePackage). The official host and the C# code generator
// it carries now live in github.com/pulumi/pulumi-dotnet (pulumi-language-dotnet/v3/codegen), which the Go
// module proxy reachable from our build machines does not serve. The generator was frozen, deprecated and
// then deleted from github.com/pulumi/pulumi/pkg/v3/codegen/dotnet; v3.225.1 is the last release that the
// proxy serves with it, so this module (its own go.mod: it cannot share the CLI's pkg/v3 v3.277.0) builds
// a host around that generator. There is no .NET on our machines: this host does not run C# programs
// (Run and the rest answer Unimplemented), and the SDKs it writes are not compiled here.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// What Run and the other program RPCs answer.
const notRunnable = "this pulumi-language-dotnet (ecs-ops) only generates C# SDKs " +
	"(pulumi package gen-sdk --language dotnet); it cannot run .NET programs: install the official " +
	"Pulumi .NET language host for that (see docs/languages/csharp.md)"

func main() {
	flags := flag.NewFlagSet("pulumi-language-dotnet", flag.ContinueOnError)
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
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &generator{})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-dotnet: could not start the RPC server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout; it stops us when it is done.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-dotnet: RPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

func hostVersion() string {
	if version.Version != "" {
		return version.Version
	}
	return "v0.0.0-dev"
}

// generator is a LanguageRuntime that only generates packages.
type generator struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

func (g *generator) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: hostVersion()}, nil
}

func (g *generator) Handshake(context.Context, *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (g *generator) Run(context.Context, *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	return &pulumirpc.RunResponse{Error: notRunnable}, nil
}

func (g *generator) InstallDependencies(*pulumirpc.InstallDependenciesRequest, pulumirpc.LanguageRuntime_InstallDependenciesServer) error {
	return status.Error(codes.Unimplemented, notRunnable)
}

// GeneratePackage writes the C# SDK of a package schema into req.Directory with the C# generator of
// pkg/v3 v3.225.1; references to other packages' schemas are resolved through the engine's schema loader.
func (g *generator) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	if req.GetDirectory() == "" {
		return nil, status.Error(codes.InvalidArgument, "GeneratePackage: no output directory given")
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "the package schema is not valid JSON: %v", err)
	}
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, status.Errorf(codes.Unavailable, "could not reach the engine's schema loader: %v", err)
	}
	defer loader.Close()
	pkg, diags, err := schema.BindSpec(spec, schema.NewCachedLoader(loader), schema.ValidationOptions{
		AllowDanglingReferences: true,
	})
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "binding the package schema: %v", err)
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
	}
	if pkg.LogoURL == "" {
		url, stop, err := serveLogo()
		if err != nil {
			return nil, status.Errorf(codes.Internal, "serving the SDK's logo: %v", err)
		}
		defer stop()
		pkg.LogoURL = url
	}
	files, err := dotnet.GeneratePackage("pulumi-language-dotnet (ecs-ops)", pkg, req.GetExtraFiles(), req.GetLocalDependencies())
	if err != nil {
		return nil, status.Errorf(codes.Internal, "generating the C# SDK: %v", err)
	}
	for name, data := range files {
		out := filepath.Join(req.GetDirectory(), filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return nil, fmt.Errorf("creating %s: %w", filepath.Dir(out), err)
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return nil, fmt.Errorf("writing %s: %w", out, err)
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
}
