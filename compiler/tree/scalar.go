package tree

import (
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Implicit resolvers of PyYAML's SafeLoader (YAML 1.1) and the float
// resolver OmegaConf adds on top. Timestamps are dropped by OmegaConf and
// read as plain strings here for both dialects (str() of a date is the same text).
var (
	intRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`)
	})
	pyFloatRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	})
	omegaFloatRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	})
)

// ResolveScalar types a plain (unquoted) scalar as the dialect's loader would.
func ResolveScalar(text string, dialect Dialect) *Node {
	n := &Node{Kind: String, Text: text}
	resolveImplicit(n, text, dialect)
	return n
}

func resolveImplicit(n *Node, s string, dialect Dialect) {
	switch s {
	case "", "~", "null", "Null", "NULL":
		n.Kind = Null
		return
	case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
		n.Kind, n.Bool = Bool, true
		return
	case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
		n.Kind, n.Bool = Bool, false
		return
	}
	// Only numbers are left to recognise, and they start with one of these:
	// decide names and paths without a regexp.
	if c := s[0]; !(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
		return
	}
	// After a sign every number has a digit or a point: `--in`, `-v` and
	// `+x` are names (command-line options are common in pipelines).
	if c := s[0]; (c == '-' || c == '+') && (len(s) == 1 || !(s[1] == '.' || (s[1] >= '0' && s[1] <= '9'))) {
		return
	}
	switch {
	case pyFloatRE().MatchString(s) || (dialect == OmegaConf && omegaFloatRE().MatchString(s)):
		// PyYAML tries float before int; the patterns never overlap.
		if f, ok := yamlFloat(s); ok {
			n.Kind, n.Float = Float, f
		}
	case intRE().MatchString(s):
		if i, ok := yamlInt(s); ok {
			n.Kind, n.Int = Int, i
		} else if b, ok := YAMLBigInt(s); ok {
			n.setInt(b) // Python ints are unbounded: keep it exact
		}
	}
}

func splitSign(s string) (neg bool, rest string) {
	s = strings.ReplaceAll(s, "_", "")
	if s != "" && (s[0] == '-' || s[0] == '+') {
		return s[0] == '-', s[1:]
	}
	return false, s
}

func yamlInt(s string) (int64, bool) {
	neg, v := splitSign(s)
	var u uint64
	var err error
	switch {
	case v == "0":
		return 0, true
	case strings.HasPrefix(v, "0b"):
		u, err = strconv.ParseUint(v[2:], 2, 63)
	case strings.HasPrefix(v, "0x"):
		u, err = strconv.ParseUint(v[2:], 16, 63)
	case v[0] == '0':
		u, err = strconv.ParseUint(v[1:], 8, 63)
	case strings.Contains(v, ":"):
		for _, part := range strings.Split(v, ":") {
			d, e := strconv.ParseUint(part, 10, 63)
			if e != nil || u > (math.MaxInt64-d)/60 {
				return 0, false
			}
			u = u*60 + d
		}
	default:
		u, err = strconv.ParseUint(v, 10, 63)
	}
	if err != nil {
		return 0, false
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}

// YAMLBigInt is PyYAML's construct_yaml_int at any size, of a text its
// int resolver matched; false when int() fails on it ("0x_").
func YAMLBigInt(s string) (*big.Int, bool) {
	neg, v := splitSign(s)
	base := 10
	switch {
	case strings.HasPrefix(v, "0b"):
		base, v = 2, v[2:]
	case strings.HasPrefix(v, "0x"):
		base, v = 16, v[2:]
	case len(v) > 1 && v[0] == '0':
		base, v = 8, v[1:]
	case strings.Contains(v, ":"):
		out := new(big.Int)
		sixty := big.NewInt(60)
		for _, part := range strings.Split(v, ":") {
			d, ok := new(big.Int).SetString(part, 10)
			if !ok {
				return nil, false
			}
			out.Mul(out, sixty).Add(out, d)
		}
		if neg {
			out.Neg(out)
		}
		return out, true
	}
	b, ok := new(big.Int).SetString(v, base)
	if !ok {
		return nil, false
	}
	if neg {
		b.Neg(b)
	}
	return b, true
}

// maxIntDigits is CPython's sys.int_max_str_digits default (3.11+):
// int() of a longer decimal text raises ValueError, so PyYAML cannot load it.
const maxIntDigits = 4300

// tooManyDigits reports whether a YAML int's text is a decimal longer than
// Python converts.
func tooManyDigits(s string) bool {
	if len(s) <= maxIntDigits {
		return false
	}
	_, v := splitSign(s)
	if strings.HasPrefix(v, "0") || strings.Contains(v, ":") {
		return false // other bases convert at any length
	}
	return len(v) > maxIntDigits
}

func yamlFloat(s string) (float64, bool) {
	neg, v := splitSign(s)
	v = strings.ToLower(v)
	var f float64
	switch {
	case v == ".inf":
		f = math.Inf(1)
	case v == ".nan":
		return math.NaN(), true
	case strings.Contains(v, ":"):
		parts := strings.Split(v, ":")
		for _, p := range parts {
			d, err := strconv.ParseFloat(p, 64)
			if err != nil {
				return 0, false
			}
			f = f*60 + d
		}
	default:
		var err error
		f, err = strconv.ParseFloat(v, 64)
		if err != nil && !strings.Contains(err.Error(), "range") {
			return 0, false
		}
	}
	if neg {
		f = -f
	}
	return f, true
}
