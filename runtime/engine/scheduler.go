package engine

import (
	"fmt"
	"sort"
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
	doneCh := make(chan done)
	running := 0
	stopReason := ""
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
		if stopReason == "" && s.stop != nil {
			stopReason = s.stop()
		}
		for stopReason == "" && running < jobs && len(ready) > 0 {
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
			switch d.r.Status {
			case Succeeded, Skipped:
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
				if s.failFast && d.r.Status == Failed && stopReason == "" {
					stopReason = fmt.Sprintf("--fail-fast: stopped after %s failed", s.names[d.i])
				}
			}
		case <-s.wake:
		}
	}
	for i := range n {
		if !final[i] {
			why := stopReason
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
