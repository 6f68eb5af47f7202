package localstore

import (
	"crypto/rand"
	"math/big"
)

// MLflow names a run that has neither a name nor an mlflow.runName tag
// "<predicate>-<noun>-<0..1000>" (name_utils._generate_random_name). kfc
// keeps the form with its own short word lists; the words carry no meaning.
var (
	predicates = []string{"amber", "brave", "calm", "clever", "eager", "gentle", "quiet", "rapid", "sunny", "wise"}
	nouns      = []string{"badger", "crane", "finch", "heron", "lynx", "otter", "panda", "robin", "seal", "wolf"}
)

// RandomRunName is a run name in MLflow's generated form.
func RandomRunName() string {
	return pick(predicates) + "-" + pick(nouns) + "-" + randInt(1001).String()
}

func pick(words []string) string { return words[randInt(int64(len(words))).Int64()] }

func randInt(n int64) *big.Int {
	v, _ := rand.Int(rand.Reader, big.NewInt(n))
	return v
}

// RunNameTag is MLflow's system tag holding the run name.
const RunNameTag = "mlflow.runName"
