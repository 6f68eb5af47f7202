package pipeline

import (
	"sync"

	"github.com/kfc-dev/kfc/schema"
)

// The keys a pipeline definition and a node may have are those of
// #NodesPipeline/#FromPipeline and of the node variants in
// schema/pipelines.cue; the reader's switches handle exactly these
// (TestReaderKeysAreTheSchemas), and the did-you-mean hints take them from
// the compiled schema, so the lists are written once.
var (
	keysOnce                sync.Once
	defKeyList, nodeKeyList []string
)

func schemaKeys() {
	keysOnce.Do(func() {
		s := schema.MustLoad()
		defKeyList = s.Keys("#NodesPipeline", "#FromPipeline")
		nodeKeyList = s.Keys("#RunNode", "#ShellNode", "#EntryPointNode", "#KedroNode")
	})
}

// definitionKeys are the keys of a pipeline definition.
func definitionKeys() []string { schemaKeys(); return defKeyList }

// nodeKeys are the keys of a node, any variant.
func nodeKeys() []string { schemaKeys(); return nodeKeyList }
