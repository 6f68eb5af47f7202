package pool

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestEachRunsEveryIndexOnce(t *testing.T) {
	const n = 1000
	var hits [n]int32
	Each(n, func(i int) { atomic.AddInt32(&hits[i], 1) })
	for i, h := range hits {
		if h != 1 {
			t.Fatalf("index %d ran %d times", i, h)
		}
	}
	Each(0, func(int) { t.Fatal("ran with n=0") })
}

func TestEachReraisesAWorkerPanicOnTheCaller(t *testing.T) {
	defer func() {
		r := recover()
		p, ok := r.(*Panic)
		if !ok {
			t.Fatalf("recovered %#v, want *Panic", r)
		}
		if p.Value != "boom" || !strings.Contains(p.Error(), "this is a bug in kfc") || len(p.Stack) == 0 {
			t.Fatalf("got %v", p)
		}
	}()
	Each(50, func(i int) {
		if i == 7 {
			panic("boom")
		}
	})
	t.Fatal("Each returned after a panic")
}

func TestGoKeepsThePanicForRaise(t *testing.T) {
	done := make(chan struct{})
	Go(func() { defer close(done); panic("bg") })
	<-done
	defer func() {
		if p, ok := recover().(*Panic); !ok || p.Value != "bg" {
			t.Fatalf("Raise did not re-raise the background panic")
		}
	}()
	for i := 0; i < 5000; i++ { // the recover runs just after close(done)
		Raise()
		time.Sleep(time.Millisecond)
	}
	t.Fatal("no panic raised")
}
