package main

import (
	"context"
	"os/exec"

	"ecs-ops.local/tools/pulumi/internal/hostkit"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// InstallDependencies creates the project's virtualenv when it is configured and missing, then runs
// `pip install -r requirements.txt` in it, streaming the output to the engine: `pulumi install`,
// `pulumi new`.
func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	p := projectOf(req.GetInfo(), req.GetDirectory()) //nolint:staticcheck // fallback for old engines
	if p.programDir == "" {
		return status.Error(codes.InvalidArgument, "InstallDependencies: no program directory given")
	}
	send := hostkit.NewStreamSender(func(stdout, stderr []byte) error {
		return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: stdout, Stderr: stderr})
	})
	out := writerFunc(func(b []byte) { _ = send.Write(append([]byte(nil), b...), nil) })
	run := func(ctx context.Context, cmd *exec.Cmd) (int, error) { return h.RunStreaming(ctx, cmd, send) }
	if err := p.install(server.Context(), out, run); err != nil {
		return status.Error(codes.Unknown, err.Error())
	}
	return send.Err()
}

// writerFunc is an io.Writer calling f with every write.
type writerFunc func([]byte)

func (f writerFunc) Write(b []byte) (int, error) {
	f(b)
	return len(b), nil
}
