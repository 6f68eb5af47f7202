package recorder

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// processTag identifies this kfc process: host, pid and (on Linux) the
// process start time in clock ticks from /proc, so a recycled pid is not
// taken for the kfc that started a run.
func processTag() string {
	host, _ := os.Hostname()
	pid := os.Getpid()
	return fmt.Sprintf("%s:%d:%s", host, pid, startTime(pid))
}

// startTime is field 22 of /proc/PID/stat, "" where there is no /proc.
func startTime(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return ""
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 {
		return ""
	}
	return f[19]
}

// processGone reports whether the kfc process a kfc.process tag names has
// ended: only for tags of this host (another host's processes cannot be
// seen), a pid that no longer exists or now belongs to another process.
func processGone(tag string) bool {
	host, rest, ok := strings.Cut(tag, ":")
	if !ok {
		return false
	}
	if h, _ := os.Hostname(); h != host {
		return false
	}
	pidText, start, _ := strings.Cut(rest, ":")
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 {
		return false
	}
	if pid == os.Getpid() {
		return false
	}
	if pidGone(pid) {
		return true
	}
	if start != "" {
		if now := startTime(pid); now != "" && now != start {
			return true // the pid was reused
		}
	}
	return false
}
