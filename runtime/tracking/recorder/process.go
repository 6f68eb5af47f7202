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
	f := procStat(pid)
	if len(f) < 20 {
		return ""
	}
	return f[19]
}

// procStat is /proc/PID/stat from field 3 (the state) on, nil where there
// is no /proc.
func procStat(pid int) []string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(s[i+1:])
}

// exited reports a process that has ended but not been reaped yet (a
// zombie, or dead): a SIGKILLed kfc whose parent has not waited for it
// still answers kill -0.
func exited(pid int) bool {
	f := procStat(pid)
	return len(f) > 0 && (f[0] == "Z" || f[0] == "X")
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
	if pidGone(pid) || exited(pid) {
		return true
	}
	if start != "" {
		if now := startTime(pid); now != "" && now != start {
			return true // the pid was reused
		}
	}
	return false
}
