package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"ecs-ops.local/tools/pulumi/internal/hostkit"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"
)

// packageManager picks the package manager of a project: `runtime.options.packagemanager` in Pulumi.yaml,
// else the one whose lock file is in the directory, else npm.
func packageManager(dir string, options *structpb.Struct) string {
	if options != nil {
		if v, ok := options.AsMap()["packagemanager"].(string); ok && v != "" && v != "auto" {
			return v
		}
	}
	for _, lock := range []struct{ file, pm string }{
		{"yarn.lock", "yarn"}, {"pnpm-lock.yaml", "pnpm"}, {"bun.lock", "bun"}, {"bun.lockb", "bun"},
	} {
		if _, err := os.Stat(filepath.Join(dir, lock.file)); err == nil {
			return lock.pm
		}
	}
	return "npm"
}

// InstallDependencies runs `<package manager> install` in the program (or plugin) directory, streaming its
// output to the engine: `pulumi install`, `pulumi new`, and `pulumi up` when node_modules is missing.
func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	dir := hostkit.ProgramDir(req.GetInfo(), req.GetDirectory()) //nolint:staticcheck // fallback for old engines
	if dir == "" {
		return status.Error(codes.InvalidArgument, "InstallDependencies: no program directory given")
	}
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		return status.Errorf(codes.FailedPrecondition, "no package.json in %s: nothing to install", dir)
	}
	var options *structpb.Struct
	if req.GetInfo() != nil {
		options = req.GetInfo().GetOptions()
	}
	pm := packageManager(dir, options)
	bin, err := exec.LookPath(pm)
	if err != nil {
		return status.Errorf(codes.FailedPrecondition, "%s is not on the $PATH: it is needed to install the dependencies of %s", pm, dir)
	}

	cmd := exec.Command(bin, "install")
	cmd.Dir = dir
	cmd.Env = os.Environ()
	if !req.GetIsTerminal() {
		cmd.Env = append(cmd.Env, "NO_COLOR=1", "npm_config_color=false", "npm_config_progress=false")
	}
	send := hostkit.NewStreamSender(func(stdout, stderr []byte) error {
		return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: stdout, Stderr: stderr})
	})
	if err := send.Write(nil, []byte(fmt.Sprintf("Installing dependencies in %s with %s install...\n", dir, pm))); err != nil {
		return err
	}
	code, err := h.RunStreaming(server.Context(), cmd, send)
	if err != nil {
		return status.Errorf(codes.Internal, "%s install in %s could not run: %v", pm, dir, err)
	}
	if code != 0 {
		return status.Errorf(codes.Unknown, "%s install in %s failed with exit code %d", pm, dir, code)
	}
	return send.Write([]byte("Finished installing dependencies\n"), nil)
}
