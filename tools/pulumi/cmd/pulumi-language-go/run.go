package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"ecs-ops.local/tools/pulumi/internal/hostkit"
	"github.com/pulumi/pulumi/sdk/v3/go/common/constant"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/structpb"
)

// How often a long `go build` reports that it is still going.
const buildProgressEvery = 20 * time.Second

// programOptions are the `runtime.options` of Pulumi.yaml that matter to running a Go program.
type programOptions struct {
	// binary: run this prebuilt executable (a path, or a name on PATH) instead of building.
	binary string
	// buildTarget: where `go build` writes the program (kept); default a temporary file.
	buildTarget string
}

func parseOptions(s *structpb.Struct) (programOptions, error) {
	var opts programOptions
	if s == nil {
		return opts, nil
	}
	m := s.AsMap()
	for key, dst := range map[string]*string{"binary": &opts.binary, "buildTarget": &opts.buildTarget} {
		if v, ok := m[key]; ok {
			str, isString := v.(string)
			if !isString {
				return opts, fmt.Errorf("runtime option %q must be a string", key)
			}
			*dst = str
		}
	}
	if opts.binary != "" && opts.buildTarget != "" {
		return opts, errors.New("runtime options `binary` and `buildTarget` cannot both be set")
	}
	return opts, nil
}

// engineLog sends ephemeral progress lines to the engine (shown while the CLI runs, not kept).
type engineLog struct {
	client pulumirpc.EngineClient
	close  func()
}

func (h *languageHost) dialEngine() *engineLog {
	address := h.EngineAddress()
	if address == "" {
		return &engineLog{close: func() {}}
	}
	conn, err := grpc.NewClient(address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return &engineLog{close: func() {}}
	}
	return &engineLog{client: pulumirpc.NewEngineClient(conn), close: func() { _ = conn.Close() }}
}

func (l *engineLog) info(ctx context.Context, msg string) {
	if l.client == nil {
		return
	}
	_, _ = l.client.Log(ctx, &pulumirpc.LogRequest{Severity: pulumirpc.LogSeverity_INFO, Message: msg, Ephemeral: true})
}

// buildProgram runs `go build -o <out>` in the program directory. A failed build is returned with the
// compiler's output, so that the user sees which file and line.
func (h *languageHost) buildProgram(ctx context.Context, log *engineLog, dir, out string) error {
	if matches, _ := filepath.Glob(filepath.Join(dir, "*.go")); len(matches) == 0 {
		return fmt.Errorf("no Go files in %s: a Go Pulumi program is a main package there", dir)
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("could not find `go` on the $PATH, needed to build the program in %s: %w", dir, err)
	}
	log.info(ctx, "Compiling the Go program ...")
	var output bytes.Buffer
	// -trimpath keeps file system paths out of the build, so the build cache serves the same packages
	// (the generated SDK, say) to copies of a program in other directories.
	cmd := exec.Command(gobin, "build", "-buildvcs=false", "-trimpath", "-o", out, ".")
	cmd.Dir = dir
	cmd.Env = os.Environ()
	cmd.Stdout = &output
	cmd.Stderr = &output
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not start `go build` in %s: %w", dir, err)
	}
	h.Track(cmd)
	defer h.Untrack(cmd)

	done := make(chan struct{})
	started := time.Now()
	go func() {
		ticker := time.NewTicker(buildProgressEvery)
		defer ticker.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				hostkit.StopProcess(cmd)
				return
			case <-ticker.C:
				log.info(ctx, fmt.Sprintf("Compiling the Go program ... %ds (a first build compiles the Pulumi Go SDK)",
					int(time.Since(started).Seconds())))
			}
		}
	}()
	err = cmd.Wait()
	close(done)
	if err != nil {
		return fmt.Errorf("`go build` failed in %s:\n%s", dir, strings.TrimSpace(output.String()))
	}
	log.info(ctx, fmt.Sprintf("Compiled the Go program in %.1fs", time.Since(started).Seconds()))
	return nil
}

// programEnv is the environment of the program: ours, plus what the Go SDK's pulumi.Run reads (see the
// Env* constants in sdk/v3/go/pulumi/run.go).
func (h *languageHost) programEnv(req *pulumirpc.RunRequest) ([]string, error) {
	configJSON, secretKeysJSON, err := hostkit.ConfigJSON(req)
	if err != nil {
		return nil, err
	}
	env := os.Environ()
	set := func(key, value string) {
		if value != "" {
			env = append(env, key+"="+value)
		}
	}
	set(pulumi.EnvOrganization, req.GetOrganization())
	set(pulumi.EnvProject, req.GetProject())
	set(pulumi.EnvPulumiRootDirectory, req.GetInfo().GetRootDirectory())
	set(pulumi.EnvStack, req.GetStack())
	set(pulumi.EnvConfig, string(configJSON))
	set(pulumi.EnvConfigSecretKeys, string(secretKeysJSON))
	set(pulumi.EnvDryRun, strconv.FormatBool(req.GetDryRun()))
	set(pulumi.EnvParallel, strconv.Itoa(int(req.GetParallel())))
	set(pulumi.EnvMonitor, req.GetMonitorAddress())
	set(pulumi.EnvEngine, h.EngineAddress())
	return env, nil
}

// Run builds the program (unless the `binary` option names a prebuilt one) and runs it.
func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir := info.GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	pwd := req.GetPwd()
	if pwd == "" {
		pwd = programDir
	}
	opts, err := parseOptions(info.GetOptions())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	env, err := h.programEnv(req)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	var program string
	switch {
	case opts.binary != "":
		program = opts.binary
		if !filepath.IsAbs(program) && strings.ContainsRune(program, filepath.Separator) {
			program = filepath.Join(programDir, program)
		}
		if program, err = exec.LookPath(program); err != nil {
			return failed(fmt.Sprintf("the `binary` runtime option: %v", err)), nil
		}
	default:
		program = opts.buildTarget
		if program == "" {
			tmp, err := os.MkdirTemp("", "pulumi-go-program-")
			if err != nil {
				return failed(fmt.Sprintf("could not create a directory for the program: %v", err)), nil
			}
			defer os.RemoveAll(tmp)
			program = filepath.Join(tmp, "program")
		} else if !filepath.IsAbs(program) {
			program = filepath.Join(programDir, program)
		}
		log := h.dialEngine()
		err := h.buildProgram(ctx, log, programDir, program)
		log.close()
		if err != nil {
			return failed(err.Error()), nil
		}
	}

	cmd := exec.Command(program, req.GetArgs()...)
	cmd.Dir = pwd
	cmd.Env = env
	// The engine turns our stdout/stderr into diagnostics; the program's output goes the same way.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	startErr, waitErr := h.RunProgram(ctx, cmd)
	if startErr != nil {
		return failed(fmt.Sprintf("could not start the program %s: %v", program, startErr)), nil
	}
	return runResponse(waitErr), nil
}

// failed is the answer to a Run that stopped before the program ran (the engine shows the message).
func failed(message string) *pulumirpc.RunResponse {
	return &pulumirpc.RunResponse{Error: message}
}

// runResponse turns the program's end into the engine's answer: exit 32 (the SDK has already reported
// the error to the engine) is a bail, other failures name the exit code or signal.
func runResponse(waitErr error) *pulumirpc.RunResponse {
	if waitErr == nil {
		return &pulumirpc.RunResponse{}
	}
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok {
			switch {
			case ws.Exited() && ws.ExitStatus() == constant.ExitStatusLoggedError:
				return &pulumirpc.RunResponse{Bail: true}
			case ws.Exited():
				return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited with non-zero exit code: %d", ws.ExitStatus())}
			case ws.Signaled():
				return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited due to signal: %v", ws.Signal())}
			}
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited unexpectedly: %v", exitErr)}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("problem running the program: %v", waitErr)}
}
