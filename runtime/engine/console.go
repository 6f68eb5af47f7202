package engine

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/kfc-dev/kfc/internal/esc"
)

// console is everything the engine prints while a run goes on. On a
// terminal it keeps one status line at the bottom (done/running/total,
// elapsed time, the running nodes), redrawn in place after every line it
// prints; otherwise (no terminal, or CI=true) every line kfc itself prints
// starts with a UTC timestamp and nothing is redrawn.
type console struct {
	mu      sync.Mutex
	out     io.Writer // node stdout lines
	err     io.Writer // node stderr lines, kfc's events, the status line
	tty     bool
	width   int
	start   time.Time
	now     func() time.Time
	total   int
	done    int
	running map[string]time.Time
	drawn   bool      // a status line is on screen
	drawnAt time.Time // when it was last drawn
	stopped chan struct{}
}

func newConsole(out, errw io.Writer, tty bool, total int, now func() time.Time) *console {
	c := &console{out: out, err: errw, tty: tty, width: 100, start: now(), now: now, total: total,
		running: map[string]time.Time{}, stopped: make(chan struct{})}
	if f, ok := errw.(*os.File); ok && tty {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 20 {
			c.width = w
		}
	}
	return c
}

// tick redraws the status line every redrawEvery until close (for the
// elapsed time, and after lines printed in a burst), on a terminal only.
func (c *console) tick(bug *bugReport) {
	if !c.tty {
		return
	}
	go func() {
		defer recoverTo(bug)
		t := time.NewTicker(redrawEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				c.mu.Lock()
				c.redraw()
				c.mu.Unlock()
			case <-c.stopped:
				return
			}
		}
	}()
}

// close clears the status line for good.
func (c *console) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.stopped:
	default:
		close(c.stopped)
	}
	c.clear()
}

func (c *console) clear() {
	if c.tty && c.drawn {
		fmt.Fprint(c.err, "\r\x1b[K")
		c.drawn = false
	}
}

func (c *console) redraw() {
	if !c.tty {
		return
	}
	select {
	case <-c.stopped:
		return
	default:
	}
	names := make([]string, 0, len(c.running))
	for n := range c.running {
		names = append(names, esc.Text(n))
	}
	sort.Strings(names)
	line := fmt.Sprintf("kfc exec: %d/%d done, %d running, %s", c.done, c.total, len(c.running),
		formatDuration(c.now().Sub(c.start)))
	if len(names) > 0 {
		line += ": " + strings.Join(names, ", ")
	}
	if r := []rune(line); len(r) > c.width-1 {
		line = string(r[:c.width-2]) + "…"
	}
	fmt.Fprint(c.err, "\r\x1b[K"+line)
	c.drawn = true
	c.drawnAt = c.now()
}

// redrawEvery bounds how often the status line is drawn: a node printing
// thousands of lines does not redraw it thousands of times.
const redrawEvery = 200 * time.Millisecond

// nodeLine prints one line of a node's output, prefixed by its name. The
// name is escaped, the line is not: it is the node's own output, printed
// as the node wrote it (docs/security.md).
func (c *console) nodeLine(stderr bool, node, line string) {
	w := c.out
	if stderr {
		w = c.err
	}
	c.print(w, "["+esc.Text(node)+"] "+line)
}

// event prints one line of kfc's own.
func (c *console) event(format string, args ...any) {
	c.print(c.err, esc.Text(fmt.Sprintf(format, args...)))
}

// lines prints lines of kfc's own, already escaped, each ending in a
// newline, with one write (off a terminal: a replayed run's skip lines).
func (c *console) lines(text []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(text) == 0 {
		return
	}
	if c.tty {
		c.clear()
		c.err.Write(text)
		return
	}
	stamp := c.now().UTC().Format("15:04:05.000") + " "
	b := make([]byte, 0, len(text)+bytes.Count(text, []byte{'\n'})*len(stamp))
	for len(text) > 0 {
		i := bytes.IndexByte(text, '\n') + 1
		if i == 0 {
			i = len(text)
		}
		b = append(append(b, stamp...), text[:i]...)
		text = text[i:]
	}
	c.err.Write(b)
}

func (c *console) print(w io.Writer, line string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clear()
	if !c.tty {
		line = c.now().UTC().Format("15:04:05.000") + " " + line
	}
	fmt.Fprintln(w, line)
	if c.now().Sub(c.drawnAt) >= redrawEvery {
		c.redraw() // else the ticker draws it soon
	}
}

func (c *console) nodeStarted(name string) {
	c.mu.Lock()
	c.running[name] = c.now()
	c.mu.Unlock()
}

func (c *console) nodeFinished(name string) {
	c.mu.Lock()
	delete(c.running, name)
	c.done++
	c.mu.Unlock()
}

// formatDuration prints d the way the summary does: 0.4s, 12.3s, 2m05s.
func formatDuration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	d = d.Round(time.Second)
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}
