package tree

import (
	yaml "go.yaml.in/yaml/v3"
)

// collectionTagProblem says why PyYAML's SafeLoader (which Kedro's and
// MLflow's loaders are) refuses the explicit tag on the mapping or
// sequence n, or returns "" when it accepts it. SafeLoader constructs
// !!map and !!seq as written; !!omap and !!pairs become lists of (key,
// value) tuples and !!set a Python set, which OmegaConf cannot hold and kfc
// has no value for, so kfc refuses them too; any other tag has no
// constructor. TestCollectionTags pins each case against PyYAML.
func collectionTagProblem(n *yaml.Node) string {
	if n.Style&yaml.TaggedStyle == 0 {
		return ""
	}
	want, other := "!!map", "mapping"
	if n.Kind == yaml.SequenceNode {
		want, other = "!!seq", "sequence"
	}
	switch n.Tag {
	case want, "!", "":
		return ""
	case "!!omap", "!!pairs":
		return "tag " + n.Tag + " makes PyYAML read a list of (key, value) tuples, which OmegaConf and kfc cannot represent; write a plain mapping"
	case "!!set":
		return "tag !!set makes PyYAML read a Python set, which OmegaConf and kfc cannot represent; write a list"
	case "!!map", "!!seq":
		return "tag " + n.Tag + " on a " + other + ": PyYAML expects a " + map[string]string{"!!map": "mapping", "!!seq": "sequence"}[n.Tag] + " node, but found " + other
	case "!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!timestamp":
		return "tag " + n.Tag + " on a " + other + ": PyYAML expects a scalar node, but found " + other
	}
	return "unknown YAML tag " + n.Tag + " on a " + other + " (PyYAML's safe loader has no constructor for it)"
}
