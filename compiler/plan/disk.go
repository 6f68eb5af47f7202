package plan

import (
	"io/fs"

	"github.com/kfc-dev/kfc/internal/safefs"
)

// Disk is every file access of plan compilation: stats of scripts and path
// parameters, the digests of a kedro node's Python sources and of the
// MLproject's environment file. The compiler does no reads of its own, so
// a plan is a function of its inputs (TestCompileReadsOnlyItsDisk serves
// them from memory). Names are OS paths, absolute or relative to the
// working directory; ReadProjectFile's rel is relative to root and stays
// inside it.
type Disk interface {
	Stat(name string) (fs.FileInfo, error)
	ReadFile(name string) ([]byte, error)
	ReadProjectFile(root, rel string) ([]byte, error)
}

// disk is in's Disk, the real one when none is given.
func (in Input) disk() Disk {
	if in.Disk != nil {
		return in.Disk
	}
	return safefs.Disk{}
}
