package py

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	// PyYAML's implicit timestamp resolver, then the pattern its constructor uses.
	timestampRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`)
	})
	timestampParts = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?)?$`)
	})
)

// IsTimestamp reports whether PyYAML's resolver reads a plain scalar as a
// timestamp (a date or datetime object).
func IsTimestamp(text string) bool { return timestampRE().MatchString(text) }

// Timestamp is what PyYAML's construct_yaml_timestamp builds: a date, or
// a datetime with microseconds and an optional fixed UTC offset.
type Timestamp struct {
	year, month, day     int
	hasTime              bool
	hour, minute, second int
	micro                int
	tz                   int // offset in minutes
	hasTZ, utc           bool
}

// ParseTimestamp builds the date or datetime of a text PyYAML resolves as
// a timestamp; err says what PyYAML fails on (an impossible date).
func ParseTimestamp(text string) (Timestamp, error) {
	m := timestampParts().FindStringSubmatch(text)
	if m == nil {
		return Timestamp{}, fmt.Errorf("%q is not a timestamp", text)
	}
	atoi := func(s string) int { v, _ := strconv.Atoi(s); return v }
	t := Timestamp{year: atoi(m[1]), month: atoi(m[2]), day: atoi(m[3])}
	bad := func(what string) (Timestamp, error) {
		return Timestamp{}, fmt.Errorf("%q reads as a YAML timestamp, but its %s is out of range (PyYAML fails to load it)", text, what)
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

// Str is Python's str(date) / str(datetime) (isoformat with a space).
func (t Timestamp) Str() string {
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

// Repr is Python's repr() of the date or datetime.
func (t Timestamp) Repr() string {
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
