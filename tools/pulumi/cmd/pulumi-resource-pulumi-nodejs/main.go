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
// SIGINT and SIGTERM sent to this process are passed on to node. When node dies of a signal that did
// not come through here and is not a stop request (a `kill -9`, the OOM killer, a crash), it says so on stderr, which the engine shows:
// the engine itself reports only "error reading from server: EOF". `pulumi import` of a dynamic resource is
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
	"sync/atomic"
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
	// Whether a signal reached node through us (passed on, or the engine gone): its death is then expected.
	var signalled atomic.Bool
	go func() {
		for s := range signals {
			signalled.Store(true)
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
		signalled.Store(true)
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
			// SIGINT and SIGTERM are how the engine (and enginewatch) stop the provider, also sent to the
			// whole process group at once, so they can beat the flag: never reported.
			if stop := ws.Signal() == syscall.SIGINT || ws.Signal() == syscall.SIGTERM; !stop && !signalled.Load() {
				// The engine only says "error reading from server: EOF": say what happened. The
				// provider cannot report a SIGKILL itself (an OOM kill, `kill -9`, a runner stopping).
				fmt.Fprintf(os.Stderr, "pulumi-resource-pulumi-nodejs: the dynamic provider (node, pid %d) was killed by %s, "+
					"not by the engine; the operations it was running were cut short. "+
					"ecs-ops resources resume them from their records in the cloud on the next `pulumi up` "+
					"(see \"Recovery after a hard stop\" in the ecs-ops README)\n",
					cmd.Process.Pid, signalName(ws.Signal()))
			}
			os.Exit(128 + int(ws.Signal()))
		}
		os.Exit(exitErr.ExitCode())
	}
	fail("%v", err)
}

// signalName is the conventional name of a signal, e.g. SIGKILL.
func signalName(s syscall.Signal) string {
	names := map[syscall.Signal]string{
		syscall.SIGKILL: "SIGKILL", syscall.SIGTERM: "SIGTERM", syscall.SIGINT: "SIGINT", syscall.SIGSEGV: "SIGSEGV",
		syscall.SIGABRT: "SIGABRT", syscall.SIGBUS: "SIGBUS", syscall.SIGHUP: "SIGHUP", syscall.SIGQUIT: "SIGQUIT",
	}
	if n, ok := names[s]; ok {
		return n
	}
	return fmt.Sprintf("signal %d (%s)", int(s), s.String())
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "pulumi-resource-pulumi-nodejs: "+format+"\n", a...)
	os.Exit(1)
}
