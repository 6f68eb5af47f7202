// Package tree is kfc's position-carrying value tree: what every YAML or
// JSON configuration file is parsed into before any check runs. Anchors,
// aliases and merge keys are already expanded; every node remembers where
// it was written, so any later stage (interpolation, CUE, graph checks) can
// report at the data file's position.
package tree

import (
	"math/big"
	"strconv"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/internal/py"
)

// Kind is the type of a node, after YAML 1.1 scalar resolution as PyYAML's
// SafeLoader (with OmegaConf's float resolver) does it.
type Kind uint8

const (
	Null Kind = iota
	Bool
	Int
	Float
	String
	Map
	Seq
)

func (k Kind) String() string {
	return [...]string{"null", "bool", "int", "float", "string", "mapping", "sequence"}[k]
}

// Node is one value. Scalars keep their resolved Go value in the field of
// their kind and their source text in Text. A map keeps its keys in file
// order. (Kind, Quoted and Bool are side by side so that a node is 128
// bytes, a size class, instead of 136: a large catalog holds millions.)
type Node struct {
	Kind   Kind
	Quoted bool // scalar written quoted or as a block: always a string
	Bool   bool
	At     diag.PackedPos // where the node is written: Pos()
	Text   string         // scalar source text (for String: the string value)
	Int    int64
	Big    *big.Int // an Int beyond int64 (Python ints are unbounded); nil otherwise
	Float  float64
	Pairs  []Pair  // Map
	Items  []*Node // Seq
}

// Pair is one key of a mapping.
type Pair struct {
	Key   string
	KeyAt diag.PackedPos // where the key is written: KeyPos()
	Value *Node
}

// Pos is where n is written.
func (n *Node) Pos() diag.Pos { return n.At.Unpack() }

// KeyPos is where the key is written.
func (p *Pair) KeyPos() diag.Pos { return p.KeyAt.Unpack() }

// Get returns the value under key in a map, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i := range n.Pairs {
		if n.Pairs[i].Key == key {
			return n.Pairs[i].Value
		}
	}
	return nil
}

// Pair returns the pair for key in a map, or nil.
func (n *Node) Pair(key string) *Pair {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i := range n.Pairs {
		if n.Pairs[i].Key == key {
			return &n.Pairs[i]
		}
	}
	return nil
}

// Lookup follows a path of map keys and sequence indexes.
func (n *Node) Lookup(path ...string) *Node {
	cur := n
	for _, p := range path {
		if cur == nil {
			return nil
		}
		switch cur.Kind {
		case Map:
			cur = cur.Get(p)
		case Seq:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(cur.Items) {
				return nil
			}
			cur = cur.Items[i]
		default:
			return nil
		}
	}
	return cur
}

// Set replaces or appends key in a map node.
func (n *Node) Set(key string, keyPos diag.Pos, v *Node) {
	for i := range n.Pairs {
		if n.Pairs[i].Key == key {
			n.Pairs[i].Value = v
			return
		}
	}
	n.Pairs = append(n.Pairs, Pair{Key: key, KeyAt: diag.Pack(keyPos), Value: v})
}

// IsScalar reports whether n is neither a map nor a sequence.
func (n *Node) IsScalar() bool { return n != nil && n.Kind != Map && n.Kind != Seq }

// Str is the string form OmegaConf gives a scalar when it is interpolated
// into a larger string (Python's str()): True/False/None, ints in decimal,
// floats in Python repr.
func (n *Node) Str() string {
	switch n.Kind {
	case Null:
		return "None"
	case Bool:
		if n.Bool {
			return "True"
		}
		return "False"
	case Int:
		return n.IntText()
	case Float:
		return py.FloatRepr(n.Float)
	case String:
		return n.Text
	}
	return n.Text
}

// IntText is the decimal form of an Int node, exact at any size, as
// Python's str() and repr() print it.
func (n *Node) IntText() string {
	if n.Big != nil {
		return n.Big.String()
	}
	return strconv.FormatInt(n.Int, 10)
}

// NewInt makes an Int node holding v exactly: in Int when it fits int64,
// in Big otherwise.
func NewInt(v *big.Int) *Node {
	n := &Node{Kind: Int}
	n.setInt(v)
	return n
}

func (n *Node) setInt(v *big.Int) {
	n.Kind, n.Int, n.Big = Int, 0, nil
	if v.IsInt64() {
		n.Int = v.Int64()
	} else {
		n.Big = v
	}
}

// Clone copies n deeply.
func (n *Node) Clone() *Node {
	if n == nil {
		return nil
	}
	c := *n
	if n.Pairs != nil {
		c.Pairs = make([]Pair, len(n.Pairs))
		for i, p := range n.Pairs {
			c.Pairs[i] = Pair{Key: p.Key, KeyAt: p.KeyAt, Value: p.Value.Clone()}
		}
	}
	if n.Items != nil {
		c.Items = make([]*Node, len(n.Items))
		for i, it := range n.Items {
			c.Items[i] = it.Clone()
		}
	}
	return &c
}

// NewString makes a string scalar at pos.
func NewString(s string, pos diag.Pos) *Node {
	return &Node{Kind: String, Text: s, At: diag.Pack(pos), Quoted: true}
}

// NewMap makes an empty mapping at pos.
func NewMap(pos diag.Pos) *Node { return &Node{Kind: Map, At: diag.Pack(pos)} }
