package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// About answers `pulumi about`: the project's Python (the virtualenv's when configured) and its version.
func (h *languageHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	p := projectOf(req.GetInfo(), "")
	python, err := p.python()
	if err != nil {
		if python, err = ambientPython(); err != nil {
			return nil, status.Error(codes.FailedPrecondition, err.Error())
		}
	}
	cmd := exec.CommandContext(ctx, python, "--version")
	cmd.Env = p.env(os.Environ())
	out, err := cmd.Output()
	if err != nil {
		return nil, status.Errorf(codes.Internal, "could not run %s --version: %v", python, err)
	}
	metadata := map[string]string{"toolchain": p.opts.toolchain}
	if dir := p.venvDir(); dir != "" {
		metadata["virtualenv"] = dir
	}
	return &pulumirpc.AboutResponse{
		Executable: python,
		Version:    strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(out)), "Python")),
		Metadata:   metadata,
	}, nil
}

// GetProgramDependencies lists the packages installed for the project (`pip list`; with
// TransitiveDependencies false, only those nothing else requires).
func (h *languageHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	p := projectOf(req.GetInfo(), req.GetPwd()) //nolint:staticcheck // fallback for old engines
	python, err := p.python()
	if err != nil {
		return nil, status.Error(codes.FailedPrecondition, err.Error())
	}
	args := []string{"-m", "pip", "list", "--format", "json", "--disable-pip-version-check"}
	if !req.GetTransitiveDependencies() {
		args = append(args, "--not-required")
	}
	cmd := exec.CommandContext(ctx, python, args...)
	cmd.Env = p.env(os.Environ())
	out, err := cmd.Output()
	if err != nil {
		return nil, status.Errorf(codes.Internal, "%s %s: %v", python, strings.Join(args, " "), err)
	}
	var pkgs []struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if err := json.Unmarshal(out, &pkgs); err != nil {
		return nil, status.Errorf(codes.Internal, "parsing pip list: %v", err)
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, pkg := range pkgs {
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: pkg.Name, Version: pkg.Version})
	}
	return resp, nil
}
