package hostkit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// ExitAfterReportedError is the exit code of a program whose SDK has already shown the error to the user
// (the Node.js SDK's cmd/run, our Python entry script, the Go SDK's constant.ExitStatusLoggedError).
const ExitAfterReportedError = 32

// stopGrace is how long StopProcess waits after the SIGTERM before it kills the child.
const stopGrace = 3 * time.Second

// StopProcess asks a child to stop (SIGTERM), and kills it if it is still there a few seconds later.
func StopProcess(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	time.AfterFunc(stopGrace, func() { _ = cmd.Process.Kill() })
}

// StreamSender serializes sends on one gRPC stream (a stream must not be written from two goroutines) and
// remembers the first error: after it, nothing more is sent.
type StreamSender struct {
	mu   sync.Mutex
	send func(stdout, stderr []byte) error
	err  error
}

// NewStreamSender is a StreamSender that sends with send (one stream message with stdout and stderr).
func NewStreamSender(send func(stdout, stderr []byte) error) *StreamSender {
	return &StreamSender{send: send}
}

// Write sends stdout and stderr (either may be nil), unless an earlier send failed; it returns the first
// error of the stream.
func (s *StreamSender) Write(stdout, stderr []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.err = s.send(stdout, stderr)
	return s.err
}

// Err is the first error of the stream, nil when every send succeeded.
func (s *StreamSender) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// RunStreaming starts cmd with its stdout/stderr streamed through send, stops it (SIGTERM, then SIGKILL)
// if ctx ends first, and returns its exit code once both streams are drained.
func (b *Base) RunStreaming(ctx context.Context, cmd *exec.Cmd, send *StreamSender) (int, error) {
	return b.RunWith(ctx, cmd, func(chunk []byte) { _ = send.Write(chunk, nil) }, func(chunk []byte) { _ = send.Write(nil, chunk) })
}

// RunWith starts cmd (tracked while it runs), passes every chunk of its stdout and stderr to onOut/onErr,
// stops it (SIGTERM, then SIGKILL) if ctx ends first, and returns its exit code once both streams are
// drained (128+9 when a signal ended it). The error is for a child that could not start or be waited for.
func (b *Base) RunWith(ctx context.Context, cmd *exec.Cmd, onOut, onErr func([]byte)) (int, error) {
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
	b.Track(cmd)
	defer b.Untrack(cmd)

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
			StopProcess(cmd)
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

// RunProgram starts the program cmd (its output set up by the caller), tracks it while it runs, interrupts
// it (SIGINT) if the engine gives up on the call (ctx ends), and waits for it. startErr is set when it could
// not start; waitErr is cmd.Wait's answer otherwise.
func (b *Base) RunProgram(ctx context.Context, cmd *exec.Cmd) (startErr, waitErr error) {
	if err := cmd.Start(); err != nil {
		return err, nil
	}
	b.Track(cmd)
	stop := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			if cmd.Process != nil {
				_ = cmd.Process.Signal(os.Interrupt)
			}
		case <-stop:
		}
	}()
	waitErr = cmd.Wait()
	close(stop)
	b.Untrack(cmd)
	return nil, waitErr
}

// RunResponse turns a program's end (waitErr from RunProgram) into the engine's answer: exit
// ExitAfterReportedError is a bail, other failures name the exit code or signal; runner names what ran the
// program (node, the python executable) when it could not be waited for.
func RunResponse(waitErr error, runner string) *pulumirpc.RunResponse {
	if waitErr == nil {
		return &pulumirpc.RunResponse{}
	}
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok {
			switch {
			case ws.Exited() && ws.ExitStatus() == ExitAfterReportedError:
				return &pulumirpc.RunResponse{Bail: true}
			case ws.Exited():
				return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", ws.ExitStatus())}
			case ws.Signaled():
				return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited due to signal: %v", ws.Signal())}
			}
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited unexpectedly: %v", exitErr)}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run %s): %v", runner, waitErr)}
}

// ConfigJSON is the stack's configuration and the list of its secret keys as the SDKs read them from
// PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS: JSON objects/arrays, `{}` and `[]` when there are none.
func ConfigJSON(req *pulumirpc.RunRequest) (config, secretKeys []byte, err error) {
	configMap := req.GetConfig()
	if configMap == nil {
		configMap = map[string]string{}
	}
	if config, err = json.Marshal(configMap); err != nil {
		return nil, nil, fmt.Errorf("serializing config: %w", err)
	}
	keys := req.GetConfigSecretKeys()
	if keys == nil {
		keys = []string{}
	}
	if secretKeys, err = json.Marshal(keys); err != nil {
		return nil, nil, fmt.Errorf("serializing secret config keys: %w", err)
	}
	return config, secretKeys, nil
}
