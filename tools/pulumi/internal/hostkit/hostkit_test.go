package hostkit

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func TestHandshakeKeepsTheEngineAddressUnlessEmpty(t *testing.T) {
	var b Base
	b.SetEngineAddress("127.0.0.1:1")
	if _, err := b.Handshake(context.Background(), &pulumirpc.LanguageHandshakeRequest{}); err != nil {
		t.Fatal(err)
	}
	if got := b.EngineAddress(); got != "127.0.0.1:1" {
		t.Fatalf("an empty handshake replaced the address: %q", got)
	}
	if _, err := b.Handshake(context.Background(), &pulumirpc.LanguageHandshakeRequest{EngineAddress: "127.0.0.1:2"}); err != nil {
		t.Fatal(err)
	}
	if got := b.EngineAddress(); got != "127.0.0.1:2" {
		t.Fatalf("the handshake's address was not kept: %q", got)
	}
}

func TestRunWithStreamsOutputTracksTheChildAndReturnsItsExitCode(t *testing.T) {
	var b Base
	var out, errOut strings.Builder
	var pidsWhileRunning []int
	cmd := exec.Command("sh", "-c", "echo out; echo err >&2; read _; exit 3")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	first := make(chan struct{}, 1)
	code, err := b.RunWith(context.Background(), cmd,
		func(c []byte) {
			out.Write(c)
			select {
			case first <- struct{}{}: // the first chunk: the child is running and tracked
				pidsWhileRunning = b.RunningPids()
				_ = stdin.Close()
			default:
			}
		},
		func(c []byte) { errOut.Write(c) })
	if err != nil {
		t.Fatal(err)
	}
	if code != 3 {
		t.Fatalf("exit code %d, want 3", code)
	}
	if out.String() != "out\n" || errOut.String() != "err\n" {
		t.Fatalf("stdout %q, stderr %q", out.String(), errOut.String())
	}
	if len(pidsWhileRunning) != 1 || pidsWhileRunning[0] != cmd.Process.Pid {
		t.Fatalf("running pids while the child ran: %v, want [%d]", pidsWhileRunning, cmd.Process.Pid)
	}
	if pids := b.RunningPids(); len(pids) != 0 {
		t.Fatalf("the child is still tracked after it exited: %v", pids)
	}
}

func TestRunWithStopsTheChildWhenTheContextEnds(t *testing.T) {
	var b Base
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.Command("sleep", "60")
	done := make(chan struct{})
	var code int
	var err error
	go func() {
		code, err = b.RunWith(ctx, cmd, func([]byte) {}, func([]byte) {})
		close(done)
	}()
	for len(b.RunningPids()) == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the child was not stopped when the context ended")
	}
	if err != nil || code != 128+9 {
		t.Fatalf("code %d, err %v; want 137 (ended by a signal)", code, err)
	}
}

func TestStreamSenderStopsAfterTheFirstError(t *testing.T) {
	calls := 0
	failure := errors.New("stream closed")
	s := NewStreamSender(func(_, _ []byte) error {
		calls++
		return failure
	})
	if err := s.Write([]byte("a"), nil); !errors.Is(err, failure) {
		t.Fatalf("first write: %v", err)
	}
	if err := s.Write(nil, []byte("b")); !errors.Is(err, failure) || calls != 1 {
		t.Fatalf("second write: %v after %d sends; want the first error and no second send", err, calls)
	}
	if !errors.Is(s.Err(), failure) {
		t.Fatalf("Err: %v", s.Err())
	}
}

func TestRunResponse(t *testing.T) {
	exitWith := func(code string) error {
		return exec.Command("sh", "-c", "exit "+code).Run()
	}
	if r := RunResponse(nil, "node"); r.GetError() != "" || r.GetBail() {
		t.Fatalf("success: %v", r)
	}
	if r := RunResponse(exitWith("32"), "node"); !r.GetBail() || r.GetError() != "" {
		t.Fatalf("exit 32 must be a bail: %v", r)
	}
	if r := RunResponse(exitWith("2"), "node"); r.GetError() != "Program exited with non-zero exit code: 2" {
		t.Fatalf("exit 2: %v", r)
	}
	if r := RunResponse(errors.New("boom"), "python3"); r.GetError() != "Problem executing program (could not run python3): boom" {
		t.Fatalf("other error: %v", r)
	}
}

func TestConfigJSONIsNeverNull(t *testing.T) {
	config, keys, err := ConfigJSON(&pulumirpc.RunRequest{})
	if err != nil || string(config) != "{}" || string(keys) != "[]" {
		t.Fatalf("empty request: %s %s %v", config, keys, err)
	}
	config, keys, err = ConfigJSON(&pulumirpc.RunRequest{
		Config: map[string]string{"p:a": "1"}, ConfigSecretKeys: []string{"p:a"},
	})
	if err != nil || string(config) != `{"p:a":"1"}` || string(keys) != `["p:a"]` {
		t.Fatalf("config: %s %s %v", config, keys, err)
	}
}

func TestProgramDirPrefersProgramInfo(t *testing.T) {
	if got := ProgramDir(&pulumirpc.ProgramInfo{ProgramDirectory: "/p"}, "/old"); got != "/p" {
		t.Fatal(got)
	}
	if got := ProgramDir(nil, "/old"); got != "/old" {
		t.Fatal(got)
	}
}
