package localstore

import (
	"crypto/rand"
	"encoding/hex"
	"math/big"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/runtime/tracking"
)

// Python's \w is Unicode-aware: letters, digits and underscore
// (tracking.ValidKeyChars and ValidIDChars check those classes by hand).
// MLflow's run and experiment id patterns bound the length ({0,255},
// {0,63}); that bound is checked by counting characters.

// validID is MLflow's ^[\w][\w\-]{0,max-1}$: at most max characters.
func validID(id string, max int) bool {
	return utf8.RuneCountInString(id) <= max && tracking.ValidIDChars(id)
}

const badChars = "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/)."

// ValidateKey checks a param, metric or tag key as MLflow's
// _validate_{param,metric,tag}_name do; path names the field in messages
// ("key" for params and tags, "name" for metrics). Both stores need it: the
// FileStore turns keys into file paths, so a key like "../x" must never pass.
func ValidateKey(path, name string) error {
	if !tracking.ValidKeyChars(name) {
		return InvalidValue(path, name, badChars)
	}
	if norm := pyNormpath(name); norm != name || norm == "." || strings.HasPrefix(norm, "..") || strings.HasPrefix(norm, "/") {
		return InvalidValue(path, name, "Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '"+norm+"'")
	}
	return nil
}

// pyNormpath is posixpath.normpath: like path.Clean, but "" becomes "."
// and a leading "//" (exactly two slashes) is kept.
func pyNormpath(p string) string {
	if p == "" {
		return "."
	}
	c := path.Clean(p)
	if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
		c = "/" + c
	}
	return c
}

// ValidateRunID checks a run id against MLflow's _RUN_ID_REGEX.
func ValidateRunID(id string) error {
	if !validID(id, 256) {
		return InvalidValue("run_id", id, "")
	}
	return nil
}

// ValidateExperimentID checks an experiment id against _EXPERIMENT_ID_REGEX.
func ValidateExperimentID(id string) error {
	if !validID(id, 64) {
		return InvalidValue("experiment_id", id, "")
	}
	return nil
}

// NewRunID is uuid.uuid4().hex: 32 lowercase hex digits, version 4, RFC variant.
func NewRunID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return hex.EncodeToString(b[:])
}

// NewExperimentID is the FileStore's _generate_unique_integer_id: the last
// 18 decimal digits of a uuid4's integer, each leading zero replaced by
// appending one more random digit, so the id never starts with 0 and
// usually has 18 digits.
func NewExperimentID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	s := new(big.Int).SetBytes(b[:]).String()
	if len(s) > 18 {
		s = s[len(s)-18:]
	}
	for i := 0; i < len(s) && s[i] == '0'; i++ {
		n, _ := rand.Int(rand.Reader, big.NewInt(10))
		s += n.String()
	}
	return strings.TrimLeft(s, "0")
}
