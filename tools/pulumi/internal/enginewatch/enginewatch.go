// Package enginewatch notices that the Pulumi engine which started a plugin has gone away (for example
// after a SIGKILL of the `pulumi` CLI), so that the plugin and everything it started can exit instead of
// living on as orphans.
//
// The engine starts every plugin as a direct child, in a process group of its own, and passes its gRPC
// address as the last argument. Two signals say the engine is gone:
//   - the parent process changed (the engine died and the plugin was re-parented), checked every interval;
//   - the engine's address refuses connections on several consecutive health checks (gRPC Unavailable).
//
// Other health-check errors (an engine that is merely slow, or does not implement the health service)
// are not taken as the engine being gone.
package enginewatch

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// Interval between two checks.
const Interval = time.Second

// unavailableLimit is how many consecutive refused health checks mean the engine is gone.
const unavailableLimit = 3

// Watch checks in the background until ctx ends, and calls gone once, with the reason, when the engine is
// gone. engineAddress may be empty (then only the parent process is watched).
//
// It also keeps a write to a closed stdout/stderr (the engine held the other end) from killing the process
// with SIGPIPE before gone has stopped the children: such writes fail with EPIPE instead.
func Watch(ctx context.Context, engineAddress string, gone func(reason string)) {
	pipes := make(chan os.Signal, 1)
	signal.Notify(pipes, syscall.SIGPIPE) // handled, not ignored: children still get the default disposition
	go func() {
		for range pipes {
		}
	}()
	parent := os.Getppid()
	var health healthpb.HealthClient
	if engineAddress != "" {
		conn, err := grpc.NewClient(engineAddress, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err == nil {
			health = healthpb.NewHealthClient(conn)
			go func() {
				<-ctx.Done()
				_ = conn.Close()
			}()
		}
	}
	go func() {
		ticker := time.NewTicker(Interval)
		defer ticker.Stop()
		refused := 0
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
			if now := os.Getppid(); now != parent {
				gone(fmt.Sprintf("the engine (process %d) exited", parent))
				return
			}
			if health == nil {
				continue
			}
			checkCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
			_, err := health.Check(checkCtx, &healthpb.HealthCheckRequest{})
			cancel()
			if err != nil && status.Code(err) == codes.Unavailable && ctx.Err() == nil {
				refused++
				if refused >= unavailableLimit {
					gone(fmt.Sprintf("the engine at %s refuses connections", engineAddress))
					return
				}
			} else {
				refused = 0
			}
		}
	}()
}

// KillOwnGroup sends SIGKILL to the calling process's group when the process leads it (as every plugin that
// the engine starts does), ending the children it started with it. Otherwise it only exits.
func KillOwnGroup(code int) {
	if syscall.Getpgrp() == os.Getpid() {
		_ = syscall.Kill(0, syscall.SIGKILL)
	}
	os.Exit(code)
}

// Terminate asks the given processes to stop (SIGTERM), waits up to grace for them to exit (done reports
// whether all have), then ends the whole process group.
func Terminate(pids []int, grace time.Duration, done func() bool) {
	for _, pid := range pids {
		_ = syscall.Kill(pid, syscall.SIGTERM)
	}
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) && !done() {
		time.Sleep(50 * time.Millisecond)
	}
	KillOwnGroup(1)
}
