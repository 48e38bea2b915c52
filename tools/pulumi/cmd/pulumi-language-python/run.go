package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// execScript is the entry script the project's Python runs (see exec.py).
//
//go:embed exec.py
var execScript []byte

// Run runs the program: exec.py with the project's Python (the virtualenv's, created first by an install
// when it is configured but missing, as the official host does), the engine's settings as flags and the
// stack config in PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS.
func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	pwd := req.GetPwd()
	p := projectOf(info, pwd)
	if pwd == "" {
		pwd = p.programDir
	}
	if err := p.check(); err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	// `main` in Pulumi.yaml: a folder (its __main__.py) or a file; "." or nothing is the program folder.
	program := p.programDir
	entry := req.GetProgram() //nolint:staticcheck // fallback for engines that do not send Info
	if info != nil {
		entry = info.GetEntryPoint()
	}
	if entry != "" && entry != "." {
		program = entry
		if !filepath.IsAbs(program) {
			program = filepath.Join(p.programDir, program)
		}
	}

	if dir := p.venvDir(); dir != "" && !isVirtualEnv(dir) {
		toStderr := func(chunk []byte) { _, _ = os.Stderr.Write(chunk) }
		run := func(ctx context.Context, cmd *exec.Cmd) (int, error) { return h.runWith(ctx, cmd, toStderr, toStderr) }
		if err := p.install(ctx, writerFunc(toStderr), run); err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
	}
	python, err := p.python()
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	scriptDir, err := os.MkdirTemp("", "pulumi-language-python-")
	if err != nil {
		return nil, status.Errorf(codes.Internal, "creating a temporary directory for the entry script: %v", err)
	}
	defer os.RemoveAll(scriptDir)
	script := filepath.Join(scriptDir, "pulumi_language_python_exec.py")
	if err := os.WriteFile(script, execScript, 0o600); err != nil {
		return nil, status.Errorf(codes.Internal, "writing the entry script: %v", err)
	}

	h.mu.Lock()
	engineAddress := h.engineAddress
	h.mu.Unlock()

	args := []string{"-u", script}
	add := func(flagName, value string) {
		if value != "" {
			args = append(args, "--"+flagName, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("stack", req.GetStack())
	add("root-directory", p.root)
	add("pwd", pwd)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		add("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	add("tracing", h.tracing)
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	configJSON, err := json.Marshal(nonNilMap(req.GetConfig()))
	if err != nil {
		return nil, status.Errorf(codes.Internal, "serializing config: %v", err)
	}
	secretKeysJSON, err := json.Marshal(nonNilSlice(req.GetConfigSecretKeys()))
	if err != nil {
		return nil, status.Errorf(codes.Internal, "serializing secret config keys: %v", err)
	}

	cmd := exec.Command(python, args...)
	cmd.Dir = pwd
	cmd.Env = append(p.env(os.Environ()),
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
		"PYTHONUNBUFFERED=1",
	)
	// The engine turns our stdout/stderr (after the port line) into diagnostics; the program's output goes
	// the same way.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr

	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("problem executing program (could not start %s): %v", python, err)}, nil
	}
	h.track(cmd)

	// If the engine gives up on the call, stop the program too.
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
	waitErr := cmd.Wait()
	close(stop)
	h.untrack(cmd)

	if waitErr == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok {
			switch {
			case ws.Exited() && ws.ExitStatus() == exitAfterReportedError:
				return &pulumirpc.RunResponse{Bail: true}, nil
			case ws.Exited():
				return &pulumirpc.RunResponse{
					Error: fmt.Sprintf("Program exited with non-zero exit code: %d", ws.ExitStatus()),
				}, nil
			case ws.Signaled():
				return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited due to signal: %v", ws.Signal())}, nil
			}
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited unexpectedly: %v", exitErr)}, nil
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run %s): %v", python, waitErr)}, nil
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func nonNilSlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
