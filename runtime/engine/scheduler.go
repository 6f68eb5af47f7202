package engine

import (
	"fmt"
	"sort"
	"sync/atomic"
)

// Node statuses, as the manifest records them.
const (
	Succeeded = "succeeded"
	Failed    = "failed"
	Skipped   = "skipped"
	NotRun    = "not_run"
	Killed    = "killed"
)

// schedule runs n tasks in dependency order, at most jobs at once.
//
// deps[i] are the indices task i waits for. run(i) does task i's work and
// returns its result; it is called on its own goroutine and must not
// panic (the engine wraps it). A task whose dependency failed, was killed
// or did not run is not started: it gets status not_run with the reason.
// stop is polled before each start: once it returns a reason, nothing new
// starts and every task not yet started gets not_run with that reason.
// wake, when it receives, makes the loop poll stop again while tasks run.
type schedule struct {
	names    []string // for reasons ("upstream node X failed")
	deps     [][]int
	jobs     int
	failFast bool
	run      func(i int) NodeResult
	stop     func() string
	wake     <-chan struct{}
	started  func(i int)               // optional, called before run(i)
	finished func(i int, r NodeResult) // optional, called on the loop's goroutine
	// ahead lets up to twice jobs tasks be under way: a task's work before
	// and after its process (deciding, hashing, promoting) overlaps the
	// other tasks' processes, and jobs bounds the processes, each task
	// taking a slot (take) for its process only. Without it a task holds
	// its place from start to end, and -j 1 runs the tasks strictly one
	// after the other.
	ahead   bool
	slots   chan struct{}
	held    []atomic.Bool
	stopped atomic.Pointer[string] // why the loop starts nothing more (halt), read by take too
}

// take waits for a process slot for task i: "" when it holds one (or
// needs none, without ahead), else why the schedule stopped, holding none.
func (s *schedule) take(i int) string {
	if !s.ahead {
		return ""
	}
	s.slots <- struct{}{}
	if why := s.reason(); why != "" {
		<-s.slots
		return why
	}
	s.held[i].Store(true)
	return ""
}

// free gives task i's slot back; a task frees it when its process ended
// well (its own work after that needs none), the loop when the task's
// result came, after it decided whether to stop: the slot of a task that
// failed is never taken before --fail-fast is known.
func (s *schedule) free(i int) {
	if s.ahead && s.held[i].CompareAndSwap(true, false) {
		<-s.slots
	}
}

// halt makes the loop start nothing more, for why (the first reason
// given stays); "" changes nothing.
func (s *schedule) halt(why string) {
	if why != "" {
		s.stopped.CompareAndSwap(nil, &why)
	}
}

// reason is why the loop starts nothing more; "" while it goes on.
func (s *schedule) reason() string {
	if why := s.stopped.Load(); why != nil {
		return *why
	}
	return ""
}

type done struct {
	i int
	r NodeResult
}

// loop returns one result per task, in task order.
func (s *schedule) loop() []NodeResult {
	n := len(s.deps)
	results := make([]NodeResult, n)
	final := make([]bool, n)
	waiting := make([]int, n)
	dependents := make([][]int, n)
	for i, ds := range s.deps {
		waiting[i] = len(ds)
		for _, d := range ds {
			dependents[d] = append(dependents[d], i)
		}
	}
	var ready []int // kept sorted: the plan's order is topological, ties by name
	for i := range n {
		if waiting[i] == 0 {
			ready = append(ready, i)
		}
	}
	jobs := s.jobs
	if jobs < 1 {
		jobs = 1
	}
	if s.ahead {
		s.slots = make(chan struct{}, jobs)
		s.held = make([]atomic.Bool, n)
		jobs *= 2
	}
	doneCh := make(chan done)
	running := 0
	finish := func(i int, r NodeResult) {
		results[i] = r
		final[i] = true
		if s.finished != nil {
			s.finished(i, r)
		}
	}
	// block marks everything downstream of i as not run, because of i.
	var block func(i int, why string)
	block = func(i int, why string) {
		for _, d := range dependents[i] {
			if final[d] {
				continue
			}
			finish(d, NodeResult{Status: NotRun, Reason: why})
			block(d, why)
		}
	}
	for {
		if s.reason() == "" && s.stop != nil {
			s.halt(s.stop())
		}
		for s.reason() == "" && running < jobs && len(ready) > 0 {
			i := ready[0]
			ready = ready[1:]
			if final[i] { // blocked meanwhile
				continue
			}
			running++
			if s.started != nil {
				s.started(i)
			}
			go func(i int) { doneCh <- done{i, s.run(i)} }(i)
		}
		if running == 0 {
			break
		}
		select {
		case d := <-doneCh:
			running--
			finish(d.i, d.r)
			switch {
			case d.r.Status == NotRun && d.r.Reason != "" && d.r.Reason == s.reason():
				// It waited for a slot when the loop stopped: its dependents
				// get the reason below, as if it had never begun.
			case d.r.Status == Succeeded || d.r.Status == Skipped:
				for _, x := range dependents[d.i] {
					waiting[x]--
					if waiting[x] == 0 && !final[x] {
						ready = insertSorted(ready, x)
					}
				}
			default:
				verb := map[string]string{Failed: "failed", Killed: "was killed"}[d.r.Status]
				if verb == "" {
					verb = "did not run"
				}
				block(d.i, fmt.Sprintf("upstream node %s %s", s.names[d.i], verb))
				if s.failFast && d.r.Status == Failed {
					s.halt(fmt.Sprintf("--fail-fast: stopped after %s failed", s.names[d.i]))
				}
			}
			s.free(d.i)
		case <-s.wake:
		}
	}
	for i := range n {
		if !final[i] {
			why := s.reason()
			if why == "" {
				why = "not reached" // unreachable with a valid plan (a cycle)
			}
			finish(i, NodeResult{Status: NotRun, Reason: why})
		}
	}
	return results
}

func insertSorted(s []int, x int) []int {
	at := sort.SearchInts(s, x)
	s = append(s, 0)
	copy(s[at+1:], s[at:])
	s[at] = x
	return s
}
