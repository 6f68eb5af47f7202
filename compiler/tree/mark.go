package tree

import (
	"reflect"
	"strings"
	"unsafe"

	yaml "go.yaml.in/yaml/v3"
)

// errorMark is where PyYAML puts the problem_mark of the error dec just
// returned (1-based), read from go-yaml's parser state: its public error
// names only a line, often the line of the construct being read rather than
// of the mistake ("line 2: did not find expected ',' or ']'" for a `[`
// left open on line 3 and noticed on line 4). go-yaml is a port of libyaml
// as PyYAML is of the same C code, so their marks agree for the scanner and
// parser errors (the table in mark_test.go was made by running PyYAML). ok
// is false when the state cannot be read (a go-yaml whose fields changed:
// the test fails then) or the error has no mark; callers keep the line of
// the message.
func errorMark(dec *yaml.Decoder, msg string) (line, col int, ok bool) {
	defer func() {
		if recover() != nil { // a field renamed or retyped in go-yaml
			ok = false
		}
	}()
	p := private(reflect.ValueOf(dec).Elem(), "parser")
	if p.IsNil() {
		return 0, 0, false
	}
	yp := private(p.Elem(), "parser")
	var mark reflect.Value
	switch yp.FieldByName("error").Int() {
	case 3, 4: // yaml_SCANNER_ERROR, yaml_PARSER_ERROR
		mark = yp.FieldByName("problem_mark")
	default:
		// The composer's errors (decode.go, failf) leave the parser clean;
		// the one users meet is an unknown alias, whose event is the
		// current one, and PyYAML marks that alias.
		if !strings.HasPrefix(msg, "unknown anchor ") {
			return 0, 0, false
		}
		mark = private(p.Elem(), "event").FieldByName("start_mark")
	}
	line, col = int(mark.FieldByName("line").Int())+1, int(mark.FieldByName("column").Int())+1
	if strings.HasPrefix(msg, "found unknown escape character") {
		col++ // go-yaml marks the backslash, PyYAML the character after it
	}
	return line, col, true
}

// private is the field name of the struct v, readable although unexported.
func private(v reflect.Value, name string) reflect.Value {
	f := v.FieldByName(name)
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}
