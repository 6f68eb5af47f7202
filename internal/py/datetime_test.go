package py

import "testing"

// Expected values are str() and repr() of what PyYAML 6.0's safe_load
// builds (CPython 3.11).
func TestTimestamp(t *testing.T) {
	for _, c := range []struct{ text, str, repr string }{
		{"2001-12-14", "2001-12-14", "datetime.date(2001, 12, 14)"},
		{"2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.100000-05:00", "datetime.datetime(2001, 12, 14, 21, 59, 43, 100000, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=68400)))"},
		{"2001-12-14 21:59:43.10", "2001-12-14 21:59:43.100000", "datetime.datetime(2001, 12, 14, 21, 59, 43, 100000)"},
		{"2001-12-14T21:59:43Z", "2001-12-14 21:59:43+00:00", "datetime.datetime(2001, 12, 14, 21, 59, 43, tzinfo=datetime.timezone.utc)"},
		{"2001-1-4 1:59:43+5", "2001-01-04 01:59:43+05:00", "datetime.datetime(2001, 1, 4, 1, 59, 43, tzinfo=datetime.timezone(datetime.timedelta(seconds=18000)))"},
		{"2001-12-14T01:02:00Z", "2001-12-14 01:02:00+00:00", "datetime.datetime(2001, 12, 14, 1, 2, tzinfo=datetime.timezone.utc)"},
		{"2020-02-29 00:00:00.1234567 +05:30", "2020-02-29 00:00:00.123456+05:30", "datetime.datetime(2020, 2, 29, 0, 0, 0, 123456, tzinfo=datetime.timezone(datetime.timedelta(seconds=19800)))"},
		{"2001-12-14 21:59:00-00:00", "2001-12-14 21:59:00+00:00", "datetime.datetime(2001, 12, 14, 21, 59, tzinfo=datetime.timezone.utc)"},
	} {
		if !IsTimestamp(c.text) {
			t.Errorf("IsTimestamp(%q) = false", c.text)
			continue
		}
		ts, err := ParseTimestamp(c.text)
		if err != nil || ts.Str() != c.str || ts.Repr() != c.repr {
			t.Errorf("%q: str %q, repr %q, %v; want %q, %q", c.text, ts.Str(), ts.Repr(), err, c.str, c.repr)
		}
	}
	// PyYAML fails with ValueError on these.
	for _, text := range []string{"2001-02-29", "2001-13-01", "2001-12-14 24:00:00"} {
		if _, err := ParseTimestamp(text); err == nil {
			t.Errorf("ParseTimestamp(%q) succeeded", text)
		}
	}
	if IsTimestamp("2001-12-14x") {
		t.Error("IsTimestamp(2001-12-14x) = true")
	}
}
