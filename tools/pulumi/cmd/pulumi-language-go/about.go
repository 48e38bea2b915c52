package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"ecs-ops.local/tools/pulumi/internal/hostkit"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"golang.org/x/mod/modfile"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// About answers `pulumi about`: the go executable and its version.
func (h *languageHost) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		return nil, status.Errorf(codes.FailedPrecondition, "could not find `go` on the $PATH: %v", err)
	}
	out, err := exec.CommandContext(ctx, gobin, "env", "GOVERSION").Output()
	if err != nil {
		return nil, status.Errorf(codes.Internal, "could not run %s env GOVERSION: %v", gobin, err)
	}
	return &pulumirpc.AboutResponse{
		Executable: gobin,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "go"),
	}, nil
}

// GetProgramDependencies lists the modules the program's go.mod requires (the indirect ones only with
// TransitiveDependencies). A module replaced by a local directory has no version.
func (h *languageHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := hostkit.ProgramDir(req.GetInfo(), req.GetPwd()) //nolint:staticcheck // fallback for old engines
	file := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, status.Errorf(codes.FailedPrecondition, "could not read the program's go.mod: %v", err)
	}
	gomod, err := modfile.Parse(file, data, nil)
	if err != nil {
		return nil, status.Errorf(codes.FailedPrecondition, "%v", err)
	}
	replaced := map[string]bool{}
	for _, r := range gomod.Replace {
		if r.New.Version == "" {
			replaced[r.Old.Path] = true
		}
	}
	var deps []*pulumirpc.DependencyInfo
	for _, r := range gomod.Require {
		if r.Indirect && !req.GetTransitiveDependencies() {
			continue
		}
		version := r.Mod.Version
		if replaced[r.Mod.Path] {
			version = ""
		}
		deps = append(deps, &pulumirpc.DependencyInfo{Name: r.Mod.Path, Version: version})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

// InstallDependencies runs `go mod tidy` in the program directory (`pulumi install`, `pulumi new`),
// streaming its output to the engine. A `replace` to a generated SDK must point at an existing directory.
func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	dir := hostkit.ProgramDir(req.GetInfo(), req.GetDirectory()) //nolint:staticcheck // fallback for old engines
	if dir == "" {
		return status.Error(codes.InvalidArgument, "InstallDependencies: no program directory given")
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		return status.Errorf(codes.FailedPrecondition, "no go.mod in %s: nothing to install", dir)
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		return status.Errorf(codes.FailedPrecondition, "`go` is not on the $PATH: it is needed to install the dependencies of %s", dir)
	}
	send := func(stdout, stderr []byte) error {
		return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: stdout, Stderr: stderr})
	}
	if err := send([]byte(fmt.Sprintf("Installing dependencies in %s with go mod tidy...\n", dir)), nil); err != nil {
		return err
	}
	cmd := exec.CommandContext(server.Context(), gobin, "mod", "tidy")
	cmd.Dir = dir
	cmd.Env = os.Environ()
	out, err := cmd.CombinedOutput()
	if len(out) > 0 {
		if serr := send(nil, out); serr != nil {
			return serr
		}
	}
	if err != nil {
		return status.Errorf(codes.Unknown, "go mod tidy in %s failed: %v", dir, err)
	}
	return send([]byte("Finished installing dependencies\n"), nil)
}
