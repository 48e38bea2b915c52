package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// GeneratePackage writes the Go SDK of a package schema into req.Directory (`pulumi package gen-sdk
// <schema or plugin> --language go`), with pkg/v3/codegen/go at the CLI's version. The SDK is always a Go
// module of its own (a go.mod beside the packages, as `pulumi package add` makes it), so a program uses
// it with a `replace` in its go.mod. References to other packages' schemas are resolved through the
// engine's schema loader (req.LoaderTarget).
func (h *languageHost) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	if len(req.GetExtraFiles()) > 0 {
		return nil, status.Error(codes.InvalidArgument, "overlays (extra files) are not supported for Go SDKs")
	}
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
	// A go.mod is written only for a package that "supports packing"; we always want one.
	pkg.SupportPack = true

	files, err := codegen.GeneratePackage("pulumi-language-go (ecs-ops)", pkg, req.GetLocalDependencies())
	if err != nil {
		return nil, status.Errorf(codes.Internal, "generating the Go SDK: %v", err)
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
