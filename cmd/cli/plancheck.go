package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kfc-dev/kfc/compiler/plan"
	"github.com/kfc-dev/kfc/internal/pool"
	"github.com/kfc-dev/kfc/internal/safefs"
	"github.com/kfc-dev/kfc/schema"
)

// encodePlan is plan.Encode; the tests replace it to build a plan that
// does not fit #Plan.
var encodePlan = plan.Encode

// encodeChecked encodes a plan kfc built (setting its hash) and checks the
// bytes against #Plan before anything writes or runs them: a built plan
// that does not fit is kfc's bug (exit 3), never a file to hand on.
func encodeChecked(p *plan.Plan) ([]byte, error) {
	out, err := encodePlan(p)
	if err != nil {
		return nil, err
	}
	if err := schema.CheckPlan(out); err != nil {
		return nil, &exitError{code: ExitInternal, msg: pool.BugText("the plan kfc built does not fit #Plan: " + err.Error())}
	}
	return out, nil
}

// planFileError is a plan file's failed #Plan check: the file's fault
// (exit 2), or kfc's when the check itself failed (exit 3).
func planFileError(path string, err error) error {
	var bug *schema.InternalError
	if errors.As(err, &bug) {
		return &exitError{code: ExitInternal, msg: pool.BugText("checking " + path + " against #Plan: " + err.Error())}
	}
	return &exitError{code: ExitUsage, msg: fmt.Sprintf("%s: not a valid plan: %v", path, err)}
}

// planChecks is where kfc exec remembers the plan files that passed the
// #Plan check, in the project's cache: checking a 1,000-node plan in CUE
// takes longer than a no-op run of it (docs/bench.md). An entry is a
// sha256 over the schema sources and the plan's exact bytes, so an edited
// plan or another kfc version is checked again. Only a plan whose hashes
// (Verify) passed too is remembered, and Verify, a function of those same
// bytes, is then not repeated either: it was a tenth of a no-op run.
const planChecks = ".kfc/cache/plan-checks"

// planChecksKept bounds the file: the most recent plans are kept.
const planChecksKept = 32

// readPlanRemembered is readPlan for kfc exec, skipping the schema check of
// a plan whose bytes passed it before in this project. It returns the
// file's bytes too: they become the run's plan.json.
func readPlanRemembered(path, root string) (*plan.Plan, []byte, error) {
	b, err := safefs.ReadArg(path)
	if err != nil {
		return nil, nil, &exitError{code: ExitUsage, msg: err.Error()}
	}
	key := planCheckKey(b)
	file := filepath.Join(root, filepath.FromSlash(planChecks))
	known, _ := os.ReadFile(file)
	if key != "" && hasLine(known, key) {
		p, err := plan.Decode(b)
		if err != nil { // cannot be, but a cache is never trusted over the file
			return nil, nil, &exitError{code: ExitUsage, msg: fmt.Sprintf("%s: not a valid plan: %v", path, err)}
		}
		return p, b, nil
	}
	if err := schema.CheckPlan(b); err != nil {
		return nil, nil, planFileError(path, err)
	}
	p, err := decodePlan(path, b)
	if err != nil {
		return nil, nil, err
	}
	if key != "" {
		rememberPlanCheck(file, known, key) // a cache: a failure only costs the next run the check
	}
	return p, b, nil
}

func planCheckKey(b []byte) string {
	d, err := schema.Digest()
	if err != nil {
		return ""
	}
	h := sha256.New()
	h.Write(d)
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

func hasLine(b []byte, key string) bool {
	for _, l := range bytes.Split(b, []byte("\n")) {
		if string(l) == key {
			return true
		}
	}
	return false
}

// rememberPlanCheck appends key, keeping the last planChecksKept lines,
// by temp file and rename (writeFileAtomic).
func rememberPlanCheck(file string, known []byte, key string) {
	var lines [][]byte
	for _, l := range bytes.Split(known, []byte("\n")) {
		if len(l) == sha256.Size*2 {
			lines = append(lines, l)
		}
	}
	lines = append(lines, []byte(key))
	if len(lines) > planChecksKept {
		lines = lines[len(lines)-planChecksKept:]
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return
	}
	_ = writeFileAtomic(file, append(bytes.Join(lines, []byte("\n")), '\n'))
}
