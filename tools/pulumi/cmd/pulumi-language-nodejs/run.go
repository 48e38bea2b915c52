package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"
)

// programOptions are the `runtime.options` of Pulumi.yaml that matter to running a Node.js program.
type programOptions struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func parseOptions(s *structpb.Struct) programOptions {
	opts := programOptions{typescript: true}
	if s == nil {
		return opts
	}
	m := s.AsMap()
	if v, ok := m["typescript"].(bool); ok {
		opts.typescript = v
	}
	if v, ok := m["tsconfig"].(string); ok {
		opts.tsconfig = v
	}
	if v, ok := m["nodeargs"].(string); ok && strings.TrimSpace(v) != "" {
		opts.nodeargs = strings.Fields(v)
	}
	return opts
}

// resolveRunScript finds @pulumi/pulumi/cmd/run the way Node would from the program directory, so the
// program and the runner share the same SDK instance.
func (h *languageHost) resolveRunScript(dir string) (string, error) {
	if p := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); p != "" {
		return p, nil
	}
	return h.resolveModule(dir, "@pulumi/pulumi/cmd/run")
}

// resolveModule resolves a module the way `require` would from dir.
func (h *languageHost) resolveModule(dir, module string) (string, error) {
	cmd := exec.Command(h.nodeBin, "-e",
		`process.stdout.write(require.resolve(process.argv[1], {paths: [process.argv[2]]}))`, module, dir)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("could not resolve %s from %s "+
			"(is @pulumi/pulumi installed there? run `pulumi install` or npm install): %w", module, dir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	pwd := req.GetPwd()
	programDir := pwd
	entry := req.GetProgram() //nolint:staticcheck // fallback for engines that do not send Info
	var rootDir string
	var opts programOptions
	if info != nil {
		if info.GetProgramDirectory() != "" {
			programDir = info.GetProgramDirectory()
		}
		entry = info.GetEntryPoint()
		rootDir = info.GetRootDirectory()
		opts = parseOptions(info.GetOptions())
	} else {
		opts = parseOptions(nil)
	}
	if pwd == "" {
		pwd = programDir
	}

	// The runner resolves a relative program against its --pwd; "." means "use package.json main".
	program := "."
	if entry != "" && entry != "." {
		program = entry
		if !filepath.IsAbs(program) {
			program = filepath.Join(programDir, program)
		}
	} else if filepath.Clean(programDir) != filepath.Clean(pwd) {
		program = programDir
	}

	runScript, err := h.resolveRunScript(programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	h.mu.Lock()
	engineAddress := h.engineAddress
	h.mu.Unlock()

	args := append([]string{}, opts.nodeargs...)
	args = append(args, runScript)
	add := func(flagName, value string) {
		if value != "" {
			args = append(args, "--"+flagName, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", rootDir)
	add("stack", req.GetStack())
	add("pwd", pwd)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.GetParallel())))
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

	env := os.Environ()
	env = append(env,
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
		"PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(opts.typescript),
	)
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}

	cmd := exec.Command(h.nodeBin, args...)
	cmd.Dir = pwd
	cmd.Env = env
	// The engine turns our stdout/stderr (after the port line) into diagnostics; the program's output
	// goes the same way.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr

	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("problem executing program (could not start node): %v", err),
		}, nil
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
				return &pulumirpc.RunResponse{
					Error: fmt.Sprintf("Program exited due to signal: %v", ws.Signal()),
				}, nil
			}
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited unexpectedly: %v", exitErr)}, nil
	}
	return &pulumirpc.RunResponse{
		Error: fmt.Sprintf("Problem executing program (could not run node): %v", waitErr),
	}, nil
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
