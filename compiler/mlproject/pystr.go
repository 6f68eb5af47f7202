package mlproject

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/py"
)

// MLflow substitutes a parameter default as str(value), value being what
// yaml.safe_load built: this file computes that string from a tree node
// parsed with tree.PyYAML. What the tree keeps as text is recovered from
// it: YAML 1.1 timestamps (PyYAML builds date and datetime objects, whose
// str() differs from the text as written) and int-looking texts PyYAML's
// int() fails on.

var (
	yamlIntRE = regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`)
	// PyYAML's implicit timestamp resolver, then the pattern its constructor uses.
	timestampRE    = regexp.MustCompile(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`)
	timestampParts = regexp.MustCompile(`^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?)?$`)
)

// PyStr is str(value) for the value PyYAML loads n as; err explains a
// value that yaml.safe_load itself would fail to build (an impossible
// date, "0x_"), which makes MLflow crash before it runs anything.
func PyStr(n *tree.Node) (string, error) {
	if n == nil {
		return "None", nil
	}
	switch n.Kind {
	case tree.String:
		if isPlainTimestamp(n) {
			ts, err := parseTimestamp(n.Text)
			if err != nil {
				return "", err
			}
			return ts.str(), nil
		}
		if !n.Quoted && yamlIntRE.MatchString(n.Text) {
			return bigYAMLInt(n.Text) // "0x_": PyYAML's int() fails on it
		}
		return n.Text, nil
	case tree.Seq, tree.Map:
		return pyReprNode(n)
	}
	return scalarRepr(n)
}

// scalarRepr is str() == repr() of a non-string scalar.
func scalarRepr(n *tree.Node) (string, error) {
	switch n.Kind {
	case tree.Null:
		return "None", nil
	case tree.Bool:
		if n.Bool {
			return "True", nil
		}
		return "False", nil
	case tree.Int:
		return n.IntText(), nil
	case tree.Float:
		return py.FloatRepr(n.Float), nil
	}
	return n.Text, nil
}

// pyReprNode is repr() of a loaded value, as str() of a list or dict shows
// its items.
func pyReprNode(n *tree.Node) (string, error) {
	return tree.Repr(n, tree.PyYAML, leafRepr)
}

// leafRepr is repr() of a scalar PyYAML loaded: dates as Python shows
// them, integers of any size.
func leafRepr(n *tree.Node) (string, error) {
	if n.Kind == tree.String {
		if isPlainTimestamp(n) {
			ts, err := parseTimestamp(n.Text)
			if err != nil {
				return "", err
			}
			return ts.repr(), nil
		}
		if !n.Quoted && yamlIntRE.MatchString(n.Text) {
			return bigYAMLInt(n.Text)
		}
		return py.Repr(n.Text), nil
	}
	return scalarRepr(n)
}

func isPlainTimestamp(n *tree.Node) bool {
	return !n.Quoted && timestampRE.MatchString(n.Text)
}

// bigYAMLInt is PyYAML's construct_yaml_int for any size.
func bigYAMLInt(text string) (string, error) {
	b, ok := tree.YAMLBigInt(text)
	if !ok {
		return "", fmt.Errorf("%q is not a valid integer (PyYAML fails to load it)", text)
	}
	return b.String(), nil
}

// pyTimestamp is what PyYAML's construct_yaml_timestamp builds: a date, or
// a datetime with microseconds and an optional fixed UTC offset.
type pyTimestamp struct {
	year, month, day     int
	hasTime              bool
	hour, minute, second int
	micro                int
	tz                   int // offset in minutes
	hasTZ, utc           bool
}

func parseTimestamp(text string) (pyTimestamp, error) {
	m := timestampParts.FindStringSubmatch(text)
	if m == nil {
		return pyTimestamp{}, fmt.Errorf("%q is not a timestamp", text)
	}
	atoi := func(s string) int { v, _ := strconv.Atoi(s); return v }
	t := pyTimestamp{year: atoi(m[1]), month: atoi(m[2]), day: atoi(m[3])}
	bad := func(what string) (pyTimestamp, error) {
		return pyTimestamp{}, fmt.Errorf("%q reads as a YAML timestamp, but its %s is out of range (PyYAML fails to load it)", text, what)
	}
	if t.year < 1 {
		return bad("year")
	}
	if t.month < 1 || t.month > 12 {
		return bad("month")
	}
	if t.day < 1 || t.day > daysIn(t.year, t.month) {
		return bad("day")
	}
	if m[4] == "" {
		return t, nil
	}
	t.hasTime = true
	t.hour, t.minute, t.second = atoi(m[4]), atoi(m[5]), atoi(m[6])
	if t.hour > 23 {
		return bad("hour")
	}
	if t.minute > 59 {
		return bad("minute")
	}
	if t.second > 59 {
		return bad("second")
	}
	if frac := m[7]; frac != "" {
		if len(frac) > 6 {
			frac = frac[:6]
		}
		t.micro = atoi(frac + strings.Repeat("0", 6-len(frac)))
	}
	switch {
	case m[9] != "":
		t.hasTZ = true
		t.tz = atoi(m[10])*60 + atoi(m[11])
		if m[9] == "-" {
			t.tz = -t.tz
		}
		if t.tz <= -24*60 || t.tz >= 24*60 {
			return bad("UTC offset")
		}
	case m[8] != "":
		t.hasTZ, t.utc = true, true
	}
	return t, nil
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// str is Python's str(date) / str(datetime) (isoformat with a space).
func (t pyTimestamp) str() string {
	s := fmt.Sprintf("%04d-%02d-%02d", t.year, t.month, t.day)
	if !t.hasTime {
		return s
	}
	s += fmt.Sprintf(" %02d:%02d:%02d", t.hour, t.minute, t.second)
	if t.micro != 0 {
		s += fmt.Sprintf(".%06d", t.micro)
	}
	if t.hasTZ {
		off, sign := t.tz, "+"
		if off < 0 {
			off, sign = -off, "-"
		}
		s += fmt.Sprintf("%s%02d:%02d", sign, off/60, off%60)
	}
	return s
}

// repr is Python's repr() of the date or datetime.
func (t pyTimestamp) repr() string {
	if !t.hasTime {
		return fmt.Sprintf("datetime.date(%d, %d, %d)", t.year, t.month, t.day)
	}
	args := fmt.Sprintf("%d, %d, %d, %d, %d", t.year, t.month, t.day, t.hour, t.minute)
	switch {
	case t.micro != 0:
		args += fmt.Sprintf(", %d, %d", t.second, t.micro)
	case t.second != 0:
		args += fmt.Sprintf(", %d", t.second)
	}
	switch {
	case t.utc || (t.hasTZ && t.tz == 0):
		args += ", tzinfo=datetime.timezone.utc"
	case t.hasTZ:
		secs := t.tz * 60
		days := secs / 86400
		if secs < 0 && secs%86400 != 0 {
			days--
		}
		rest := secs - days*86400
		var fields []string
		if days != 0 {
			fields = append(fields, fmt.Sprintf("days=%d", days))
		}
		if rest != 0 {
			fields = append(fields, fmt.Sprintf("seconds=%d", rest))
		}
		args += ", tzinfo=datetime.timezone(datetime.timedelta(" + strings.Join(fields, ", ") + "))"
	}
	return "datetime.datetime(" + args + ")"
}
