package localstore

import (
	"crypto/rand"
	"math/big"

	"github.com/kfc-dev/kfc/runtime/tracking"
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

// RunName settles a new run's name as both MLflow stores do: the requested
// name and an mlflow.runName tag must agree, either one names the run, else
// a random name is made; the name is added as the tag when none was given.
// It returns the name and the run's tags (a copy; the caller's are kept).
func RunName(requested string, tags []tracking.Tag) (string, []tracking.Tag, error) {
	tags = append([]tracking.Tag(nil), tags...)
	nameTag, hasNameTag := "", false
	for _, t := range tags {
		if t.Key == RunNameTag {
			nameTag, hasNameTag = t.Value, true
		}
	}
	if requested != "" && hasNameTag && requested != nameTag {
		return "", nil, RunNameConflict(requested, nameTag)
	}
	name := requested
	if name == "" {
		name = nameTag
	}
	if name == "" {
		name = RandomRunName()
	}
	if !hasNameTag {
		tags = append(tags, tracking.Tag{Key: RunNameTag, Value: name})
	}
	return name, tags, nil
}
