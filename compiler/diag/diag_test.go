package diag

import (
	"reflect"
	"testing"
)

func TestItemsSortsAndDeduplicates(t *testing.T) {
	var l List
	l.Reportf(Pos{File: "b.yml", Line: 1, Col: 1}, "r.R", "second file")
	l.Reportf(Pos{File: "a.yml", Line: 2, Col: 5}, "r.R", "later line")
	l.Reportf(Pos{File: "a.yml", Line: 2, Col: 1}, "z.Z", "same line, earlier column")
	l.Reportf(Pos{File: "a.yml", Line: 2, Col: 1}, "a.A", "same place, code a first")
	l.Reportf(Pos{File: "b.yml", Line: 1, Col: 1}, "r.R", "second file") // exact duplicate
	l.Add(Diagnostic{Pos: Pos{File: "a.yml", Line: 2, Col: 1}, Severity: Warning, Rule: "a-rule", Message: "a classified finding"})
	var got []string
	for _, d := range l.Items() {
		got = append(got, d.String())
	}
	want := []string{
		"a.yml:2:1: same place, code a first [a.A]",
		"a.yml:2:1: same line, earlier column [z.Z]",
		"a.yml:2:1: warning: a classified finding [a-rule]",
		"a.yml:2:5: later line [r.R]",
		"b.yml:1:1: second file [r.R]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if (Pos{File: "conf/local"}).String() != "conf/local" {
		t.Error("a whole-file position prints only the path")
	}
}

// Update lets lint give problems their rule in place.
func TestUpdate(t *testing.T) {
	var l List
	l.Reportf(Pos{File: "a.yml"}, "x.Y", "m")
	l.Update(func(d *Diagnostic) { d.Rule, d.Severity = "x-y", Error })
	if got := l.Items()[0].String(); got != "a.yml: error: m [x-y]" {
		t.Errorf("got %q", got)
	}
}
