package catalog

import (
	"errors"
	"math/big"
	"testing"
)

// Expected results were produced by CPython 3.11's str.format_map.
func TestFormatMapLikePython(t *testing.T) {
	named := map[string]value{"name": {text: "Cars"}, "n": {isInt: true, n: big.NewInt(7)}, "accent": {text: "café \u2028😀"}}
	tests := []struct{ in, want, err string }{
		{in: "data/{name}.csv", want: "data/Cars.csv"},
		{in: "{name}", want: "Cars"},
		{in: "{{name}}", want: "{name}"},
		{in: "{{{name}}}", want: "{Cars}"},
		{in: "a}", err: "Single '}' encountered in format string"},
		{in: "{name}}", err: "Single '}' encountered in format string"},
		{in: "x{", err: "Single '{' encountered in format string"},
		{in: "{n:03d}", want: "007"},
		{in: "{n:>4}", want: "   7"},
		{in: "{n:+d}", want: "+7"},
		{in: "{n:#x}", want: "0x7"},
		{in: "{name:>6}", want: "  Cars"},
		{in: "{name:^7}", want: " Cars  "},
		{in: "{name:.2}", want: "Ca"},
		{in: "{name:05}", want: "Cars0"},
		{in: "{name!r}", want: "'Cars'"},
		{in: "{accent!a}", want: `'caf\xe9 \u2028\U0001f600'`},
		{in: "{accent!r}", want: "'café \\u2028😀'"},
		{in: "{n!a}", want: "7"},
		{in: "{name:{n}}", want: "Cars   "},
		{in: "{}", err: "Format string contains positional fields"},
		{in: "{0}", err: "Format string contains positional fields"},
		{in: "{nam}", err: "KeyError: 'nam'"},
		{in: "{name:d}", err: "Unknown format code 'd' for object of type 'str'"},
		{in: "{name!x}", err: "Unknown conversion specifier x"},
	}
	for _, tt := range tests {
		got, err := formatMap(tt.in, named)
		switch {
		case tt.err != "" && (err == nil || err.Error() != tt.err):
			t.Errorf("formatMap(%q) error = %v; want %q", tt.in, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("formatMap(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	// Python would print a bound method's repr; kfc says it does not evaluate it.
	_, err := formatMap("{name.upper}", named)
	var u *UnsupportedError
	if !errors.As(err, &u) {
		t.Errorf("attribute access: got %v, want an UnsupportedError", err)
	}
}
