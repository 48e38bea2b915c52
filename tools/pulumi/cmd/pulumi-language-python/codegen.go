package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// GeneratePackage writes the Python SDK of a schema into req.Directory: `pulumi package gen-sdk
// <schema or plugin folder> --language python`. Schema problems come back as diagnostics; the files
// are written only when there are no errors.
func (h *languageHost) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	if req.GetDirectory() == "" {
		return nil, status.Error(codes.InvalidArgument, "GeneratePackage: no output directory given")
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "GeneratePackage: the schema is not valid JSON: %v", err)
	}
	var loader schema.ReferenceLoader
	if target := req.GetLoaderTarget(); target != "" {
		client, err := schema.NewLoaderClient(target)
		if err != nil {
			return nil, status.Errorf(codes.Unavailable, "GeneratePackage: connecting to the schema loader: %v", err)
		}
		defer client.Close()
		loader = schema.NewCachedLoader(client)
	}
	pkg, diags, err := schema.BindSpecWithContext(ctx, spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "GeneratePackage: binding the schema: %v", err)
	}
	resp := &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}
	if diags.HasErrors() {
		return resp, nil
	}
	files, err := python.GeneratePackage("pulumi-language-python", pkg, req.GetExtraFiles(), loader)
	if err != nil {
		return nil, status.Errorf(codes.Internal, "GeneratePackage: %v", err)
	}
	for name, data := range files {
		out := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return nil, status.Errorf(codes.Internal, "GeneratePackage: %v", err)
		}
		if err := os.WriteFile(out, data, 0o600); err != nil {
			return nil, status.Errorf(codes.Internal, "GeneratePackage: writing %s: %v", name, err)
		}
	}
	return resp, nil
}
