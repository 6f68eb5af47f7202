// Package pyproject is the project's pyproject.toml, read and parsed once
// per run: the config loader ([tool.kedro], [tool.kfc] settings), the
// dataset-type declarations, lint's settings and the plan's project name
// all decode their part of the one parsed document.
package pyproject

import (
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/kfc-dev/kfc/internal/safefs"
)

// File is the name of the file, at the project root.
const File = "pyproject.toml"

// Doc is a parsed pyproject.toml. Its methods are safe for concurrent use
// (rules run in parallel; the decoder's metadata is not).
type Doc struct {
	Src []byte
	// Err is the parse error (a toml.ParseError), nil when the file is
	// valid TOML; a Doc that does not parse has no keys and decodes nothing.
	Err error

	mu  sync.Mutex
	md  toml.MetaData
	top map[string]toml.Primitive
}

// Read reads and parses root's pyproject.toml. The error is the read's
// (fs.ErrNotExist when there is none; safefs's refusals); a file that does
// not parse is a Doc with Err set.
func Read(root string) (*Doc, error) {
	src, err := safefs.ReadFile(root, File)
	if err != nil {
		return nil, err
	}
	return Parse(src), nil
}

// Parse parses src as pyproject.toml.
func Parse(src []byte) *Doc {
	d := &Doc{Src: src}
	d.md, d.Err = toml.Decode(string(src), &d.top)
	if d.Err != nil {
		d.top = nil
	}
	return d
}

// Type is the TOML type of the value at key ("Hash", "Array", "String",
// ...), "" when there is no such key. Nil-safe.
func (d *Doc) Type(key ...string) string {
	if d == nil || d.Err != nil {
		return ""
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.md.Type(key...)
}

// Keys lists every key of the document, in file order. Nil-safe.
func (d *Doc) Keys() []toml.Key {
	if d == nil || d.Err != nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.md.Keys()
}

// Decode decodes the top-level value named key (as "tool") into v as
// toml.Decode would decode it inside the whole document, with the same
// error messages. An absent key leaves v alone; so does a Doc that does
// not parse (its Err is the caller's to report).
func (d *Doc) Decode(key string, v any) error {
	if d == nil || d.Err != nil {
		return nil
	}
	prim, ok := d.top[key]
	if !ok {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.md.PrimitiveDecode(prim, v)
}

// DecodePrimitive decodes a Primitive met inside a value Decode gave.
func (d *Doc) DecodePrimitive(prim toml.Primitive, v any) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.md.PrimitiveDecode(prim, v)
}
