package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run kfc in-process as the `kfc` command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"kfc": func() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs testdata/script/*.txtar. KFC_UPDATE=1 rewrites the
// expected output in place after a deliberate change.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		UpdateScripts:       os.Getenv("KFC_UPDATE") == "1",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			// Findings must not depend on the developer's environment.
			env.Setenv("NO_COLOR", "1")
			env.Setenv("KEDRO_ENV", "")
			env.Setenv("KFC_ENV", "")
			env.Setenv("GITHUB_STEP_SUMMARY", "")
			for _, k := range []string{"MLFLOW_TRACKING_URI", "MLFLOW_RUN_ID", "MLFLOW_EXPERIMENT_ID", "MLFLOW_EXPERIMENT_NAME",
				"MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN"} {
				env.Setenv(k, "")
			}
			return nil
		},
		Cmds: scriptCmds(),
	})
}

// scriptCmds are the custom testscript commands: the exec helpers below
// and the tracking ones (tracking_script_test.go).
func scriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	cmds := map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"waitfile": cmdWaitfile,
		"waitgrep": cmdWaitgrep,
		"exitcode": cmdExitcode,
		"sigexec":  cmdSigexec,
		"alive":    cmdAlive,
	}
	for k, v := range trackingCmds {
		cmds[k] = v
	}
	return cmds
}

// waitfile FILE...: wait (up to 30s) until every file exists.
func cmdWaitfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: waitfile file...")
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, f := range args {
		for {
			if _, err := os.Stat(ts.MkAbs(f)); err == nil {
				break
			}
			if time.Now().After(deadline) {
				ts.Fatalf("%s did not appear within 30s", f)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// waitgrep FILE REGEXP: wait (up to 30s) until FILE's content matches
// REGEXP (multi-line mode), e.g. a background command's redirected stderr.
func cmdWaitgrep(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waitgrep file regexp")
	}
	re, err := regexp.Compile("(?m)" + args[1])
	if err != nil {
		ts.Fatalf("waitgrep: %v", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if b, err := os.ReadFile(ts.MkAbs(args[0])); err == nil && re.Match(b) {
			return
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(ts.MkAbs(args[0]))
			ts.Fatalf("%s did not match %s within 30s:\n%s", args[0], args[1], b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// command is prog args run as testscript's exec would: the script's
// environment and working directory, stdout and stderr kept.
func command(ts *testscript.TestScript, args []string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	path := args[0]
	for _, d := range strings.Split(ts.Getenv("PATH"), string(os.PathListSeparator)) {
		if st, err := os.Stat(d + "/" + args[0]); d != "" && err == nil && !st.IsDir() {
			path = d + "/" + args[0]
			break
		}
	}
	cmd := exec.Command(path, args[1:]...)
	cmd.Dir = ts.MkAbs(".")
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		env = append(env, k+"="+ts.Getenv(k))
	}
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "WORK", "GITHUB_STEP_SUMMARY", "CI", "KFC_TEST_PANIC_NODE", "KFC_TEST_PANIC_RULE"} {
		env = append(env, k+"="+ts.Getenv(k))
	}
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	return cmd, &out, &errb
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// exitcode N prog args...: run prog and check that it exits with status N;
// its stdout and stderr become the script's stdout and stderr.
func cmdExitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N prog args...")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	cmd, out, errb := command(ts, args[1:])
	got := exitCode(cmd.Run())
	fmt.Fprint(ts.Stdout(), out.String())
	fmt.Fprint(ts.Stderr(), errb.String())
	if got != want {
		ts.Fatalf("%s exited with %d, want %d; stderr:\n%s", args[1], got, want, errb)
	}
}

// sigexec SIGNAL MARKER N prog args...: start prog, wait until MARKER
// exists, send it SIGNAL (INT or TERM; INT2: SIGINT twice, 300ms apart, as
// a second Ctrl-C), and check that it exits with N within 30s. Its output
// becomes the script's stdout and stderr.
func cmdSigexec(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 4 {
		ts.Fatalf("usage: sigexec INT|TERM marker N prog args...")
	}
	sig := map[string]syscall.Signal{"INT": syscall.SIGINT, "INT2": syscall.SIGINT, "TERM": syscall.SIGTERM}[args[0]]
	if sig == 0 {
		ts.Fatalf("sigexec: unknown signal %s", args[0])
	}
	want, err := strconv.Atoi(args[2])
	if err != nil {
		ts.Fatalf("sigexec: %v", err)
	}
	cmd, out, errb := command(ts, args[3:])
	if err := cmd.Start(); err != nil {
		ts.Fatalf("sigexec: %v", err)
	}
	cmdWaitfile(ts, false, args[1:2])
	_ = cmd.Process.Signal(sig)
	if args[0] == "INT2" {
		time.Sleep(300 * time.Millisecond)
		_ = cmd.Process.Signal(sig)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var got int
	select {
	case err := <-done:
		got = exitCode(err)
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		ts.Fatalf("sigexec: %s did not exit within 30s of SIG%s", args[3], args[0])
	}
	fmt.Fprint(ts.Stdout(), out.String())
	fmt.Fprint(ts.Stderr(), errb.String())
	if got != want {
		ts.Fatalf("%s exited with %d after SIG%s, want %d; stderr:\n%s", args[3], got, args[0], want, errb)
	}
}

// alive PIDFILE: the process whose pid the file holds is running
// (! alive: it is not; waits up to 5s for it to go).
func cmdAlive(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: alive pidfile")
	}
	pid, err := strconv.Atoi(strings.TrimSpace(ts.ReadFile(args[0])))
	if err != nil {
		ts.Fatalf("alive: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		up := syscall.Kill(pid, 0) == nil && !zombie(pid)
		if up != neg {
			return
		}
		if !neg || time.Now().After(deadline) {
			if neg {
				ts.Fatalf("process %d is still running", pid)
			}
			ts.Fatalf("process %d is not running", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// zombie reports whether pid has exited but not been reaped.
func zombie(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] == 'Z'
	}
	return false
}
