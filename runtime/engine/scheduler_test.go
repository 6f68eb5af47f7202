package engine

import (
	"fmt"
	"math/rand"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeDAG is a random DAG: each task depends on up to 3 earlier ones.
func fakeDAG(n int, seed int64) [][]int {
	rng := rand.New(rand.NewSource(seed))
	deps := make([][]int, n)
	for i := 1; i < n; i++ {
		for k := rng.Intn(4); k > 0; k-- {
			deps[i] = append(deps[i], rng.Intn(i))
		}
	}
	return deps
}

func names(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("t%d", i)
	}
	return out
}

// fake is a fake process table: run sleeps a little and records order and
// concurrency.
type fake struct {
	mu      sync.Mutex
	done    map[int]bool
	order   []int
	running int32
	peak    int32
	fail    map[int]bool
	t       *testing.T
	deps    [][]int
}

func (f *fake) run(i int) NodeResult {
	f.mu.Lock()
	for _, d := range f.deps[i] {
		if !f.done[d] {
			f.t.Errorf("task %d started before its dependency %d finished", i, d)
		}
	}
	f.mu.Unlock()
	peakOf(&f.peak, atomic.AddInt32(&f.running, 1))
	time.Sleep(time.Duration(i%3) * time.Millisecond)
	atomic.AddInt32(&f.running, -1)
	f.mu.Lock()
	f.done[i] = true
	f.order = append(f.order, i)
	f.mu.Unlock()
	if f.fail[i] {
		return NodeResult{Status: Failed, Reason: "exit status 1"}
	}
	return NodeResult{Status: Succeeded}
}

func TestScheduleOrderAndConcurrency(t *testing.T) {
	for _, jobs := range []int{1, 2, 4, 16} {
		deps := fakeDAG(200, int64(jobs))
		f := &fake{done: map[int]bool{}, t: t, deps: deps}
		s := &schedule{names: names(200), deps: deps, jobs: jobs, run: f.run}
		res := s.loop()
		for i, r := range res {
			if r.Status != Succeeded {
				t.Fatalf("jobs=%d: task %d: %s %s", jobs, i, r.Status, r.Reason)
			}
		}
		if len(f.order) != 200 {
			t.Errorf("jobs=%d: ran %d tasks, want 200", jobs, len(f.order))
		}
		if f.peak > int32(jobs) {
			t.Errorf("jobs=%d: %d tasks ran at once", jobs, f.peak)
		}
		if jobs == 1 {
			for k, i := range f.order { // one at a time: the smallest ready index first
				if k > 0 && i < f.order[k-1] && len(deps[i]) == 0 {
					t.Errorf("jobs=1: ready task %d ran after %d", i, f.order[k-1])
				}
			}
		}
	}
}

func TestScheduleWideFanOutUsesAllJobs(t *testing.T) {
	deps := make([][]int, 40)
	f := &fake{done: map[int]bool{}, t: t, deps: deps}
	slow := func(i int) NodeResult { time.Sleep(5 * time.Millisecond); return f.run(i) }
	s := &schedule{names: names(40), deps: deps, jobs: 8, run: slow}
	s.loop()
	if f.peak < 2 || f.peak > 8 {
		t.Errorf("peak concurrency %d, want 2..8", f.peak)
	}
}

func TestScheduleFailureBlocksDependentsOnly(t *testing.T) {
	// 0 -> 1 -> 2 -> 3, 0 -> 4, 5 alone; 1 fails.
	deps := [][]int{{}, {0}, {1}, {2}, {0}, {}}
	f := &fake{done: map[int]bool{}, t: t, deps: deps, fail: map[int]bool{1: true}}
	s := &schedule{names: names(6), deps: deps, jobs: 2, run: f.run}
	res := s.loop()
	want := []string{Succeeded, Failed, NotRun, NotRun, Succeeded, Succeeded}
	for i, w := range want {
		if res[i].Status != w {
			t.Errorf("task %d: %s, want %s", i, res[i].Status, w)
		}
	}
	if res[3].Reason != "upstream node t1 failed" {
		t.Errorf("task 3 reason %q", res[3].Reason)
	}
}

func TestScheduleFailFast(t *testing.T) {
	deps := [][]int{{}, {}, {}, {}}
	f := &fake{done: map[int]bool{}, t: t, deps: deps, fail: map[int]bool{0: true}}
	s := &schedule{names: names(4), deps: deps, jobs: 1, failFast: true, run: f.run}
	res := s.loop()
	if res[0].Status != Failed {
		t.Fatalf("task 0: %s", res[0].Status)
	}
	for i := 1; i < 4; i++ {
		if res[i].Status != NotRun || res[i].Reason != "--fail-fast: stopped after t0 failed" {
			t.Errorf("task %d: %s %q", i, res[i].Status, res[i].Reason)
		}
	}
	// Without --fail-fast the others run.
	f = &fake{done: map[int]bool{}, t: t, deps: deps, fail: map[int]bool{0: true}}
	s = &schedule{names: names(4), deps: deps, jobs: 1, run: f.run}
	if res := s.loop(); res[3].Status != Succeeded {
		t.Errorf("without --fail-fast task 3: %s", res[3].Status)
	}
}

func TestScheduleStopWhileRunning(t *testing.T) {
	deps := [][]int{{}, {0}, {}}
	var stopped atomic.Bool
	wake := make(chan struct{}, 1)
	release := make(chan struct{})
	run := func(i int) NodeResult {
		if i == 0 {
			stopped.Store(true)
			wake <- struct{}{}
			<-release
			return NodeResult{Status: Killed, Reason: "stopped by SIGINT"}
		}
		return NodeResult{Status: Succeeded}
	}
	s := &schedule{names: names(3), deps: deps, jobs: 1, run: run, wake: wake,
		stop: func() string {
			if stopped.Load() {
				return "run interrupted (SIGINT)"
			}
			return ""
		}}
	go func() { time.Sleep(20 * time.Millisecond); close(release) }()
	res := s.loop()
	if res[0].Status != Killed || res[1].Reason != "upstream node t0 was killed" || res[2].Reason != "run interrupted (SIGINT)" {
		t.Errorf("results %+v", res)
	}
}

// aheadFake is a fake whose tasks do work of their own around a process:
// a process takes a slot (take), work does not.
type aheadFake struct {
	fake
	s         *schedule
	inFlight  int32 // tasks begun and not returned
	peakTasks int32
}

// peakOf raises *peak to now if now is higher.
func peakOf(peak *int32, now int32) {
	for {
		p := atomic.LoadInt32(peak)
		if now <= p || atomic.CompareAndSwapInt32(peak, p, now) {
			return
		}
	}
}

func (f *aheadFake) run(i int) NodeResult {
	peakOf(&f.peakTasks, atomic.AddInt32(&f.inFlight, 1))
	defer atomic.AddInt32(&f.inFlight, -1)
	time.Sleep(time.Millisecond) // deciding, before the process
	if why := f.s.take(i); why != "" {
		return NodeResult{Status: NotRun, Reason: why}
	}
	r := f.fake.run(i) // the process, counted in running and peak
	if r.Status == Succeeded {
		f.s.free(i)
		time.Sleep(time.Millisecond) // promoting, after it
	}
	return r
}

// With ahead, tasks' own work overlaps other tasks' processes: more tasks
// are begun than jobs, never more processes than jobs, dependencies hold.
func TestScheduleAheadBoundsProcessesNotWork(t *testing.T) {
	for _, jobs := range []int{2, 4} {
		deps := fakeDAG(200, int64(jobs))
		f := &aheadFake{fake: fake{done: map[int]bool{}, t: t, deps: deps}}
		f.s = &schedule{names: names(200), deps: deps, jobs: jobs, run: f.run, ahead: true}
		for i, r := range f.s.loop() {
			if r.Status != Succeeded {
				t.Fatalf("jobs=%d: task %d: %s %s", jobs, i, r.Status, r.Reason)
			}
		}
		if f.peak > int32(jobs) {
			t.Errorf("jobs=%d: %d processes at once", jobs, f.peak)
		}
		if f.peakTasks <= int32(jobs) || f.peakTasks > int32(2*jobs) {
			t.Errorf("jobs=%d: %d tasks at once, want more than jobs, at most twice", jobs, f.peakTasks)
		}
	}
}

// With ahead, a task that failed keeps its slot until the loop knows of
// the failure: with --fail-fast no process starts once it does, and the
// tasks waiting for a slot end as if they had never begun (their
// dependents get the same reason).
func TestScheduleAheadFailFast(t *testing.T) {
	deps := make([][]int, 12)
	deps[11] = []int{10}
	oneHolds := make(chan struct{})
	var mu sync.Mutex
	var ran []int
	var s *schedule
	run := func(i int) NodeResult {
		if i > 1 {
			time.Sleep(20 * time.Millisecond) // 0 and 1 take the two slots first
		}
		if why := s.take(i); why != "" {
			return NodeResult{Status: NotRun, Reason: why}
		}
		mu.Lock()
		ran = append(ran, i)
		mu.Unlock()
		switch i {
		case 0:
			<-oneHolds
			return NodeResult{Status: Failed, Reason: "exit status 1"}
		case 1: // still running when 0 fails
			close(oneHolds)
			for s.reason() == "" {
				time.Sleep(time.Millisecond)
			}
		}
		s.free(i)
		return NodeResult{Status: Succeeded}
	}
	s = &schedule{names: names(12), deps: deps, jobs: 2, failFast: true, run: run, ahead: true}
	res := s.loop()
	if res[0].Status != Failed || res[1].Status != Succeeded {
		t.Fatalf("tasks 0 and 1: %s, %s", res[0].Status, res[1].Status)
	}
	for i := 2; i < 12; i++ {
		if res[i].Status != NotRun || res[i].Reason != "--fail-fast: stopped after t0 failed" {
			t.Errorf("task %d: %s %q", i, res[i].Status, res[i].Reason)
		}
	}
	if len(ran) != 2 {
		t.Errorf("processes of tasks %v ran, want 0 and 1 only", ran)
	}
}
