package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/baklint/baklint/internal/fakeblob"
)

// roleEnv makes the bench binary a child: a fakeblob server, or the lint
// measurement. Children die with their parent (stdin closes).
const roleEnv = "BAKLINT_BENCH_ROLE"

func child(role string) int {
	switch role {
	case "fakeblob":
		return serveFake()
	case "lint":
		return lintChild()
	}
	fmt.Fprintf(os.Stderr, "bench: unknown role %q\n", role)
	return 2
}

type fakeSpec struct {
	NS    fakeblob.Namespace
	Model fakeblob.Model
	Arrow bool // the account answers listings in Apache Arrow
}

func serveFake() int {
	var spec fakeSpec
	if err := json.Unmarshal([]byte(os.Getenv("BAKLINT_BENCH_SPEC")), &spec); err != nil {
		fmt.Fprintf(os.Stderr, "bench: fakeblob spec: %v\n", err)
		return 2
	}
	s, err := fakeblob.Start(spec.NS, fakeblob.Options{Model: spec.Model, Arrow: spec.Arrow})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(s.Endpoint())
	_, _ = io.Copy(io.Discard, os.Stdin) // until the parent goes
	_ = s.Close()
	return 0
}

// childProc is a running child bench process.
type childProc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
}

func startChild(role string, spec any) (*childProc, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(spec)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), roleEnv+"="+role, "BAKLINT_BENCH_SPEC="+string(b))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &childProc{cmd: cmd, stdin: stdin, out: bufio.NewReader(stdout)}, nil
}

func (c *childProc) line() (string, error) {
	s, err := c.out.ReadString('\n')
	return strings.TrimSpace(s), err
}

// stop closes the child's stdin and waits for it.
func (c *childProc) stop() {
	_ = c.stdin.Close()
	_ = c.cmd.Wait()
}

// startFake runs a fakeblob server in a child process, so its CPU is not
// counted as the client's.
func startFake(ns fakeblob.Namespace, m fakeblob.Model) (endpoint string, c *childProc, err error) {
	return startFakeSpec(fakeSpec{NS: ns, Model: m})
}

func startFakeSpec(spec fakeSpec) (endpoint string, c *childProc, err error) {
	c, err = startChild("fakeblob", spec)
	if err != nil {
		return "", nil, err
	}
	ep, err := c.line()
	if err != nil || !strings.HasPrefix(ep, "http://127.0.0.1:") {
		c.stop()
		return "", nil, fmt.Errorf("fakeblob child did not start (%q): %w", ep, err)
	}
	return ep, c, nil
}

// cpu is the CPU time the child has used (utime + stime of
// /proc/PID/stat, in clock ticks of 10 ms).
func (c *childProc) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", c.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * 10 * time.Millisecond
}
