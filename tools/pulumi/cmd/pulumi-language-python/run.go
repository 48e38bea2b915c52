package main

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"ecs-ops.local/tools/pulumi/internal/hostkit"
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
		run := func(ctx context.Context, cmd *exec.Cmd) (int, error) { return h.RunWith(ctx, cmd, toStderr, toStderr) }
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

	engineAddress := h.EngineAddress()

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

	configJSON, secretKeysJSON, err := hostkit.ConfigJSON(req)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
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

	startErr, waitErr := h.RunProgram(ctx, cmd)
	if startErr != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("problem executing program (could not start %s): %v", python, startErr)}, nil
	}
	return hostkit.RunResponse(waitErr, python), nil
}
