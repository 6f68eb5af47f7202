package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// kind is a dataset flavour: a kedro-datasets type plus how it is written.
type kind int

const (
	kindCSV kind = iota
	kindParquet
	kindSparkLocal
	kindSparkS3 // remote, with credentials: only ever a raw input
	kindPartitionedCSV
	kindPartitionedParquet
	kindJSON
	kindPickle
	kindText
	kindYAML
)

// isDir reports whether the dataset's path is a folder of files.
func (k kind) isDir() bool { return k == kindPartitionedCSV || k == kindPartitionedParquet }

// isLocal reports whether a node can read the path as a local file or folder.
func (k kind) isLocal() bool { return k != kindSparkS3 }

type weighted struct {
	kind   kind
	weight int
}

// layer is one of Kedro's data-engineering layers, with its own catalog file.
type layer struct {
	dir    string // folder under data/
	key    string // key under globals paths
	prefix string // dataset name prefix
	share  int    // parts per 100 of the datasets
	file   string // catalog file, relative to conf/base
	kinds  []weighted
}

var layers = []layer{
	{"01_raw", "raw", "raw", 15, "catalog.yml", []weighted{
		{kindCSV, 45}, {kindSparkS3, 20}, {kindPartitionedCSV, 15}, {kindJSON, 10}, {kindText, 10}}},
	{"02_intermediate", "intermediate", "int", 20, "catalog_intermediate.yml", []weighted{
		{kindParquet, 50}, {kindSparkLocal, 25}, {kindCSV, 25}}},
	{"03_primary", "primary", "prm", 15, "catalog_primary.yml", []weighted{
		{kindParquet, 60}, {kindSparkLocal, 20}, {kindPartitionedParquet, 20}}},
	{"04_feature", "feature", "fea", 20, "catalog/features.yml", []weighted{
		{kindParquet, 50}, {kindPartitionedParquet, 20}, {kindSparkLocal, 30}}},
	{"05_model_input", "model_input", "mdl_in", 10, "catalog/model_input.yml", []weighted{
		{kindParquet, 70}, {kindCSV, 30}}},
	{"06_models", "models", "model", 5, "modules/modelling/catalog.yml", []weighted{
		{kindPickle, 100}}},
	{"07_model_output", "model_output", "mdl_out", 8, "modules/modelling/catalog_outputs.yml", []weighted{
		{kindParquet, 60}, {kindCSV, 40}}},
	{"08_reporting", "reporting", "rpt", 7, "modules/reporting/catalog.yml", []weighted{
		{kindJSON, 60}, {kindYAML, 20}, {kindText, 20}}},
}

var nouns = []string{
	"companies", "shuttles", "reviews", "customers", "orders", "flights", "sensors", "events",
	"sessions", "invoices", "products", "stores", "routes", "crews", "engines", "weather",
	"payments", "clicks", "launches", "bookings",
}

// entry is one explicit catalog entry.
type entry struct {
	name      string
	layer     int
	kind      kind
	versioned bool
	pathStyle int // 0: ${globals:paths.x}, 1: ${_x_dir}, 2: a literal path
	variant   int // small per-entry variations (extra arguments)
}

// factory is one dataset factory pattern and how to name a dataset it matches.
type factory struct {
	pattern string
	kind    kind
	body    string // the entry under the pattern key, indented two spaces
	example func(base string) string
}

type catalog struct {
	entries   []*entry
	byLayer   [][]*entry
	factories []factory
	overrides []*entry // raw CSV entries the local env replaces
}

func newCatalog(n, factories int, rng *rand.Rand) *catalog {
	c := &catalog{byLayer: make([][]*entry, len(layers))}
	counts := splitByShare(n)
	i := 0
	for li, l := range layers {
		for j := 0; j < counts[li]; j++ {
			e := &entry{
				name:      fmt.Sprintf("%s_%s_%05d", l.prefix, nouns[rng.IntN(len(nouns))], i),
				layer:     li,
				kind:      pick(l.kinds, rng),
				pathStyle: rng.IntN(3),
				variant:   rng.IntN(10),
			}
			switch e.kind {
			case kindPickle:
				e.versioned = true
			case kindParquet, kindJSON:
				e.versioned = li >= 5 || rng.IntN(20) == 0
			case kindText:
				e.versioned = li == 7 && rng.IntN(2) == 0
			}
			c.entries = append(c.entries, e)
			c.byLayer[li] = append(c.byLayer[li], e)
			i++
		}
	}
	for _, e := range c.byLayer[0] {
		if e.kind == kindCSV && len(c.overrides) < 1+n/200 && rng.IntN(4) == 0 {
			c.overrides = append(c.overrides, e)
		}
	}
	c.factories = makeFactories(factories)
	return c
}

// splitByShare divides n datasets among the layers; raw gets the rounding
// remainder so that there is always a raw input when n > 0.
func splitByShare(n int) []int {
	counts := make([]int, len(layers))
	used := 0
	for i := 1; i < len(layers); i++ {
		counts[i] = n * layers[i].share / 100
		used += counts[i]
	}
	counts[0] = n - used
	return counts
}

func pick(options []weighted, rng *rand.Rand) kind {
	total := 0
	for _, o := range options {
		total += o.weight
	}
	r := rng.IntN(total)
	for _, o := range options {
		if r < o.weight {
			return o.kind
		}
		r -= o.weight
	}
	return options[len(options)-1].kind
}

// extension is the file suffix a kind's filepath ends with ("" for folders).
func extension(k kind) string {
	switch k {
	case kindCSV:
		return ".csv"
	case kindParquet, kindSparkLocal:
		return ".parquet"
	case kindJSON:
		return ".json"
	case kindPickle:
		return ".pkl"
	case kindText:
		return ".txt"
	case kindYAML:
		return ".yml"
	}
	return ""
}

// location is the entry's filepath (or path) as written, interpolations included.
func (e *entry) location() string {
	l := layers[e.layer]
	file := e.name + extension(e.kind)
	if e.kind == kindSparkS3 {
		return "${globals:s3_bucket}/" + l.dir + "/" + e.name + "/"
	}
	switch e.pathStyle {
	case 0:
		return "${globals:paths." + l.key + "}/" + file
	case 1:
		return "${_" + l.key + "_dir}/" + file
	}
	return "data/" + l.dir + "/" + file
}

// render returns the catalog files, conf-relative paths -> YAML.
func (c *catalog) render() map[string]string {
	files := map[string]string{}
	for li, l := range layers {
		var b strings.Builder
		fmt.Fprintf(&b, "# %s layer: %d datasets (generated by kfc-synth)\n\n", l.dir, len(c.byLayer[li]))
		b.WriteString(templates(l.key))
		fmt.Fprintf(&b, "_%s_dir: ${globals:paths.%s}\n\n", l.key, l.key)
		for _, e := range c.byLayer[li] {
			writeEntry(&b, e, "")
		}
		files["conf/base/"+l.file] = b.String()
	}
	if len(c.factories) > 0 {
		var b strings.Builder
		b.WriteString("# Dataset factories: pipeline datasets with these suffixes need no entry of their own.\n\n")
		b.WriteString(templates("factory"))
		for _, f := range c.factories {
			fmt.Fprintf(&b, "%s:\n%s\n", quote(f.pattern), f.body)
		}
		files["conf/base/catalog_factories.yml"] = b.String()
	}
	if len(c.overrides) > 0 {
		var b strings.Builder
		b.WriteString("# Local runs read small samples of some raw tables.\n\n")
		b.WriteString(templates("local"))
		for _, e := range c.overrides {
			writeEntry(&b, e, "data/01_raw/local_sample/"+e.name+".csv")
		}
		files["conf/local/catalog.yml"] = b.String()
	}
	return files
}

// templates returns the `_` anchor templates a catalog file starts with. YAML
// anchors do not cross files, so each file has its own; the keys carry the
// file's tag because Kedro merges one environment's files in no fixed order,
// and a `_` key defined in two files would get either value.
func templates(tag string) string {
	return strings.TrimPrefix(strings.ReplaceAll(templateText, "\n_", "\n_"+tag+"_"), "\n")
}

const templateText = `
_csv: &csv
  type: pandas.CSVDataset
  load_args: &csv_load_args
    sep: ","
    encoding: utf-8
  save_args:
    index: false

_parquet: &parquet
  type: pandas.ParquetDataset
  save_args:
    compression: snappy

_spark: &spark
  type: spark.SparkDataset
  file_format: ${globals:spark.file_format}
  save_args:
    mode: overwrite

_model: &model
  type: pickle.PickleDataset
  backend: pickle
  versioned: true

_json: &json
  type: json.JSONDataset
  save_args:
    indent: 2

`

// writeEntry writes one explicit entry; a non-empty location overrides its path.
func writeEntry(b *strings.Builder, e *entry, location string) {
	if location == "" {
		location = e.location()
	}
	fmt.Fprintf(b, "%s:\n", e.name)
	switch e.kind {
	case kindCSV:
		b.WriteString("  <<: *csv\n")
		fmt.Fprintf(b, "  filepath: %s\n", quote(location))
		if e.variant == 0 {
			b.WriteString("  load_args:\n    <<: *csv_load_args\n    sep: \";\"\n")
		}
	case kindParquet:
		b.WriteString("  <<: *parquet\n")
		fmt.Fprintf(b, "  filepath: %s\n", quote(location))
		if e.variant == 1 {
			b.WriteString("  load_args:\n    engine: pyarrow\n")
		}
	case kindSparkLocal:
		b.WriteString("  <<: *spark\n")
		fmt.Fprintf(b, "  filepath: %s\n", quote(location))
	case kindSparkS3:
		b.WriteString("  <<: *spark\n")
		fmt.Fprintf(b, "  filepath: %s\n", quote(location))
		b.WriteString("  file_format: csv\n  credentials: dev_s3\n")
		b.WriteString("  load_args:\n    header: true\n    inferSchema: true\n")
	case kindPartitionedCSV:
		b.WriteString("  type: partitions.PartitionedDataset\n")
		fmt.Fprintf(b, "  path: %s\n", quote(location))
		b.WriteString("  dataset:\n    type: pandas.CSVDataset\n    load_args:\n      sep: \",\"\n")
		b.WriteString("  filename_suffix: .csv\n")
	case kindPartitionedParquet:
		b.WriteString("  type: partitions.PartitionedDataset\n")
		fmt.Fprintf(b, "  path: %s\n", quote(location))
		b.WriteString("  dataset: pandas.ParquetDataset\n  filename_suffix: .parquet\n")
	case kindJSON:
		b.WriteString("  <<: *json\n")
		fmt.Fprintf(b, "  filepath: %s\n", quote(location))
	case kindPickle:
		b.WriteString("  <<: *model\n")
		fmt.Fprintf(b, "  filepath: %s\n", quote(location))
		if e.variant < 3 {
			b.WriteString("  backend: joblib\n")
		}
	case kindText:
		b.WriteString("  type: text.TextDataset\n")
		fmt.Fprintf(b, "  filepath: %s\n", quote(location))
	case kindYAML:
		b.WriteString("  type: yaml.YAMLDataset\n")
		fmt.Fprintf(b, "  filepath: %s\n", quote(location))
	}
	// The templates set versioned for models; other kinds opt in here.
	if e.versioned && e.kind != kindPickle {
		b.WriteString("  versioned: true\n")
	}
	if e.variant >= 7 {
		fmt.Fprintf(b, "  metadata:\n    kedro-viz:\n      layer: %s\n", layers[e.layer].key)
	}
	b.WriteString("\n")
}

// makeFactories returns n patterns with distinct literal suffixes, so each
// generated name matches exactly the pattern it was made for.
func makeFactories(n int) []factory {
	base := []factory{
		{`{name}_scores`, kindParquet, "  <<: *parquet\n  filepath: ${globals:paths.model_output}/{name}_scores.parquet\n  versioned: true\n",
			func(s string) string { return s + "_scores" }},
		{`{name}_report`, kindJSON, "  <<: *json\n  filepath: ${globals:paths.reporting}/{name}/report.json\n",
			func(s string) string { return s + "_report" }},
		{`{name}_features`, kindSparkLocal, "  <<: *spark\n  filepath: ${globals:paths.feature}/{name}_features\n",
			func(s string) string { return s + "_features" }},
		{`{name}_embeddings`, kindPickle, "  <<: *model\n  filepath: data/06_models/{name}_embeddings.pkl\n",
			func(s string) string { return s + "_embeddings" }},
		{`{name}_{period}_agg`, kindCSV, "  <<: *csv\n  filepath: \"${globals:paths.feature}/{period}/{name}_agg.csv\"\n",
			func(s string) string { return s + "_daily_agg" }},
		{`{name}_sample`, kindCSV, "  <<: *csv\n  filepath: data/05_model_input/{name}_sample.csv\n",
			func(s string) string { return s + "_sample" }},
		{`{name}_parts`, kindPartitionedParquet, "  type: partitions.PartitionedDataset\n  path: ${globals:paths.primary}/{name}_parts\n  dataset:\n    type: pandas.ParquetDataset\n  filename_suffix: .parquet\n",
			func(s string) string { return s + "_parts" }},
		{`{name}_notes`, kindText, "  type: text.TextDataset\n  filepath: ${globals:paths.reporting}/notes/{name}.txt\n",
			func(s string) string { return s + "_notes" }},
	}
	out := make([]factory, 0, n)
	for i := 0; i < n; i++ {
		if i < len(base) {
			out = append(out, base[i])
			continue
		}
		suffix := fmt.Sprintf("_extra_%d", i)
		out = append(out, factory{`{name}` + suffix, kindJSON,
			"  <<: *json\n  filepath: ${globals:paths.reporting}/extra/{name}" + suffix + ".json\n",
			func(s string) string { return s + suffix }})
	}
	return out
}
