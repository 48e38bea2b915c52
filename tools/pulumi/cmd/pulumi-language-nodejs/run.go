package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"ecs-ops.local/tools/pulumi/internal/hostkit"
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

	engineAddress := h.EngineAddress()

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

	configJSON, secretKeysJSON, err := hostkit.ConfigJSON(req)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
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

	startErr, waitErr := h.RunProgram(ctx, cmd)
	if startErr != nil {
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("problem executing program (could not start node): %v", startErr),
		}, nil
	}
	return hostkit.RunResponse(waitErr, "node"), nil
}
