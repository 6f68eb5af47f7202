package cli

import (
	"io"
	"reflect"
	"testing"
)

// A command line the one-command grammar parses means what it means to
// the whole grammar: the same command, the same flag values. Anything
// else (help, the version, an unknown command or flag) falls back to the
// whole grammar, which prints kfc's usual text.
func TestParseOneAgreesWithTheWholeGrammar(t *testing.T) {
	e := &env{stdout: io.Discard, stderr: io.Discard, getenv: func(string) (string, bool) { return "", false }}
	for _, args := range [][]string{
		{"exec", "-j2", "--force", "proj"},
		{"exec", "proj", "--entry-point", "main", "-P", "alpha=0.5"},
		{"build", "--pipeline", "data_processing", "-o", "plan.json"},
		{"vet", "--format", "json"},
		{"catalog", "resolve", "companies"},
		{"runs", "ls"},
		{"version"},
	} {
		one := parseOne(args, e)
		if one == nil {
			t.Errorf("%q: not parsed by its command's grammar", args)
			continue
		}
		var root cliRoot
		exited := -1
		p, err := newParser(&root, e, io.Discard, io.Discard, &exited)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := parseArgs(p, args, &exited)
		if err != nil || exited >= 0 {
			t.Fatalf("%q: the whole grammar refuses it: %v", args, err)
		}
		if one.Command() != whole.Command() {
			t.Errorf("%q: command %q, want %q", args, one.Command(), whole.Command())
		}
		got := one.Selected().Target.Interface()
		want := whole.Selected().Target.Interface()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: parsed\n%#v\nwant\n%#v", args, got, want)
		}
	}
	for _, args := range [][]string{
		{"exec", "--help"}, {"exec", "-h"}, {"--version"}, {"exec", "--bogus"}, {"nosuch"}, {"exec", "a", "b", "c"}, {},
	} {
		if parseOne(args, e) != nil {
			t.Errorf("%q: parsed by one command's grammar, want the whole grammar's answer", args)
		}
	}
}

// BenchmarkParseExec is what every kfc exec pays to read its command line
// with the whole grammar and with its command's alone.
func BenchmarkParseExec(b *testing.B) {
	e := &env{stdout: io.Discard, stderr: io.Discard}
	args := []string{"exec", "-j2", "."}
	b.Run("whole", func(b *testing.B) {
		for b.Loop() {
			var root cliRoot
			exited := -1
			p, err := newParser(&root, e, io.Discard, io.Discard, &exited)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := parseArgs(p, args, &exited); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("one", func(b *testing.B) {
		for b.Loop() {
			if parseOne(args, e) == nil {
				b.Fatal("not parsed")
			}
		}
	})
}
