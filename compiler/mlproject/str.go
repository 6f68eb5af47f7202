package mlproject

import (
	"fmt"
	"regexp"

	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/py"
)

// MLflow substitutes a parameter default as str(value), value being what
// yaml.safe_load built: this file computes that string from a tree node
// parsed with tree.PyYAML. What the tree keeps as text is recovered from
// it: YAML 1.1 timestamps (PyYAML builds date and datetime objects, whose
// str() differs from the text as written) and int-looking texts PyYAML's
// int() fails on.

var yamlIntRE = regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`)

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
			ts, err := py.ParseTimestamp(n.Text)
			if err != nil {
				return "", err
			}
			return ts.Str(), nil
		}
		if !n.Quoted && yamlIntRE.MatchString(n.Text) {
			return bigYAMLInt(n.Text) // "0x_": PyYAML's int() fails on it
		}
		return n.Text, nil
	case tree.Seq, tree.Map:
		return pyReprNode(n)
	}
	return n.Str(), nil // str() == repr() of a non-string scalar
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
			ts, err := py.ParseTimestamp(n.Text)
			if err != nil {
				return "", err
			}
			return ts.Repr(), nil
		}
		if !n.Quoted && yamlIntRE.MatchString(n.Text) {
			return bigYAMLInt(n.Text)
		}
		return py.Repr(n.Text), nil
	}
	return n.Str(), nil // str() == repr() of a non-string scalar
}

func isPlainTimestamp(n *tree.Node) bool {
	return !n.Quoted && py.IsTimestamp(n.Text)
}

// bigYAMLInt is PyYAML's construct_yaml_int for any size.
func bigYAMLInt(text string) (string, error) {
	b, ok := tree.YAMLBigInt(text)
	if !ok {
		return "", fmt.Errorf("%q is not a valid integer (PyYAML fails to load it)", text)
	}
	return b.String(), nil
}
