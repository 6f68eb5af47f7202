package mempolicy

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"512MiB": 512 << 20, "2GiB": 2 << 30, "2G": 2 << 30, "1.5gb": 3 << 29, "4096": 4096, " 64 KiB ": 64 << 10, "1TiB": 1 << 40,
	} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "lots", "-1G", "0", "GiB", "1e30"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestAvailable(t *testing.T) {
	meminfo := "MemTotal:       24000000 kB\nMemFree:         1000000 kB\nMemAvailable:    8000000 kB\n"
	for name, tc := range map[string]struct {
		files map[string]string
		env   string
		want  int64
	}{
		"meminfo only": {map[string]string{"proc/meminfo": meminfo}, "", 8000000 << 10},
		"v2 limit below": {map[string]string{"proc/meminfo": meminfo, "proc/self/cgroup": "0::/job\n",
			"sys/fs/cgroup/job/memory.max": "2147483648\n", "sys/fs/cgroup/job/memory.current": "1073741824\n"}, "", 1 << 30},
		"v2 unlimited": {map[string]string{"proc/meminfo": meminfo, "proc/self/cgroup": "0::/\n",
			"sys/fs/cgroup/memory.max": "max\n", "sys/fs/cgroup/memory.current": "5\n"}, "", 8000000 << 10},
		"v1 limit, namespaced path absent": {map[string]string{"proc/meminfo": meminfo, "proc/self/cgroup": "4:memory:/docker/abc\n2:cpu:/\n",
			"sys/fs/cgroup/memory/memory.limit_in_bytes": "3221225472\n", "sys/fs/cgroup/memory/memory.usage_in_bytes": "1073741824\n"}, "", 2 << 30},
		"v1 unlimited": {map[string]string{"proc/meminfo": meminfo, "proc/self/cgroup": "4:memory:/x\n",
			"sys/fs/cgroup/memory/x/memory.limit_in_bytes": "9223372036854771712\n"}, "", 8000000 << 10},
		"KFC_MEMORY wins":  {map[string]string{"proc/meminfo": meminfo}, "300MiB", 300 << 20},
		"nothing readable": {map[string]string{}, "", fallback},
	} {
		got, err := Available(tc.env, writeFiles(t, tc.files))
		if err != nil || got != tc.want {
			t.Errorf("%s: Available = %d, %v; want %d", name, got, err, tc.want)
		}
	}
	if _, err := Available("many", t.TempDir()); err == nil || !strings.Contains(err.Error(), "KFC_MEMORY") {
		t.Errorf("bad KFC_MEMORY: %v", err)
	}
}

func TestFor(t *testing.T) {
	const mib = 1 << 20
	for avail, want := range map[int64][2]int64{ // soft, hard
		22 << 30:  {1024 * mib, 22 << 30 / 10 * 9},
		4 << 30:   {512 * mib, 4 << 30 / 10 * 9},
		1 << 30:   {256 * mib, 1 << 30 / 10 * 9},
		100 * mib: {100 * mib / 10 * 9, 100 * mib / 10 * 9}, // never softer than hard
	} {
		p := For(avail)
		if p.Soft != want[0] || p.Hard != want[1] || p.Exhausted >= p.Hard {
			t.Errorf("For(%d) = %+v, want soft %d, hard %d", avail, p, want[0], want[1])
		}
	}
}

// The policy in a real process: the child test below runs with it, and
// either finishes (collecting proportionally once past the soft limit) or
// stops with the message and exit 3 when its live data outgrows what it
// was told the machine has, instead of being killed.
func TestPolicyInAProcess(t *testing.T) {
	if os.Getenv("MEMPOLICY_CHILD") != "" {
		t.Skip("in the child")
	}
	run := func(mode, mem string) (string, int) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.v")
		cmd.Env = append(filteredEnv(), "MEMPOLICY_CHILD="+mode, "KFC_MEMORY="+mem)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			if !ee.Exited() {
				t.Fatalf("%s: child killed: %v\n%s", mode, err, out)
			}
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	out, code := run("garbage", "2GiB")
	if code != 0 || !strings.Contains(out, "switched to GOGC=100") {
		t.Errorf("garbage past the soft limit: exit %d\n%s", code, out)
	}
	out, code = run("proportional", "2GiB")
	if code != 0 || !strings.Contains(out, "collected once the memory in use doubled") {
		t.Errorf("Proportional: exit %d\n%s", code, out)
	}
	out, code = run("retain", "200MiB")
	if code != ExitNoMemory || !strings.Contains(out, "kfc: out of memory: this run holds") || !strings.Contains(out, "has 200 MiB available") {
		t.Errorf("live data past the machine: exit %d\n%s", code, out)
	}
}

func filteredEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOGC=") && !strings.HasPrefix(kv, "GOMEMLIMIT=") && !strings.HasPrefix(kv, "KFC_MEMORY=") {
			env = append(env, kv)
		}
	}
	return env
}

var sink [][]byte

func TestChild(t *testing.T) {
	mode := os.Getenv("MEMPOLICY_CHILD")
	if mode == "" {
		t.Skip("run by TestPolicyInAProcess")
	}
	Apply(os.Stderr)
	switch mode {
	case "garbage":
		if numGC(Settle) != 0 {
			t.Fatal("Settle collected with the collector off")
		}
		// 1.5 GiB allocated, 32 MiB of it kept: past the 256 MiB soft limit.
		for i := range 1536 {
			b := make([]byte, 1<<20)
			if i%48 == 0 {
				sink = append(sink, b)
			}
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if prev := debug.SetGCPercent(100); prev != 100 {
			t.Fatalf("GOGC %d after the soft limit", prev)
		}
		// Proportional, never back to back. The live heap grows to 32 MiB,
		// a 48th of what was allocated, so with GOGC=100 past the soft
		// limit a collection comes per live heap allocated: about 48 *
		// ln(1536/256) = 86 of them, fewer when the allocations outrun a
		// concurrent mark (a busy machine). Back to back, one 1 MiB
		// allocation a collection, would be over 1,000.
		if ms.NumGC > 1536/8 {
			t.Fatalf("%d collections", ms.NumGC)
		}
		t.Logf("switched to GOGC=100 after the soft limit; %d collections", ms.NumGC)
		if n := numGC(Settle); n != 1 {
			t.Fatalf("Settle made %d collections once collecting, want 1", n)
		}
	case "proportional":
		// 32 MiB kept with the collector off, far below the 256 MiB soft
		// limit; then 160 MiB of garbage, still below it.
		for range 32 {
			sink = append(sink, make([]byte, 1<<20))
		}
		if n := numGC(Proportional); n != 0 {
			t.Fatalf("Proportional made %d collections at once", n)
		}
		if n := numGC(func() { sink = append(sink, make([]byte, 1<<20)) }); n != 0 {
			t.Fatalf("%d collections before the memory in use doubled", n)
		}
		n := numGC(func() {
			for range 160 {
				_ = append([]byte(nil), make([]byte, 1<<20)...)
			}
		})
		if n == 0 {
			t.Fatal("no collection though the memory in use passed twice what it was")
		}
		if prev := debug.SetGCPercent(100); prev != 100 {
			t.Fatalf("GOGC %d after the first collection, want 100", prev)
		}
		t.Logf("collected once the memory in use doubled (%d collections), then GOGC=100", n)
	case "retain":
		for range 400 {
			sink = append(sink, make([]byte, 1<<20))
		}
		for range 200 { // the check runs in the finalizer goroutine
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatal("kept 400 MiB on a 200 MiB machine and was not stopped")
	}
}

// numGC is how many collections fn made.
func numGC(fn func()) uint32 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.NumGC - before.NumGC
}
