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
	case "run":
		return runChild()
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

// A child's peak RSS (ru_maxrss) is folded, when it execs, with the peak of
// the memory it was started from: Go starts children with CLONE_VM, so a
// command started by the bench process reports at least the bench's own
// peak (267 MB for a 20,000-blob listing once, the bench's size at the
// time). So each measured command is started by a small runner process, a
// fresh bench binary in the "run" role, whose own few MiB are the floor of
// what it reports.

// usage is what the runner reports of the command it ran, on fd 3.
type usage struct {
	Wall, CPU time.Duration
	RSS       int64
}

// runChild runs the command in BAKLINT_BENCH_SPEC (a JSON argv) with this
// process's standard streams, reports its usage on fd 3 and exits with its
// exit code.
func runChild() int {
	var argv []string
	if err := json.Unmarshal([]byte(os.Getenv("BAKLINT_BENCH_SPEC")), &argv); err != nil || len(argv) == 0 {
		fmt.Fprintf(os.Stderr, "bench: run spec: %v\n", err)
		return 2
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = withoutBenchRole(os.Environ())
	t0 := time.Now()
	err := cmd.Run()
	u := usage{Wall: time.Since(t0)}
	if cmd.ProcessState != nil {
		u.CPU, u.RSS = childUsage(cmd.ProcessState)
	}
	report := os.NewFile(3, "usage")
	_ = json.NewEncoder(report).Encode(u)
	_ = report.Close()
	if cmd.ProcessState != nil {
		return cmd.ProcessState.ExitCode()
	}
	fmt.Fprintln(os.Stderr, err)
	return 1
}

func withoutBenchRole(env []string) []string {
	out := env[:0:0]
	for _, e := range env {
		if !strings.HasPrefix(e, roleEnv+"=") && !strings.HasPrefix(e, "BAKLINT_BENCH_SPEC=") {
			out = append(out, e)
		}
	}
	return out
}

// measured runs cmd through a runner (see runChild) and returns its usage;
// cmd's streams and environment are kept, its exit status is the error.
func measured(cmd *exec.Cmd) (usage, error) {
	self, err := os.Executable()
	if err != nil {
		return usage{}, err
	}
	spec, err := json.Marshal(cmd.Args)
	if err != nil {
		return usage{}, err
	}
	env := cmd.Env
	if env == nil {
		env = os.Environ()
	}
	r, w, err := os.Pipe()
	if err != nil {
		return usage{}, err
	}
	defer r.Close()
	runner := exec.Command(self)
	runner.Env = append(env, roleEnv+"=run", "BAKLINT_BENCH_SPEC="+string(spec))
	runner.Stdin, runner.Stdout, runner.Stderr = cmd.Stdin, cmd.Stdout, cmd.Stderr
	runner.ExtraFiles = []*os.File{w}
	if err := runner.Start(); err != nil {
		w.Close()
		return usage{}, err
	}
	w.Close()
	var u usage
	decErr := json.NewDecoder(r).Decode(&u)
	err = runner.Wait()
	if decErr != nil && err == nil {
		err = fmt.Errorf("runner reported no usage: %w", decErr)
	}
	return u, err
}
