package mempolicy

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// fallback is assumed when nothing says how much memory there is.
const fallback = 4 << 30

// Available returns the memory a run may use: KFC_MEMORY when set, else
// the smaller of the kernel's MemAvailable and what the process's cgroup
// (v2, or v1's memory controller) has left under its limit. root is the
// file system root to read /proc and /sys under ("/" except in tests).
func Available(env, root string) (int64, error) {
	if env != "" {
		return ParseSize(env)
	}
	avail := int64(-1)
	if v, ok := memAvailable(filepath.Join(root, "proc/meminfo")); ok {
		avail = v
	}
	if left, ok := cgroupLeft(root); ok && (avail < 0 || left < avail) {
		avail = left
	}
	if avail <= 0 {
		avail = fallback
	}
	return avail, nil
}

// memAvailable reads MemAvailable (in kB) from a meminfo file.
func memAvailable(path string) (int64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "MemAvailable:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

// cgroupLeft is the cgroup's memory limit minus its usage, when it has a
// limit.
func cgroupLeft(root string) (int64, bool) {
	data, err := os.ReadFile(filepath.Join(root, "proc/self/cgroup"))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		var dirs []string
		var limitFile, usageFile string
		switch {
		case parts[0] == "0" && parts[1] == "": // v2
			dirs = []string{filepath.Join(root, "sys/fs/cgroup", parts[2]), filepath.Join(root, "sys/fs/cgroup")}
			limitFile, usageFile = "memory.max", "memory.current"
		case hasController(parts[1], "memory"): // v1
			dirs = []string{filepath.Join(root, "sys/fs/cgroup/memory", parts[2]), filepath.Join(root, "sys/fs/cgroup/memory")}
			limitFile, usageFile = "memory.limit_in_bytes", "memory.usage_in_bytes"
		default:
			continue
		}
		for _, dir := range dirs {
			limit, ok := readBytes(filepath.Join(dir, limitFile))
			if !ok {
				continue
			}
			if limit >= 1<<60 { // "max", or v1's page-rounded 2^63
				return 0, false
			}
			usage, _ := readBytes(filepath.Join(dir, usageFile))
			return max(limit-usage, 0), true
		}
	}
	return 0, false
}

func hasController(list, name string) bool {
	for _, c := range strings.Split(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// readBytes reads a cgroup number file; "max" is unlimited.
func readBytes(path string) (int64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	s := strings.TrimSpace(string(data))
	if s == "max" {
		return 1 << 62, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
