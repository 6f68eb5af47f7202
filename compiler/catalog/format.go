package catalog

import (
	"errors"

	"github.com/kfc-dev/kfc/internal/py"
)

// formatMap renders s as Python's s.format_map(named) does for the values
// a parse result holds (str and int): py.FormatMap. Kedro applies it to
// every string of a pattern's config that contains '}'. Errors carry
// Python's message; what kfc does not evaluate is an UnsupportedError.
func formatMap(s string, named map[string]value) (string, error) {
	args := make(map[string]py.Arg, len(named))
	for k, v := range named {
		if v.isInt {
			args[k] = py.Arg{Int: v.n}
		} else {
			args[k] = py.Arg{Text: v.text}
		}
	}
	out, err := py.FormatMap(s, args)
	var fe *py.FormatError
	switch {
	case err == nil:
		return out, nil
	case !errors.As(err, &fe):
		return "", err
	case fe.Kind == "Unsupported":
		return "", &UnsupportedError{Msg: fe.Msg}
	case fe.Kind == "KeyError":
		return "", errors.New(fe.Error())
	}
	return "", errors.New(fe.Msg)
}
