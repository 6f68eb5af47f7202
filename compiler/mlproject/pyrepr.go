package mlproject

import "github.com/kfc-dev/kfc/internal/py"

// pyRepr is Python 3's repr() of a str.
func pyRepr(s string) string { return py.Repr(s) }

// pyASCII is Python's ascii(): repr() with every non-ASCII character escaped.
func pyASCII(s string) string { return py.ASCII(s) }
