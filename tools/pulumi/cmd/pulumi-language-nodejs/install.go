package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"
)

// programDirOf is the program directory of a request: ProgramInfo first, then the deprecated field.
func programDirOf(info *pulumirpc.ProgramInfo, fallback string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	return fallback
}

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
	dir := programDirOf(req.GetInfo(), req.GetDirectory()) //nolint:staticcheck // fallback for old engines
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
	send := &streamSender{send: func(stdout, stderr []byte) error {
		return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: stdout, Stderr: stderr})
	}}
	if err := send.write(nil, []byte(fmt.Sprintf("Installing dependencies in %s with %s install...\n", dir, pm))); err != nil {
		return err
	}
	code, err := h.runStreaming(server.Context(), cmd, send)
	if err != nil {
		return status.Errorf(codes.Internal, "%s install in %s could not run: %v", pm, dir, err)
	}
	if code != 0 {
		return status.Errorf(codes.Unknown, "%s install in %s failed with exit code %d", pm, dir, code)
	}
	return send.write([]byte("Finished installing dependencies\n"), nil)
}

// RuntimeOptionsPrompts: `pulumi new` asks nothing more for Node.js projects (the package manager is taken
// from Pulumi.yaml or the lock file).
func (h *languageHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// Template: a Node.js template needs no rewriting after `pulumi new` has copied it.
func (h *languageHost) Template(context.Context, *pulumirpc.TemplateRequest) (*pulumirpc.TemplateResponse, error) {
	return &pulumirpc.TemplateResponse{}, nil
}

// streamSender serializes sends on one gRPC stream (a stream must not be written from two goroutines).
type streamSender struct {
	mu   sync.Mutex
	send func(stdout, stderr []byte) error
	err  error
}

func (s *streamSender) write(stdout, stderr []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.err = s.send(stdout, stderr)
	return s.err
}

// runStreaming starts cmd with its stdout/stderr streamed through send, stops it (SIGTERM, then SIGKILL)
// if ctx ends first, and returns its exit code once both streams are drained.
func (h *languageHost) runStreaming(ctx context.Context, cmd *exec.Cmd, send *streamSender) (int, error) {
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return -1, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return -1, err
	}
	if err := cmd.Start(); err != nil {
		return -1, err
	}
	h.track(cmd)
	defer h.untrack(cmd)

	var drained sync.WaitGroup
	pump := func(r io.Reader, isErr bool) {
		defer drained.Done()
		buf := make([]byte, 32*1024)
		for {
			n, rerr := r.Read(buf)
			if n > 0 {
				chunk := append([]byte(nil), buf[:n]...)
				if isErr {
					_ = send.write(nil, chunk)
				} else {
					_ = send.write(chunk, nil)
				}
			}
			if rerr != nil {
				return
			}
		}
	}
	drained.Add(2)
	go pump(stdout, false)
	go pump(stderr, true)

	stop := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			stopProcess(cmd)
		case <-stop:
		}
	}()
	drained.Wait()
	waitErr := cmd.Wait()
	close(stop)
	if waitErr == nil {
		return 0, nil
	}
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		if code := exitErr.ExitCode(); code >= 0 {
			return code, nil
		}
		return 128 + 9, nil // killed by a signal
	}
	return -1, waitErr
}
