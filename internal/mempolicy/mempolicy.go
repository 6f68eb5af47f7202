// Package mempolicy sets how kfc's garbage collector runs: not at all on
// a project that fits comfortably in memory (kfc is a short-lived process,
// and collecting costs a third of a small vet's time), proportionally
// (GOGC=100) once the heap passes a soft limit scaled to the memory the
// machine has, and, when the live data itself nears what the machine has,
// a clear message and exit 3 instead of an OOM kill or a collector that
// runs without end.
package mempolicy

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// ExitNoMemory is the exit code when the machine lacks memory for the run
// (cmd/cli's ExitInternal: the input is fine, the run could not finish).
const ExitNoMemory = 3

// Policy is the collector's settings for one run, all in bytes.
type Policy struct {
	Available int64 // memory this run may use: the machine's, or KFC_MEMORY
	Soft      int64 // the collector stays off until the heap reaches this
	Hard      int64 // memory limit once collecting: the runtime works to stay under it
	Exhausted int64 // live data past this after a collection: the machine lacks memory
}

// For returns the policy for a run that may use available bytes.
func For(available int64) Policy {
	const mib = 1 << 20
	p := Policy{Available: available}
	// An eighth of what there is, at least 256 MiB (a small project never
	// collects) and at most 1 GiB (past that, collecting proportionally
	// costs less than the page faults of an ever larger heap, and keeps the
	// peak near twice the live data).
	p.Soft = min(max(available/8, 256*mib), 1024*mib)
	p.Hard = available / 10 * 9
	p.Soft = min(p.Soft, p.Hard)
	p.Exhausted = p.Hard / 5 * 4
	return p
}

// Apply sets the policy for this process unless the user set GOGC or
// GOMEMLIMIT (the runtime then follows them). When the live data passes
// p.Exhausted it writes one line to stderr and exits with ExitNoMemory.
func Apply(stderr io.Writer) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	avail, err := Available(os.Getenv("KFC_MEMORY"), "/")
	if err != nil {
		fmt.Fprintln(stderr, "kfc:", err)
		os.Exit(2)
	}
	For(avail).apply(func(live int64) {
		fmt.Fprintf(stderr, "kfc: out of memory: this run holds %s of data and the machine has %s available for it; "+
			"stopped before the system kills it (free memory, use a larger machine, or set KFC_MEMORY if kfc misjudged what it may use)\n",
			human(live), human(avail))
		os.Exit(ExitNoMemory)
	})
}

// apply turns the collector off under p.Soft and arms the switch to
// proportional collection at the first collection.
func (p Policy) apply(exhausted func(live int64)) {
	active.Store(&p)
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(p.Soft)
	switched := false
	onGC(func() bool {
		if !switched {
			// The first collection: the heap reached p.Soft (or the limit
			// Proportional set). From now on collect proportionally, so it
			// never runs back to back.
			switched = true
			switching.Lock()
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(p.Hard)
			collecting.Store(true)
			switching.Unlock()
		}
		if live := liveHeap(); live > p.Exhausted {
			exhausted(live)
			return false
		}
		return true
	})
}

// collecting is set once the policy collects proportionally.
var collecting atomic.Bool

// active is the policy Apply set; nil when the user's GOGC or GOMEMLIMIT
// rule instead.
var active atomic.Pointer[Policy]

// switching orders the switch to proportional collection (on the
// finalizer goroutine) with Proportional, so that a limit Proportional
// sets never replaces the hard one.
var switching sync.Mutex

// Proportional is for a process that goes on after the short phase the
// policy is made for (kfc exec, once its plan is built): collection turns
// proportional, its first one due when the memory in use has doubled from
// now, as if the collector had been on all along. (GOGC=100 alone would
// collect at once: with no collection yet, the runtime has no live heap to
// be proportional to, so the run's first steps would pay for it.) Nothing
// changes when the user set GOGC or GOMEMLIMIT, or once the policy
// collects.
func Proportional() {
	switching.Lock()
	defer switching.Unlock()
	p := active.Load()
	if p == nil || collecting.Load() {
		return
	}
	// The first collection comes at the limit, and the switch in apply
	// then sets GOGC=100 and the hard limit.
	debug.SetMemoryLimit(min(p.Soft, max(2*inUse(), 8<<20)))
}

// inUse is the memory the runtime's limit counts: all it has mapped, less
// what it gave back.
func inUse() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64() - s[1].Value.Uint64())
}

// Settle collects now if the policy has turned the collector on (the heap
// passed the soft limit), and does nothing otherwise. Call it at the end
// of a phase that leaves most of what it allocated dead (the load of a
// large project: its parse and interpolation scaffolding), so that the
// next collection is due at twice the data that lives on, not at twice
// the phase's peak: at 500,000 datasets that is a tenth less peak memory
// for one collection.
func Settle() {
	if collecting.Load() {
		runtime.GC()
	}
}

// onGC calls fn after each collection for as long as fn returns true: a
// sentinel object's finalizer runs once per cycle that frees it and makes
// the next sentinel.
func onGC(fn func() bool) {
	type sentinel struct{ _ [64]byte } // large enough not to share a tiny block
	var arm func()
	arm = func() {
		s := &sentinel{}
		runtime.SetFinalizer(s, func(*sentinel) {
			if fn() {
				arm()
			}
		})
	}
	arm()
}

// liveHeap is the heap the last collection found reachable.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

func human(b int64) string {
	const mib = 1 << 20
	if b >= 10<<30 {
		return strconv.FormatInt(b>>30, 10) + " GiB"
	}
	return strconv.FormatInt((b+mib/2)/mib, 10) + " MiB"
}

// ParseSize reads a size as KFC_MEMORY takes it: bytes, or a number with
// KiB, MiB, GiB or TiB (K, M, G, T and KB, MB, GB, TB mean the same).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffixes []string
		mult     int64
	}{
		{[]string{"TiB", "TB", "T"}, 1 << 40},
		{[]string{"GiB", "GB", "G"}, 1 << 30},
		{[]string{"MiB", "MB", "M"}, 1 << 20},
		{[]string{"KiB", "KB", "K"}, 1 << 10},
		{[]string{"B"}, 1},
	} {
		found := false
		for _, suf := range u.suffixes {
			if len(t) > len(suf) && strings.EqualFold(t[len(t)-len(suf):], suf) {
				t, mult, found = strings.TrimSpace(t[:len(t)-len(suf)]), u.mult, true
				break
			}
		}
		if found {
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n <= 0 || n*float64(mult) > 1<<62 {
		return 0, fmt.Errorf("KFC_MEMORY=%q: want a positive size such as 2GiB or 512MiB", s)
	}
	return int64(n * float64(mult)), nil
}
