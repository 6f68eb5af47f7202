package diag

import (
	"reflect"
	"testing"
)

func TestItemsSortsAndDeduplicates(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "b.yml", Line: 1, Col: 1}, "r", "second file")
	l.Warnf(Pos{File: "a.yml", Line: 2, Col: 5}, "r", "later line")
	l.Errorf(Pos{File: "a.yml", Line: 2, Col: 1}, "z", "same line, earlier column")
	l.Errorf(Pos{File: "a.yml", Line: 2, Col: 1}, "a", "same place, rule a first")
	l.Errorf(Pos{File: "b.yml", Line: 1, Col: 1}, "r", "second file") // exact duplicate
	var got []string
	for _, d := range l.Items() {
		got = append(got, d.String())
	}
	want := []string{
		"a.yml:2:1: error: same place, rule a first [a]",
		"a.yml:2:1: error: same line, earlier column [z]",
		"a.yml:2:5: warning: later line [r]",
		"b.yml:1:1: error: second file [r]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if !l.HasErrors() {
		t.Error("HasErrors is false")
	}
	if (Pos{File: "conf/local"}).String() != "conf/local" {
		t.Error("a whole-file position prints only the path")
	}
}
