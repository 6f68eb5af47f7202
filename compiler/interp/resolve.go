package interp

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// The resolver's state for one Resolve call: the config as vnodes with
// parent links, each string's memoised result, the stack of strings being
// resolved (for cycles) and the work budgets.

type state uint8

const (
	unresolved state = iota
	inProgress
	resolved
	failed // an error was reported, here or in what it depends on
	opaque // kfc cannot compute it (custom resolver, unset variable): left as written
)

// vnode is one node of the config being resolved, with the links
// resolution needs (parent, key) and its memoised result.
type vnode struct {
	n      *tree.Node
	parent *vnode
	kids   *kids // use children(): built on first use below a plain node
	val    value
	at     int32 // where v is among its parent's pairs or items: see key
	st     state
	lazy   bool // a plain container whose kids are not built yet
	// (the flags are together after at so that a vnode is 64 bytes)
	copying bool // being copied into the output: a reference back here is a cycle
	plain   bool // no interpolation anywhere below: the output can share n
	// synthetic nodes were made by oc.create: their positions are the
	// holder's, and their text is not the source text at that position.
	synthetic bool
}

// kids are the vnodes of a mapping's or list's children, in one
// allocation, with an index by key for large mappings (built lazily).
type kids struct {
	list  []vnode
	index map[string]*vnode
}

// key is v's key in its parent: a mapping key, or a list index in
// decimal; "" at the root. A node oc.create makes sits where its holder
// does (see build).
func (v *vnode) key() string {
	switch {
	case v.parent == nil:
		return ""
	case v.parent.n.Kind == tree.Seq:
		return strconv.Itoa(int(v.at))
	}
	return v.parent.n.Pairs[v.at].Key
}

// build makes the vnode tree of n and adds its size (see size) to *units.
// Below a plain node (most of a configuration) the vnodes are made only
// when resolution reaches them: a reference into it, or a copy. at is
// where the new vnode sits among parent's pairs or items (see key).
func build(n *tree.Node, parent *vnode, at int32, units *int) *vnode {
	v := &vnode{}
	buildInto(v, n, parent, at, units)
	return v
}

// buildInto is build into v, a zero vnode.
func buildInto(v *vnode, n *tree.Node, parent *vnode, at int32, units *int) {
	v.n, v.parent, v.at = n, parent, at
	if n == nil {
		*units++
		v.n = &tree.Node{Kind: tree.Null}
		return
	}
	if u, ok := plainSize(n); ok {
		*units += u
		v.plain, v.lazy = true, isContainer(n)
		return
	}
	*units += 1 + len(n.Text)
	v.plain = !isInterpolation(n)
	switch n.Kind {
	case tree.Map:
		v.kids = &kids{list: make([]vnode, len(n.Pairs))}
		for i, p := range n.Pairs {
			*units += len(p.Key)
			k := &v.kids.list[i]
			buildInto(k, p.Value, v, int32(i), units)
			v.plain = v.plain && k.plain
		}
	case tree.Seq:
		v.kids = &kids{list: make([]vnode, len(n.Items))}
		for i, it := range n.Items {
			k := &v.kids.list[i]
			buildInto(k, it, v, int32(i), units)
			v.plain = v.plain && k.plain
		}
	}
}

// plainSize is size(n) when nothing below n holds an interpolation or is
// nil (what build marks plain); ok is false otherwise.
func plainSize(n *tree.Node) (units int, ok bool) {
	if n == nil || isInterpolation(n) {
		return 0, false
	}
	c := 1 + len(n.Text)
	for _, p := range n.Pairs {
		u, ok := plainSize(p.Value)
		if !ok {
			return 0, false
		}
		c += len(p.Key) + u
	}
	for _, it := range n.Items {
		u, ok := plainSize(it)
		if !ok {
			return 0, false
		}
		c += u
	}
	return c, true
}

// children returns v's kids, making them on first use below a plain node
// (they are plain too).
func (v *vnode) children() []vnode {
	if !v.lazy {
		if v.kids == nil {
			return nil
		}
		return v.kids.list
	}
	v.lazy = false
	n := v.n
	count := len(n.Items)
	if n.Kind == tree.Map {
		count = len(n.Pairs)
	}
	v.kids = &kids{list: make([]vnode, count)}
	for i := range v.kids.list {
		k := &v.kids.list[i]
		if n.Kind == tree.Map {
			k.n = n.Pairs[i].Value
		} else {
			k.n = n.Items[i]
		}
		k.at, k.parent, k.plain, k.lazy = int32(i), v, true, isContainer(k.n)
	}
	return v.kids.list
}

// size is the measure the work budget scales with: one unit per node plus
// the bytes of its keys and scalar text.
func size(n *tree.Node) int {
	if n == nil {
		return 1
	}
	c := 1 + len(n.Text)
	for _, p := range n.Pairs {
		c += len(p.Key) + size(p.Value)
	}
	for _, it := range n.Items {
		c += size(it)
	}
	return c
}

// child finds a mapping key (the first one, as tree.Get does).
func (v *vnode) child(key string) *vnode {
	list := v.children()
	if len(list) > 16 {
		if v.kids.index == nil {
			v.kids.index = make(map[string]*vnode, len(list))
			for i := range list {
				if k := list[i].key(); v.kids.index[k] == nil {
					v.kids.index[k] = &list[i]
				}
			}
		}
		return v.kids.index[key]
	}
	for i := range list {
		if list[i].key() == key {
			return &list[i]
		}
	}
	return nil
}

// path is the key of v as a user writes it: a.b[0].c.
func (v *vnode) path() string {
	if v.parent == nil {
		return ""
	}
	p := v.parent.path()
	if v.parent.n.Kind == tree.Seq {
		return p + "[" + v.key() + "]"
	}
	if p == "" {
		return v.key()
	}
	return p + "." + v.key()
}

func displayPath(v *vnode) string {
	if p := v.path(); p != "" {
		return p
	}
	return "<root>"
}

// contains reports whether v is c or one of c's ancestors.
func (v *vnode) contains(c *vnode) bool {
	for ; c != nil; c = c.parent {
		if c == v {
			return true
		}
	}
	return false
}

func isContainer(n *tree.Node) bool { return n != nil && (n.Kind == tree.Map || n.Kind == tree.Seq) }

// value is an evaluation result: a node of the config itself (ref set, so
// copying it resolves what it holds in its own place) or a fresh value.
type value struct {
	n      *tree.Node
	ref    *vnode
	secret bool // derived from an environment variable: never shown in a message
	// owned: n is a string built for this value alone and not yet in the
	// output, so the first place it goes may take n itself (copyHolder).
	owned bool
}

func refValue(v *vnode) value { return value{n: v.n, ref: v} }

// evalError is a finding raised while resolving one string; it is reported
// at that string's node.
type evalError struct {
	code   diag.Code
	msg    string
	off    int  // byte offset of the `${` in the node's text, -1 if unknown
	opaque bool // not an error in the config: leave the value as written
}

// Sentinels passed up from a dependency that already reported.
var (
	errSilent = &evalError{}
	errOpaque = &evalError{opaque: true}
)

type frame struct {
	v   *vnode
	off int // the interpolation being evaluated, for cycle reports
}

type resolver struct {
	opts      Options
	diags     *diag.List
	root      *vnode
	stack     []*frame
	copies    []copyStep
	work      int
	copied    int
	depth     int // mappings and lists open around the node being copied
	maxWork   int // budgets for this config: see limits
	maxCopies int
	exhausted bool
	tooDeep   bool               // exhausted by nesting, not by volume
	limitSaid bool               // the limit finding has been reported
	reported  map[string]bool    // cycles already reported, by member set
	parsed    map[string]*text   // parses of texts met more than once
	seen      map[string]bool    // texts parsed once so far
	interps   map[string]*interp // each distinct flat ${...} parsed once (parseShared)
}

// secretConfig reports a config whose values are all secrets
// (credentials): messages never quote its text or values.
func (r *resolver) secretConfig() bool { return r.opts.Key == "credentials" }

// charge spends n units of the work budget; false once a budget is spent.
func (r *resolver) charge(n int) bool {
	r.work += n
	if r.work > r.maxWork {
		r.exhausted = true
	}
	return !r.exhausted
}

// chargeCopies counts n nodes copied; false once a budget is spent.
func (r *resolver) chargeCopies(n int) bool {
	r.copied += n
	if r.copied > r.maxCopies {
		r.exhausted = true
	}
	return !r.exhausted
}

const limitMessage = "interpolations expand to too much data (exponential references?); resolution stopped"

func (r *resolver) limitError(off int) *evalError {
	return &evalError{code: CodeLimit, off: off, msg: r.limitMessage()}
}

func (r *resolver) limitMessage() string {
	if r.tooDeep {
		return fmt.Sprintf("interpolations nest mappings and lists more than %d deep (references to references?); resolution stopped", tree.MaxDepth)
	}
	return limitMessage
}

// sayLimit reports the exhausted budget at v, once per Resolve.
func (r *resolver) sayLimit(v *vnode, off int) {
	if r.exhausted && !r.limitSaid {
		r.limitSaid = true
		r.report(v, off, CodeLimit, r.limitMessage())
	}
}

// report adds a finding at v, moving the column to the `${` when the
// node's text is its source text (a plain one-line scalar).
func (r *resolver) report(v *vnode, off int, code diag.Code, msg string) {
	pos := v.n.Pos()
	t := v.n.Text
	if off >= 0 && off <= len(t) && !v.synthetic && !v.n.Quoted && pos.Line > 0 && !strings.Contains(t, "\n") {
		pos.Col += utf8.RuneCountInString(t[:off])
	}
	r.diags.Add(diag.Diagnostic{Pos: pos, Code: code, Message: msg})
}

func (r *resolver) parse(s string) (*text, *syntaxError) {
	if t, ok := r.parsed[s]; ok {
		return t, nil
	}
	t, err := parseShared(s, r.interps)
	if err == nil {
		// Most texts are met once (a catalog's file paths): keeping every
		// parse would hold a syntax tree per entry until the whole config
		// is resolved, a tenth of the peak of a large one. A text met again
		// (an anchor's, a template's) is kept from its second parse on.
		if r.seen[s] {
			r.parsed[s] = t
			delete(r.seen, s)
		} else {
			r.seen[s] = true
		}
	}
	return t, err
}

// resolveString resolves the interpolation string held by v, once.
func (r *resolver) resolveString(v *vnode) (value, *evalError) {
	switch v.st {
	case resolved:
		return v.val, nil
	case failed:
		return value{}, errSilent
	case opaque:
		return value{}, errOpaque
	case inProgress:
		return value{}, r.cycle(v)
	}
	if r.exhausted {
		v.st = failed
		return value{}, errSilent
	}
	if len(r.stack) >= maxChain {
		v.st = failed
		r.report(v, strings.Index(v.n.Text, "${"), CodeLimit,
			"interpolation chain longer than "+strconv.Itoa(maxChain)+" references; resolution stopped")
		return value{}, errSilent
	}
	t, serr := r.parse(v.n.Text)
	if serr != nil {
		v.st = failed
		if serr.limit {
			r.report(v, serr.off, CodeLimit, serr.msg)
		} else {
			msg := "invalid interpolation: " + serr.msg
			if !r.secretConfig() {
				msg = syntaxMessage(v.n.Text, serr)
			}
			r.report(v, serr.off, CodeSyntax, msg)
		}
		return value{}, errSilent
	}
	if !r.charge(len(v.n.Text)) {
		v.st = failed
		r.sayLimit(v, -1)
		return value{}, errSilent
	}
	v.st = inProgress
	f := &frame{v: v, off: -1}
	r.stack = append(r.stack, f)
	ev := &evaluator{r: r, holder: v, ctx: v.parent, frame: f, fixedOff: -1, src: v.n.Text}
	val, err := ev.text(t)
	r.stack = r.stack[:len(r.stack)-1]
	if err != nil {
		switch {
		case err == errSilent:
			v.st = failed
		case err == errOpaque:
			v.st = opaque
		case err.code == CodeLimit && err.msg == limitMessage:
			v.st = failed
			r.sayLimit(v, err.off)
			return value{}, errSilent
		default:
			r.report(v, err.off, err.code, err.msg)
			if err.opaque {
				v.st = opaque
				return value{}, errOpaque
			}
			v.st = failed
			return value{}, errSilent
		}
		return value{}, err
	}
	v.st, v.val = resolved, val
	return val, nil
}

// cycle reports a reference to a string that is still being resolved, at
// the first string of the cycle, and fails every string on it.
func (r *resolver) cycle(target *vnode) *evalError {
	start := 0
	for i, f := range r.stack {
		if f.v == target {
			start = i
			break
		}
	}
	names := make([]string, 0, len(r.stack)-start+1)
	for _, f := range r.stack[start:] {
		names = append(names, displayPath(f.v))
	}
	msg := "interpolation cycle: " + strings.Join(append(names, displayPath(target)), " -> ")
	if len(names) == 1 {
		msg = "interpolation '" + displayPath(target) + "' refers to itself"
	}
	r.report(target, r.stack[start].off, CodeCycle, msg)
	return errSilent
}
