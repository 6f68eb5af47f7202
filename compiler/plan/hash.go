package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/kfc-dev/kfc/internal/esc"
)

// HashAlgorithm prefixes every hash in a plan, so a future change of
// algorithm or normalisation is visible in the data (DVC and dbt both had
// to migrate unnamed hashes).
const HashAlgorithm = "sha256"

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return HashAlgorithm + ":" + hex.EncodeToString(h[:])
}

// zeroHash stands in for the plan's own hash while the plan is hashed.
var zeroHash = HashAlgorithm + ":" + strings.Repeat("0", 64)

// DatasetHash is the hash of d's definition (see jsonWriter.datasetDefinition).
func DatasetHash(d *Dataset) string {
	var w jsonWriter
	return w.datasetHash(d)
}

// NodeHash is the hash of n's definition (see jsonWriter.nodeDefinition);
// datasets must hold every dataset n reads or writes, with its Hash set.
func NodeHash(n *Node, datasets map[string]*Dataset) string {
	var w jsonWriter
	return w.nodeHash(n, datasets)
}

// datasetHash and nodeHash reuse w's buffer, so hashing thousands of
// definitions allocates little.
func (w *jsonWriter) datasetHash(d *Dataset) string {
	w.B, w.Depth, w.First = w.B[:0], 0, false
	w.datasetDefinition(d)
	return sum(w.B)
}

func (w *jsonWriter) nodeHash(n *Node, datasets map[string]*Dataset) string {
	w.B, w.Depth, w.First = w.B[:0], 0, false
	w.nodeDefinition(n, datasets)
	return sum(w.B)
}

// PlanHash is the hash of the plan as kfc writes it (Encode) with the
// hex digits of its own hash field all 0.
func PlanHash(p *Plan) string {
	return sum(encode(p, zeroHash))
}

// Seal fills in every dataset, node and plan hash.
func (p *Plan) Seal() {
	p.sealParts()
	p.Hash = PlanHash(p)
}

// sealParts fills in the dataset and node hashes; the plan hash is left to
// Encode, which computes it from the bytes it writes anyway.
func (p *Plan) sealParts() {
	w := jsonWriter{JSONWriter: esc.JSONWriter{B: make([]byte, 0, 4096)}}
	for _, d := range p.Datasets {
		d.Hash = w.datasetHash(d)
	}
	for _, n := range p.Nodes {
		n.Hash = w.nodeHash(n, p.Datasets)
	}
}

// Verify recomputes every hash and reports the first that does not match,
// so an edited plan is not mistaken for one kfc built.
func (p *Plan) Verify() error {
	if (p.Pipeline == "") == (p.EntryPoint == "") {
		return fmt.Errorf("a plan names exactly one of pipeline and entry_point")
	}
	names := make([]string, 0, len(p.Datasets))
	for k := range p.Datasets {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		d := p.Datasets[name]
		if d.Name != name {
			return fmt.Errorf("dataset %q is stored under %q", d.Name, name)
		}
		if h := DatasetHash(d); h != d.Hash {
			return fmt.Errorf("dataset %q: hash %s does not match its definition (%s)", name, d.Hash, h)
		}
	}
	for _, n := range p.Nodes {
		if h := NodeHash(n, p.Datasets); h != n.Hash {
			return fmt.Errorf("node %q: hash %s does not match its definition (%s)", n.Name, n.Hash, h)
		}
	}
	if h := PlanHash(p); h != p.Hash {
		return fmt.Errorf("plan hash %s does not match its content (%s)", p.Hash, h)
	}
	return nil
}
