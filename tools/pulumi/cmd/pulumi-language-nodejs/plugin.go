package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"ecs-ops.local/tools/pulumi/internal/hostkit"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// RunPlugin runs a plugin written in Node.js from its directory (the one holding PulumiPlugin.yaml or
// PulumiPolicy.yaml), streaming its output to the engine and ending with its exit code:
//
//   - kind "analyzer" (a policy pack, `--policy-pack <dir>`):
//     `node <@pulumi/pulumi>/cmd/run-policy-pack <args> .` in the pack's directory, with @pulumi/pulumi
//     resolved from there (so the pack's own @pulumi/policy and SDK are used). The engine passes its address
//     in args; the pack prints its gRPC port first.
//   - any other kind (resource, tool, converter): `node <@pulumi/pulumi>/cmd/run-plugin <dir> <args>`.
//
// The plugin stops (SIGTERM, then SIGKILL) when the engine ends the call.
func (h *languageHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	dir := hostkit.ProgramDir(req.GetInfo(), req.GetPwd())
	if dir == "" {
		return status.Error(codes.InvalidArgument, "RunPlugin: no plugin directory given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return status.Errorf(codes.InvalidArgument, "RunPlugin: %v", err)
	}
	dir = abs

	var args []string
	switch req.GetKind() {
	case "analyzer":
		script, err := h.resolveModule(dir, "@pulumi/pulumi/cmd/run-policy-pack")
		if err != nil {
			return status.Errorf(codes.FailedPrecondition,
				"the policy pack in %s cannot run: %v", dir, err)
		}
		args = append(append([]string{script}, req.GetArgs()...), ".")
	default:
		script, err := h.resolveModule(dir, "@pulumi/pulumi/cmd/run-plugin")
		if err != nil {
			return status.Errorf(codes.FailedPrecondition, "the %s plugin in %s cannot run: %v", req.GetKind(), dir, err)
		}
		args = append([]string{script, dir}, req.GetArgs()...)
	}

	env := req.GetEnv()
	if len(env) == 0 {
		env = os.Environ()
	}
	opts := parseOptions(req.GetInfo().GetOptions())
	env = append(append([]string{}, env...), "PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(opts.typescript))
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}

	cmd := exec.Command(h.nodeBin, append(append([]string{}, opts.nodeargs...), args...)...)
	cmd.Dir = dir
	cmd.Env = env
	send := hostkit.NewStreamSender(func(stdout, stderr []byte) error {
		msg := &pulumirpc.RunPluginResponse{}
		if stdout != nil {
			msg.Output = &pulumirpc.RunPluginResponse_Stdout{Stdout: stdout}
		} else {
			msg.Output = &pulumirpc.RunPluginResponse_Stderr{Stderr: stderr}
		}
		return server.Send(msg)
	})
	code, err := h.RunStreaming(server.Context(), cmd, send)
	if err != nil {
		return status.Errorf(codes.Internal, "could not run the plugin in %s: %v", dir, err)
	}
	if server.Context().Err() != nil {
		return nil // the engine ended the call; nobody reads an exit code
	}
	return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(code)}})
}
