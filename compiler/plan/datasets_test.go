package plan

import (
	"strings"
	"testing"
)

func TestNewDatasetPaths(t *testing.T) {
	for _, tc := range []struct {
		name, entry    string
		path           string
		persisted, ver bool
	}{
		{"a", "type: pandas.CSVDataset\nfilepath: data//01_raw/./a.csv\n", "data/01_raw/a.csv", true, false},
		{"b", "type: pandas.CSVDataset\nfilepath: s3://bucket/b.csv\n", "s3://bucket/b.csv", true, false},
		{"c", "type: pandas.CSVDataset\nfilepath: /abs/c.csv\n", "/abs/c.csv", true, false},
		{"d", "type: pandas.CSVDataset\nfilepath: 'C:\\data\\d.csv'\n", `C:\data\d.csv`, true, false},
		{"e", "type: partitions.PartitionedDataset\npath: data/parts/\ndataset: pandas.CSVDataset\n", "data/parts", true, false},
		{"f", "type: kedro_mlflow.io.artifacts.MlflowArtifactDataset\ndataset:\n  type: pickle.PickleDataset\n  filepath: data/06/f.pkl\n  versioned: true\n", "data/06/f.pkl", true, true},
		{"g", "type: pandas.SQLTableDataset\ntable_name: g\ncredentials: db\n", ".kfc/runs/{run_id}/data/g", false, false},
		{"h@spark", "type: kedro.io.MemoryDataset\n", ".kfc/runs/{run_id}/data/h", false, false},
	} {
		d := newDataset(tc.name, Resolved{Kind: ResolvedExplicit, Config: parse(t, "c.yml", tc.entry)})
		if d.Path != tc.path || d.Persisted != tc.persisted || d.Versioned != tc.ver {
			t.Errorf("%s: path %q persisted %v versioned %v, want %q %v %v", tc.name, d.Path, d.Persisted, d.Versioned, tc.path, tc.persisted, tc.ver)
		}
	}
	d := newDataset("x", Resolved{})
	if d.Resolution != ResolvedDefault || d.Type != DefaultType || string(d.Config) != "{}" {
		t.Errorf("unresolved: %+v", d)
	}
}

func TestRedactCredentials(t *testing.T) {
	cfg := parse(t, "c.yml", `
type: partitions.PartitionedDataset
path: s3://b/p
credentials: s3_creds
dataset:
  type: pandas.CSVDataset
  credentials: {key: TOPSECRET, secret: ALSOSECRET}
load_args:
  - credentials: [NESTED]
`)
	d := newDataset("p", Resolved{Kind: ResolvedExplicit, Config: cfg})
	got := string(d.Config)
	for _, secret := range []string{"TOPSECRET", "ALSOSECRET", "NESTED"} {
		if strings.Contains(got, secret) {
			t.Errorf("config keeps %s: %s", secret, got)
		}
	}
	if d.Credentials != "s3_creds" || !strings.Contains(got, `"credentials":"s3_creds"`) {
		t.Errorf("credentials name lost: %s", got)
	}
	if cfg.Lookup("dataset", "credentials", "key").Text != "TOPSECRET" {
		t.Errorf("the catalog's own tree was modified")
	}
}

// Transcoded variants are one graph vertex: x@spark written by one node
// and x@pandas read by another make a dependency, share the run-folder
// file and the version token.
const transcodedPipelines = `
__default__:
  nodes:
    - {name: a, run: [w, "{out.x@spark}", "{out.m@spark}"], outputs: [x@spark, m@spark]}
    - {name: b, run: [r, "{in.x@pandas}", "{in.m@pandas}"], inputs: [x@pandas, m@pandas], outputs: y}
`

func TestCompileTranscoding(t *testing.T) {
	proj := testProject(t)
	proj.Config["pipelines"] = parse(t, "conf/base/pipelines.yml", transcodedPipelines)
	resolve := func(name string) Resolved {
		if strings.HasPrefix(name, "m@") {
			return Resolved{Kind: ResolvedExplicit, Config: parse(t, "c.yml", "type: pickle.PickleDataset\nfilepath: data/m.pkl\nversioned: true\n")}
		}
		return Resolved{Kind: ResolvedDefault}
	}
	p, err := Compile(Input{Project: proj, Resolve: resolve}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, p)
	if len(p.Nodes) != 2 || p.Nodes[1].Name != "b" || strings.Join(p.Nodes[1].DependsOn, ",") != "node.a" {
		t.Fatalf("nodes: %+v", p.Nodes)
	}
	if got := strings.Join(p.Nodes[1].Command.Argv, " "); got != "r .kfc/runs/{run_id}/data/x data/m.pkl/{version:m}/m.pkl" {
		t.Errorf("b argv = %s", got)
	}
	if got := strings.Join(p.Nodes[0].Command.Argv, " "); got != "w .kfc/runs/{run_id}/data/x data/m.pkl/{version:m}/m.pkl" {
		t.Errorf("a argv = %s", got)
	}
	if p.Datasets["x@pandas"].Producer != "node.a" {
		t.Errorf("x@pandas producer = %q", p.Datasets["x@pandas"].Producer)
	}
}
