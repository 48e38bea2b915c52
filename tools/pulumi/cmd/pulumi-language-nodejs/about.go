package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"ecs-ops.local/tools/pulumi/internal/hostkit"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// About answers `pulumi about`: the node executable and its version.
func (h *languageHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	out, err := exec.CommandContext(ctx, h.nodeBin, "--version").Output()
	if err != nil {
		return nil, status.Errorf(codes.Internal, "could not run %s --version: %v", h.nodeBin, err)
	}
	metadata := map[string]string{}
	if dir := hostkit.ProgramDir(req.GetInfo(), ""); dir != "" {
		var options = req.GetInfo().GetOptions()
		metadata["packagemanager"] = packageManager(dir, options)
	}
	return &pulumirpc.AboutResponse{
		Executable: h.nodeBin,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
		Metadata:   metadata,
	}, nil
}

// packageJSON holds the parts of a package.json that dependency listing needs.
type packageJSON struct {
	Name                 string            `json:"name"`
	Version              string            `json:"version"`
	Dependencies         map[string]string `json:"dependencies"`
	DevDependencies      map[string]string `json:"devDependencies"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
}

func readPackageJSON(file string) (*packageJSON, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var p packageJSON
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return &p, nil
}

// installedPackage finds the directory of package `name` the way Node's `require` would from dir: the
// nearest node_modules/<name> walking up.
func installedPackage(dir, name string) (string, *packageJSON) {
	for d := dir; ; {
		candidate := filepath.Join(d, "node_modules", filepath.FromSlash(name))
		if p, err := readPackageJSON(filepath.Join(candidate, "package.json")); err == nil {
			return candidate, p
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", nil
		}
		d = parent
	}
}

// GetProgramDependencies lists the program's npm dependencies (package.json dependencies and
// devDependencies) with the versions installed, or the declared range when a package is not installed.
// With TransitiveDependencies, the dependencies of those packages follow, each package once.
func (h *languageHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := hostkit.ProgramDir(req.GetInfo(), req.GetPwd()) //nolint:staticcheck // fallback for old engines
	root, err := readPackageJSON(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, status.Errorf(codes.FailedPrecondition, "could not read the program's package.json: %v", err)
	}

	seen := map[string]bool{}
	var deps []*pulumirpc.DependencyInfo
	var visit func(from string, declared map[string]string, transitive bool)
	visit = func(from string, declared map[string]string, transitive bool) {
		names := make([]string, 0, len(declared))
		for n := range declared {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, name := range names {
			pkgDir, pkg := installedPackage(from, name)
			version := declared[name]
			if pkg != nil && pkg.Version != "" {
				version = pkg.Version
			}
			key := name + "@" + version
			if seen[key] {
				continue
			}
			seen[key] = true
			deps = append(deps, &pulumirpc.DependencyInfo{Name: name, Version: version})
			if transitive && pkg != nil {
				visit(pkgDir, pkg.Dependencies, true)
			}
		}
	}
	direct := map[string]string{}
	for _, m := range []map[string]string{root.DevDependencies, root.OptionalDependencies, root.Dependencies} {
		for k, v := range m {
			direct[k] = v
		}
	}
	visit(dir, direct, req.GetTransitiveDependencies())
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}
