// pulumi-resource-pulumi-nodejs for ecs-ops: the plugin the Pulumi engine starts for Node.js dynamic
// providers.
//
// The engine runs it with cwd = the Pulumi project directory, its own flags, and its gRPC address as the last
// argument. It runs the SDK's dynamic-provider server, `node <@pulumi/pulumi>/cmd/dynamic-provider <args>`,
// from the @pulumi/pulumi that the project itself resolves, so the provider and the program share one SDK
// (and serialized `require`s resolve from here). stdin, stdout (the port line) and stderr pass through.
//
// Unlike the SDK's server alone, it exits when the engine goes away without stopping it (a SIGKILL of the
// CLI): the provider gets a SIGTERM, then the whole process group is killed (see internal/enginewatch).
// SIGINT and SIGTERM sent to this process are passed on to node. `pulumi import` of a dynamic resource is
// answered by import-guard.js (run before the server) with what to write instead.
package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"ecs-ops.local/tools/pulumi/internal/enginewatch"
)

const orphanGrace = 3 * time.Second

// importGuard answers `pulumi import` of a dynamic resource before the SDK's server fails on it (see the file).
//
//go:embed import-guard.js
var importGuard string

func main() {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		fail("could not find node on the $PATH: %v", err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		fail("%v", err)
	}
	script := filepath.Join(cwd, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js")
	if _, err := os.Stat(script); err != nil {
		out, rerr := exec.Command(nodeBin, "-e",
			`process.stdout.write(require.resolve("@pulumi/pulumi/cmd/dynamic-provider", {paths: [process.cwd()]}))`).Output()
		if rerr != nil {
			fail("cannot resolve @pulumi/pulumi/cmd/dynamic-provider from %s (npm install?)", cwd)
		}
		script = strings.TrimSpace(string(out))
	}

	args := os.Args[1:]
	cmd := exec.Command(nodeBin, append([]string{"-e", importGuard, "--", script}, args...)...)
	cmd.Stdin = os.Stdin
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		fail("could not start node: %v", err)
	}
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()

	exited := make(chan struct{})
	engineAddress := ""
	if len(args) > 0 && !strings.HasPrefix(args[len(args)-1], "-") {
		engineAddress = args[len(args)-1]
	}
	enginewatch.Watch(context.Background(), engineAddress, func(reason string) {
		fmt.Fprintf(os.Stderr, "pulumi-resource-pulumi-nodejs: %s; stopping the dynamic provider\n", reason)
		enginewatch.Terminate([]int{cmd.Process.Pid}, orphanGrace, func() bool {
			select {
			case <-exited:
				return true
			default:
				return false
			}
		})
	})

	err = cmd.Wait()
	close(exited)
	if err == nil {
		os.Exit(0)
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			os.Exit(128 + int(ws.Signal()))
		}
		os.Exit(exitErr.ExitCode())
	}
	fail("%v", err)
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "pulumi-resource-pulumi-nodejs: "+format+"\n", a...)
	os.Exit(1)
}
