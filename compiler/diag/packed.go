package diag

import (
	"math"
	"sync"
	"sync/atomic"
)

// PackedPos is a Pos in 12 bytes instead of 32, for values held by the
// million (the nodes of parsed trees): the file is an index into a
// process-wide table of file names, line and column are int32. Files kfc
// reads are at most 64 MiB, so a line or column never needs more; a larger
// one is clamped. The zero PackedPos is the zero Pos.
type PackedPos struct {
	file      uint32
	line, col int32
}

// Pack is p as a PackedPos.
func Pack(p Pos) PackedPos { return PackAt(FileHandle(p.File), p.Line, p.Col) }

// PackAt is the place at line and col in the file with handle f, for a
// caller that packs many places of one file (see FileHandle).
func PackAt(f File, line, col int) PackedPos {
	return PackedPos{file: uint32(f), line: clamp32(line), col: clamp32(col)}
}

// Unpack is the Pos p was packed from (line and column clamped).
func (p PackedPos) Unpack() Pos {
	return Pos{File: fileName(File(p.file)), Line: int(p.line), Col: int(p.col)}
}

func clamp32(v int) int32 {
	switch {
	case v > math.MaxInt32:
		return math.MaxInt32
	case v < math.MinInt32:
		return math.MinInt32
	}
	return int32(v)
}

// File is the handle of a file name in the process-wide table; 0 is "".
type File uint32

// files is the table. Names are only ever added: a reader loads the
// published slice header and indexes below its length, which no later
// append writes to, so reading takes no lock.
var files struct {
	mu     sync.Mutex
	byName map[string]File
	names  atomic.Pointer[[]string]
}

// FileHandle returns the handle of name, adding it to the table the first
// time. The table holds every distinct file name the process positions
// something in: a few per project file.
func FileHandle(name string) File {
	if name == "" {
		return 0
	}
	files.mu.Lock()
	defer files.mu.Unlock()
	if f, ok := files.byName[name]; ok {
		return f
	}
	if files.byName == nil {
		files.byName = map[string]File{}
	}
	var names []string
	if p := files.names.Load(); p != nil {
		names = *p
	} else {
		names = []string{""}
	}
	names = append(names, name)
	f := File(len(names) - 1)
	files.byName[name] = f
	files.names.Store(&names)
	return f
}

func fileName(f File) string {
	if f == 0 {
		return ""
	}
	return (*files.names.Load())[f]
}
