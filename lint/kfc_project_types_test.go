package lint

import "testing"

func TestKfcProjectTypes(t *testing.T) {
	got := vetRule(t, "kfc-project-types", map[string]string{
		"pyproject.toml":        "[tool.kfc.dataset_types.ImageDataset]\nrequired = [\"filepath\"]\n",
		"conf/base/catalog.yml": "a:\n  type: ImageDataset\n  filepath: a.png\n",
	})
	equalLines(t, "findings", got, []string{
		`pyproject.toml: error: [tool.kfc.dataset_types."ImageDataset"]: a declared type must be a full import path such as my_pkg.datasets.ImageDataset [kfc-project-types]`,
	})
	got = vetRule(t, "kfc-project-types", map[string]string{
		"pyproject.toml":        "[tool.kfc.dataset_types.\"my_pkg.ImageDataset\"]\nrequired = [\"filepath\"]\n",
		"conf/base/catalog.yml": "a:\n  type: my_pkg.ImageDataset\n  filepath: a.png\n",
	})
	equalLines(t, "findings", got, nil)
}
