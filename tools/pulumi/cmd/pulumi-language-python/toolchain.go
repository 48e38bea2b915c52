package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

// pythonOptions are the `runtime.options` of Pulumi.yaml that this host honours.
type pythonOptions struct {
	// toolchain: "pip" (the default). "poetry" and "uv" are not supported by this host.
	toolchain string
	// virtualenv: the virtual environment's directory, relative to the project root (Pulumi.yaml's folder);
	// empty means the Python on PATH.
	virtualenv string
}

func parsePythonOptions(s *structpb.Struct) pythonOptions {
	opts := pythonOptions{toolchain: "pip"}
	if s == nil {
		return opts
	}
	m := s.AsMap()
	if v, ok := m["toolchain"].(string); ok && v != "" {
		opts.toolchain = v
	}
	if v, ok := m["virtualenv"].(string); ok {
		opts.virtualenv = v
	}
	return opts
}

// project is where a request's program lives and how it is to be run.
type project struct {
	root       string // the project root, Pulumi.yaml's folder
	programDir string // the program's folder (root, or `main` when it names a folder)
	opts       pythonOptions
}

func projectOf(info *pulumirpc.ProgramInfo, fallbackDir string) project {
	p := project{root: fallbackDir, programDir: fallbackDir}
	if info == nil {
		p.opts = parsePythonOptions(nil)
		return p
	}
	if info.GetProgramDirectory() != "" {
		p.programDir = info.GetProgramDirectory()
	}
	p.root = info.GetRootDirectory()
	if p.root == "" {
		p.root = p.programDir
	}
	p.opts = parsePythonOptions(info.GetOptions())
	return p
}

// check refuses toolchains this host does not implement, naming what to do instead.
func (p project) check() error {
	if p.opts.toolchain != "pip" {
		return fmt.Errorf("the Python toolchain %q (runtime.options.toolchain in Pulumi.yaml) is not supported "+
			"by ecs-ops's pulumi-language-python; use `toolchain: pip` with `virtualenv: <dir>` "+
			"(see docs/languages/python.md)", p.opts.toolchain)
	}
	return nil
}

// venvDir is the absolute virtual environment directory, or "" when the project uses the ambient Python.
func (p project) venvDir() string {
	if p.opts.virtualenv == "" {
		return ""
	}
	if filepath.IsAbs(p.opts.virtualenv) {
		return p.opts.virtualenv
	}
	return filepath.Join(p.root, p.opts.virtualenv)
}

// isVirtualEnv reports whether dir holds a virtual environment (a bin/python).
func isVirtualEnv(dir string) bool {
	info, err := os.Stat(filepath.Join(dir, "bin", "python"))
	return err == nil && !info.IsDir()
}

// ambientPython is the Python on PATH: $PULUMI_PYTHON_CMD, else python3, else python.
func ambientPython() (string, error) {
	candidates := []string{"python3", "python"}
	if c := os.Getenv("PULUMI_PYTHON_CMD"); c != "" {
		candidates = []string{c}
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("none of %s is on the $PATH: install Python 3.9 or later", strings.Join(candidates, ", "))
}

// python is the interpreter a project runs with: the virtualenv's when one is configured.
func (p project) python() (string, error) {
	if dir := p.venvDir(); dir != "" {
		if !isVirtualEnv(dir) {
			return "", fmt.Errorf("the 'virtualenv' option in Pulumi.yaml is set to %q, but %s is not a virtual "+
				"environment; run `pulumi install` to create it and install requirements.txt", p.opts.virtualenv, dir)
		}
		return filepath.Join(dir, "bin", "python"), nil
	}
	return ambientPython()
}

// env is the environment of a Python process for the project: the virtualenv activated when there is one.
func (p project) env(base []string) []string {
	dir := p.venvDir()
	if dir == "" {
		return base
	}
	out := make([]string, 0, len(base)+2)
	path := ""
	for _, kv := range base {
		switch {
		case strings.HasPrefix(kv, "PATH="):
			path = strings.TrimPrefix(kv, "PATH=")
		case strings.HasPrefix(kv, "PYTHONHOME="), strings.HasPrefix(kv, "VIRTUAL_ENV="):
		default:
			out = append(out, kv)
		}
	}
	bin := filepath.Join(dir, "bin")
	if path != "" {
		bin += string(os.PathListSeparator) + path
	}
	return append(out, "VIRTUAL_ENV="+dir, "PATH="+bin)
}

// requirementsFile is the project's requirements.txt (program folder first, then the root), or "".
func (p project) requirementsFile() string {
	for _, dir := range []string{p.programDir, p.root} {
		f := filepath.Join(dir, "requirements.txt")
		if _, err := os.Stat(f); err == nil {
			return f
		}
	}
	return ""
}

// install creates the virtualenv (when configured and missing) and pip-installs requirements.txt into it
// (or into the ambient Python when there is no virtualenv), writing progress to out. run starts one command,
// with its output going where the caller wants it, and returns its exit code.
func (p project) install(ctx context.Context, out io.Writer, run func(context.Context, *exec.Cmd) (int, error)) error {
	if err := p.check(); err != nil {
		return err
	}
	step := func(what string, cmd *exec.Cmd) error {
		fmt.Fprintf(out, "%s\n", what)
		code, err := run(ctx, cmd)
		if err != nil {
			return fmt.Errorf("%s: %s could not run: %w", what, strings.Join(cmd.Args, " "), err)
		}
		if code != 0 {
			return fmt.Errorf("%s: %s failed with exit code %d", what, strings.Join(cmd.Args, " "), code)
		}
		return nil
	}
	if dir := p.venvDir(); dir != "" && !isVirtualEnv(dir) {
		base, err := ambientPython()
		if err != nil {
			return err
		}
		cmd := exec.Command(base, "-m", "venv", dir)
		cmd.Dir = p.root
		if err := step(fmt.Sprintf("Creating virtual environment %s...", dir), cmd); err != nil {
			return err
		}
	}
	req := p.requirementsFile()
	if req == "" {
		fmt.Fprintf(out, "No requirements.txt in %s: nothing to install\n", p.programDir)
		return nil
	}
	py, err := p.python()
	if err != nil {
		return err
	}
	cmd := exec.Command(py, "-m", "pip", "install", "--disable-pip-version-check", "-r", filepath.Base(req))
	cmd.Dir = filepath.Dir(req) // relative paths in requirements.txt are relative to it
	cmd.Env = append(p.env(os.Environ()), "PIP_NO_INPUT=1")
	if err := step(fmt.Sprintf("Installing dependencies from %s...", req), cmd); err != nil {
		return err
	}
	fmt.Fprintln(out, "Finished installing dependencies")
	return nil
}
