package main

import (
	"context"
	"errors"
	"io"
	"os/exec"
	"sync"
	"syscall"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// InstallDependencies creates the project's virtualenv when it is configured and missing, then runs
// `pip install -r requirements.txt` in it, streaming the output to the engine: `pulumi install`,
// `pulumi new`.
func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	p := projectOf(req.GetInfo(), req.GetDirectory()) //nolint:staticcheck // fallback for old engines
	if p.programDir == "" {
		return status.Error(codes.InvalidArgument, "InstallDependencies: no program directory given")
	}
	send := &streamSender{send: func(stdout, stderr []byte) error {
		return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: stdout, Stderr: stderr})
	}}
	out := writerFunc(func(b []byte) { _ = send.write(append([]byte(nil), b...), nil) })
	run := func(ctx context.Context, cmd *exec.Cmd) (int, error) { return h.runStreaming(ctx, cmd, send) }
	if err := p.install(server.Context(), out, run); err != nil {
		return status.Error(codes.Unknown, err.Error())
	}
	return send.err
}

// RuntimeOptionsPrompts: `pulumi new` asks nothing (pip with the project's virtualenv option is assumed).
func (h *languageHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// Template: a Python template needs no rewriting after `pulumi new` has copied it.
func (h *languageHost) Template(context.Context, *pulumirpc.TemplateRequest) (*pulumirpc.TemplateResponse, error) {
	return &pulumirpc.TemplateResponse{}, nil
}

// writerFunc is an io.Writer calling f with every write.
type writerFunc func([]byte)

func (f writerFunc) Write(b []byte) (int, error) {
	f(b)
	return len(b), nil
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
	return h.runWith(ctx, cmd, func(chunk []byte) { _ = send.write(chunk, nil) }, func(chunk []byte) { _ = send.write(nil, chunk) })
}

// runWith starts cmd, passes every chunk of its stdout and stderr to onOut/onErr, stops it (SIGTERM, then
// SIGKILL) if ctx ends first, and returns its exit code once both streams are drained.
func (h *languageHost) runWith(ctx context.Context, cmd *exec.Cmd, onOut, onErr func([]byte)) (int, error) {
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
	pump := func(r io.Reader, on func([]byte)) {
		defer drained.Done()
		buf := make([]byte, 32*1024)
		for {
			n, rerr := r.Read(buf)
			if n > 0 {
				on(append([]byte(nil), buf[:n]...))
			}
			if rerr != nil {
				return
			}
		}
	}
	drained.Add(2)
	go pump(stdout, onOut)
	go pump(stderr, onErr)

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

// stopProcess asks cmd to stop (SIGTERM) and kills it 3 s later if it has not.
func stopProcess(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	time.AfterFunc(3*time.Second, func() { _ = cmd.Process.Kill() })
}
