package engine

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kfc-dev/kfc/compiler/plan"
)

// syncBuffer is a bytes.Buffer safe for the engine's writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fanPlan is a plan of n shell nodes each writing out<i>.txt from in.txt,
// and one node joining them all. Hashes are made up: the engine only
// compares them.
func fanPlan(n int, hashSalt string) *plan.Plan {
	p := &plan.Plan{Datasets: map[string]*plan.Dataset{}, Env: "local", Pipeline: "__default__", Hash: "sha256:plan"}
	ds := func(name string) {
		p.Datasets[name] = &plan.Dataset{Name: name, ID: plan.DatasetID(name), Path: "data/" + name + ".txt", Persisted: true, Type: "text.TextDataset", Config: plan.RawValue(`{}`)}
	}
	ds("in")
	var joinIn []string
	var deps []string
	for i := range n {
		name := fmt.Sprintf("out%03d", i)
		ds(name)
		id := plan.NodeID("make" + name)
		p.Nodes = append(p.Nodes, &plan.Node{ID: id, Name: "make" + name, Hash: "sha256:" + name + hashSalt,
			Command: plan.Command{Shell: fmt.Sprintf("cat data/in.txt > data/%s.txt; echo made %s", name, name)},
			Inputs:  []string{"in"}, Outputs: []string{name}})
		joinIn = append(joinIn, name)
		deps = append(deps, id)
	}
	ds("all")
	var cat []string
	for _, x := range joinIn {
		cat = append(cat, "data/"+x+".txt")
	}
	p.Nodes = append(p.Nodes, &plan.Node{ID: "node.join", Name: "join", Hash: "sha256:join" + hashSalt, DependsOn: deps,
		Command: plan.Command{Shell: "cat " + strings.Join(cat, " ") + " > data/all.txt"},
		Inputs:  joinIn, Outputs: []string{"all"}})
	return p
}

func runPlan(t *testing.T, root string, p *plan.Plan, opt Options) (*Result, string) {
	t.Helper()
	var out, errb syncBuffer
	opt.Root, opt.Stdout, opt.Stderr = root, &out, &errb
	if opt.Getenv == nil {
		opt.Getenv = func(string) (string, bool) { return "", false }
	}
	res, err := Run(context.Background(), p, opt)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, errb.String())
	}
	return res, out.String() + errb.String()
}

func TestRunFanOutThenSkip(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "data/in.txt"), "x\n")
	p := fanPlan(30, "")
	res, log := runPlan(t, root, p, Options{Jobs: 4})
	if res.ExitCode != 0 || res.Status != StatusFinished {
		t.Fatalf("status %s exit %d\n%s", res.Status, res.ExitCode, log)
	}
	if got := read(t, filepath.Join(root, "data/all.txt")); got != strings.Repeat("x\n", 30) {
		t.Errorf("all.txt = %q", got)
	}
	if !strings.Contains(log, "[makeout007] made out007") {
		t.Errorf("node output not streamed with its prefix:\n%s", log)
	}
	res, log = runPlan(t, root, p, Options{Jobs: 4})
	for i, r := range res.Nodes {
		if r.Status != Skipped {
			t.Errorf("rerun: node %s %s (%s)", p.Nodes[i].Name, r.Status, r.Reason)
		}
	}
	// A new node hash reruns that node only; its output is the same, so
	// join is still up to date.
	p.Nodes[3].Hash += "changed"
	res, _ = runPlan(t, root, p, Options{Jobs: 4, Explain: true})
	if r := res.Nodes[3]; r.Status != Succeeded || !strings.HasPrefix(r.Reason, "definition changed") {
		t.Errorf("changed node: %s %q", r.Status, r.Reason)
	}
	if r := res.Nodes[len(res.Nodes)-1]; r.Status != Skipped {
		t.Errorf("join: %s %q", r.Status, r.Reason)
	}
	_ = log
}

func TestRunSignalKillsAndPromotesNothing(t *testing.T) {
	root := t.TempDir()
	p := &plan.Plan{Datasets: map[string]*plan.Dataset{
		"o": {Name: "o", ID: "dataset.o", Path: "data/o.txt", Persisted: true, Config: plan.RawValue(`{}`)},
	}}
	p.Nodes = []*plan.Node{{ID: "node.hold", Name: "hold", Hash: "sha256:h", Outputs: []string{"o"},
		Command: plan.Command{Shell: "echo partial > data/o.txt; touch started; sleep 30"}}}
	sigs := make(chan os.Signal, 1)
	sent := make(chan time.Time, 1)
	go func() {
		for {
			if _, err := os.Stat(filepath.Join(root, "started")); err == nil {
				sent <- time.Now()
				sigs <- syscall.SIGINT
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	res, log := runPlan(t, root, p, Options{Signals: sigs, Grace: 5 * time.Second})
	if res.ExitCode != 130 || res.Status != StatusKilled || res.Nodes[0].Status != Killed {
		t.Fatalf("exit %d status %s node %s\n%s", res.ExitCode, res.Status, res.Nodes[0].Status, log)
	}
	// From the signal, not from the start: a loaded machine may take seconds
	// to start the shell, but SIGINT must end it well before the 5 s grace.
	if since := time.Since(<-sent); since > 4*time.Second {
		t.Errorf("SIGINT did not stop sleep at once (%s after the signal)", since)
	}
	if _, err := os.Stat(filepath.Join(root, "data/o.txt")); !os.IsNotExist(err) {
		t.Errorf("a killed node's output was promoted")
	}
}

func TestRunSecretsScrubbedAndInFileOnly(t *testing.T) {
	root := t.TempDir()
	p := &plan.Plan{Datasets: map[string]*plan.Dataset{
		"o": {Name: "o", ID: "dataset.o", Path: "data/o.txt", Persisted: true, Credentials: "db", Config: plan.RawValue(`{}`)},
	}}
	p.Nodes = []*plan.Node{{ID: "node.n", Name: "n", Hash: "sha256:n", Outputs: []string{"o"},
		Command: plan.Command{Shell: `ls -l "$KFC_CREDENTIALS_FILE" | cut -c1-10; cat "$KFC_CREDENTIALS_FILE"; echo; cp "$KFC_CREDENTIALS_FILE" data/o.txt`}}}
	res, log := runPlan(t, root, p, Options{Secrets: map[string]map[string]string{"db": {"password": "s3cr3t-value"}}})
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s", res.ExitCode, log)
	}
	if strings.Contains(log, "s3cr3t-value") || !strings.Contains(log, `{"db":{"password":"***"}}`) {
		t.Errorf("secret not scrubbed from the output:\n%s", log)
	}
	if !strings.Contains(log, "-rw-------") {
		t.Errorf("credentials file is not 0600:\n%s", log)
	}
	if got := read(t, filepath.Join(root, "data/o.txt")); !strings.Contains(got, "s3cr3t-value") {
		t.Errorf("the node did not get the credentials: %q", got)
	}
	err := filepath.Walk(filepath.Join(root, ".kfc"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("s3cr3t-value")) {
				t.Errorf("secret written to %s", p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "kfc.lock")); bytes.Contains(b, []byte("s3cr3t-value")) {
		t.Errorf("secret in kfc.lock")
	}
}

// BenchmarkRunFanOut1000 runs 1,000 trivial shell nodes and a join, then
// (BenchmarkNoopRerun1000) reruns them all up to date.
func BenchmarkRunFanOut1000(b *testing.B) {
	for b.Loop() {
		root := b.TempDir()
		os.MkdirAll(filepath.Join(root, "data"), 0o755)
		os.WriteFile(filepath.Join(root, "data/in.txt"), []byte("x\n"), 0o644)
		if _, err := Run(context.Background(), fanPlan(1000, ""), Options{Root: root, Jobs: 2}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNoopRerun1000(b *testing.B) {
	root := b.TempDir()
	os.MkdirAll(filepath.Join(root, "data"), 0o755)
	os.WriteFile(filepath.Join(root, "data/in.txt"), []byte("x\n"), 0o644)
	p := fanPlan(1000, "")
	if _, err := Run(context.Background(), p, Options{Root: root, Jobs: 2}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := Run(context.Background(), p, Options{Root: root, Jobs: 2})
		if err != nil || res.Nodes[0].Status != Skipped {
			b.Fatal(err)
		}
	}
}

// A daemon that escapes the node's process group and keeps its stdout
// open does not make kfc wait for it.
func TestRunEscapedDaemonDoesNotHang(t *testing.T) {
	if _, err := os.Stat("/usr/bin/setsid"); err != nil {
		t.Skip("no setsid")
	}
	root := t.TempDir()
	p := &plan.Plan{Datasets: map[string]*plan.Dataset{}}
	p.Nodes = []*plan.Node{{ID: "node.d", Name: "d", Hash: "sha256:d",
		Command: plan.Command{Shell: "setsid sh -c 'echo $$ > daemon.pid; exec sleep 20' & sleep 0.3; echo started"}}}
	t0 := time.Now()
	res, log := runPlan(t, root, p, Options{})
	b, err := os.ReadFile(filepath.Join(root, "daemon.pid"))
	if err != nil {
		t.Fatal(err)
	}
	var pid int
	fmt.Sscan(string(b), &pid)
	if pid <= 0 || syscall.Kill(pid, 0) != nil {
		t.Fatalf("the daemon did not escape (pid %q)", b)
	}
	defer syscall.Kill(pid, syscall.SIGKILL)
	if res.ExitCode != 0 || !strings.Contains(log, "[d] started") {
		t.Fatalf("exit %d\n%s", res.ExitCode, log)
	}
	if d := time.Since(t0); d > 10*time.Second {
		t.Errorf("kfc waited %s for an escaped daemon", d)
	}
}
