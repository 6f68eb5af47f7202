package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/config"
	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/model"
)

// ruleExamples are, for the rules whose problems the loader or a compiler
// package reports (and kfc-ignore, which Suppress reports), a project that
// triggers the rule and one that does not, taken from the rule's Bad and
// Good examples in docs/rules.md. Each case runs the whole of kfc vet
// (load, every rule, settings, inline ignores) and compares the rule's
// findings exactly; args are kfc vet's --env and --params.
var ruleExamples = []struct {
	rule           string
	args, goodArgs string // goodArgs: the good example's, when they differ
	bad, good      map[string]string
	links          []string // files of bad or good written as symbolic links to their text
	want           []string
}{
	{
		rule: "ambiguous-template-key",
		bad: map[string]string{
			"conf/base/catalog.yml":           "_csv: &csv\n  type: pandas.CSVDataset\n  load_args:\n    sep: \",\"\n\ncompanies:\n  <<: *csv\n  filepath: data/01_raw/companies.csv\n",
			"conf/base/catalog_reporting.yml": "_csv:\n  type: pandas.CSVDataset\n  save_args:\n    index: false\n\nshuttle_report:\n  type: pandas.CSVDataset\n  filepath: data/08_reporting/shuttles.csv\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":           "_csv: &csv\n  type: pandas.CSVDataset\n  load_args:\n    sep: \",\"\n\ncompanies:\n  <<: *csv\n  filepath: data/01_raw/companies.csv\n",
			"conf/base/catalog_reporting.yml": "_report_csv:\n  type: pandas.CSVDataset\n  save_args:\n    index: false\n\nshuttle_report:\n  type: pandas.CSVDataset\n  filepath: data/08_reporting/shuttles.csv\n",
		},
		want: []string{
			"conf/base/catalog_reporting.yml:1:1: warning: template key _csv is defined in both conf/base/catalog.yml and conf/base/catalog_reporting.yml: Kedro merges the files of one environment in an order set by Python's hash seed, so which value catalog entries get is not deterministic [ambiguous-template-key]",
		},
	},
	{
		rule: "config-not-mapping",
		bad: map[string]string{
			"conf/base/parameters.yml": "- test_size: 0.2\n- random_state: 3\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml": "test_size: 0.2\nrandom_state: 3\n",
		},
		want: []string{
			"conf/base/parameters.yml:1:1: error: the top level of a parameters file must be a mapping of keys to values, not a list [config-not-mapping]",
		},
	},
	{
		rule: "custom-resolver-not-evaluated",
		bad: map[string]string{
			"conf/base/parameters.yml":     "model_options:\n  random_state: ${seed:}\n",
			"src/spaceflights/settings.py": "import random\n\nCONFIG_LOADER_ARGS = {\n    \"base_env\": \"base\",\n    \"default_run_env\": \"local\",\n    \"custom_resolvers\": {\"seed\": lambda: random.randint(0, 2**31)},\n}\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml": "model_options:\n  random_state: ${oc.decode:\"3\"}\n",
		},
		want: []string{
			"conf/base/parameters.yml:2:17: info: custom resolver 'seed' is not evaluated by kfc; the value is left as written [custom-resolver-not-evaluated]",
		},
	},
	{
		rule: "duplicate-config-key",
		bad: map[string]string{
			"conf/base/catalog.yml":     "companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n",
			"conf/base/catalog_raw.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies_2024.csv\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":  "companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n",
			"conf/local/catalog.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies_2024.csv\n",
		},
		want: []string{
			"conf/base/catalog_raw.yml:1:1: error: Duplicate keys found in conf/base/catalog.yml and conf/base/catalog_raw.yml: companies [duplicate-config-key]",
		},
	},
	{
		rule: "duplicate-key",
		bad: map[string]string{
			"conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n\ncompanies:\n  type: pandas.ExcelDataset\n  filepath: data/01_raw/shuttles.xlsx\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n\nshuttles:\n  type: pandas.ExcelDataset\n  filepath: data/01_raw/shuttles.xlsx\n",
		},
		want: []string{
			"conf/base/catalog.yml:5:1: error: duplicate key \"companies\" in one mapping [duplicate-key]",
		},
	},
	{
		rule: "globals-in-globals",
		bad: map[string]string{
			"conf/base/globals.yml": "bucket: s3://spaceflights-data\nraw_folder: ${globals:bucket}/01_raw\n",
		},
		good: map[string]string{
			"conf/base/globals.yml": "bucket: s3://spaceflights-data\nraw_folder: ${bucket}/01_raw\n",
		},
		want: []string{
			"conf/base/globals.yml:2:13: error: the globals: resolver cannot be used inside globals itself [globals-in-globals]",
		},
	},
	{
		rule: "globals-missing-key",
		bad: map[string]string{
			"conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: ${globals:paths.raw}/companies.csv\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: ${globals:paths.raw}/companies.csv\n",
			"conf/base/globals.yml": "paths:\n  raw: data/01_raw\n",
		},
		want: []string{
			"conf/base/catalog.yml:3:13: error: globals key 'paths.raw' not found and no default value provided [globals-missing-key]",
		},
	},
	{
		rule: "globals-private-key",
		bad: map[string]string{
			"conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: ${globals:_raw_folder}/companies.csv\n",
			"conf/base/globals.yml": "_raw_folder: data/01_raw\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: ${globals:raw_folder}/companies.csv\n",
			"conf/base/globals.yml": "raw_folder: data/01_raw\n",
		},
		want: []string{
			"conf/base/catalog.yml:3:13: error: globals key '_raw_folder' starts with '_', which Kedro does not support [globals-private-key]",
		},
	},
	{
		rule: "interpolation-cycle",
		bad: map[string]string{
			"conf/base/parameters.yml": "model_options:\n  test_size: ${split_options.test_size}\nsplit_options:\n  test_size: ${model_options.test_size}\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml": "model_options:\n  test_size: ${split_options.test_size}\nsplit_options:\n  test_size: 0.2\n",
		},
		want: []string{
			"conf/base/parameters.yml:2:14: error: interpolation cycle: model_options.test_size -> split_options.test_size -> model_options.test_size [interpolation-cycle]",
		},
	},
	{
		rule: "interpolation-key-type",
		bad: map[string]string{
			"conf/base/parameters.yml": "active_split: 1\nsplits:\n  \"1\": {test_size: 0.2}\n  \"2\": {test_size: 0.3}\nsplit_options: ${splits.${active_split}}\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml": "active_split: \"1\"\nsplits:\n  \"1\": {test_size: 0.2}\n  \"2\": {test_size: 0.3}\nsplit_options: ${splits.${active_split}}\n",
		},
		want: []string{
			"conf/base/parameters.yml:5:25: error: interpolation '${active_split}' is used as a key but gives an int, not a string [interpolation-key-type]",
		},
	},
	{
		rule: "interpolation-limit",
		bad: map[string]string{
			"conf/base/parameters.yml": "l0: [a, a, a, a, a, a, a, a, a, a]\nl1: [\"${l0}\", \"${l0}\", \"${l0}\", \"${l0}\", \"${l0}\", \"${l0}\", \"${l0}\", \"${l0}\", \"${l0}\", \"${l0}\"]\nl2: [\"${l1}\", \"${l1}\", \"${l1}\", \"${l1}\", \"${l1}\", \"${l1}\", \"${l1}\", \"${l1}\", \"${l1}\", \"${l1}\"]\nl3: [\"${l2}\", \"${l2}\", \"${l2}\", \"${l2}\", \"${l2}\", \"${l2}\", \"${l2}\", \"${l2}\", \"${l2}\", \"${l2}\"]\nl4: [\"${l3}\", \"${l3}\", \"${l3}\", \"${l3}\", \"${l3}\", \"${l3}\", \"${l3}\", \"${l3}\", \"${l3}\", \"${l3}\"]\nl5: [\"${l4}\", \"${l4}\", \"${l4}\", \"${l4}\", \"${l4}\", \"${l4}\", \"${l4}\", \"${l4}\", \"${l4}\", \"${l4}\"]\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml": "l0: [a, a, a, a, a, a, a, a, a, a]\nl1: [\"${l0}\", \"${l0}\"]\n",
		},
		want: []string{
			"conf/base/parameters.yml:6:24: error: interpolations expand to too much data (exponential references?); resolution stopped [interpolation-limit]",
		},
	},
	{
		rule: "interpolation-missing-key",
		bad: map[string]string{
			"conf/base/catalog.yml":    "companies:\n  type: pandas.CSVDataset\n  filepath: ${_base_location}/01_raw/companies.csv\n",
			"conf/base/parameters.yml": "_base_location: data\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml": "_base_location: data\n\ncompanies:\n  type: pandas.CSVDataset\n  filepath: ${_base_location}/01_raw/companies.csv\n",
		},
		want: []string{
			"conf/base/catalog.yml:3:13: error: interpolation key '_base_location' not found [interpolation-missing-key]",
		},
	},
	{
		rule: "interpolation-syntax",
		bad: map[string]string{
			"conf/base/catalog.yml": "_base_location: data\n\nshuttles:\n  type: pandas.ExcelDataset\n  filepath: ${_base_location/01_raw/shuttles.xlsx\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml": "_base_location: data\n\nshuttles:\n  type: pandas.ExcelDataset\n  filepath: ${_base_location}/01_raw/shuttles.xlsx\n",
		},
		want: []string{
			"conf/base/catalog.yml:5:50: error: invalid interpolation '${_base_location/01_raw/shuttles.xlsx': unexpected end of string (missing '}') [interpolation-syntax]",
		},
	},
	{
		rule:     "invalid-runtime-params",
		args:     "--params model_options.test_size",
		goodArgs: "--params model_options.test_size=0.3",
		bad: map[string]string{
			"conf/base/parameters.yml": "model_options:\n  test_size: 0.2\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml": "model_options:\n  test_size: 0.2\n",
		},
		want: []string{
			"--params:1:1: error: Invalid format of `params` option: Item `model_options.test_size` must contain a key and a value separated by `=`. [invalid-runtime-params]",
		},
	},
	{
		rule: "invalid-settings",
		bad: map[string]string{
			"pyproject.toml":               "[tool.kedro]\npackage_name = \"spaceflights\"\nproject_name = \"spaceflights\"\n",
			"src/spaceflights/settings.py": "from kedro.config import OmegaConfigLoader\n\nCONFIG_LOADER_CLASS = OmegaConfigLoader\nCONFIG_LOADER_ARGS = {\n    \"base_env\": \"base\",\n    \"default_run_env\": \"local\",\n    \"merge_strategy\": {\"parameters\": \"deep\"},\n}\n",
		},
		good: map[string]string{
			"pyproject.toml":               "[tool.kedro]\npackage_name = \"spaceflights\"\nproject_name = \"spaceflights\"\n",
			"src/spaceflights/settings.py": "from kedro.config import OmegaConfigLoader\n\nCONFIG_LOADER_CLASS = OmegaConfigLoader\nCONFIG_LOADER_ARGS = {\n    \"base_env\": \"base\",\n    \"default_run_env\": \"local\",\n    \"merge_strategy\": {\"parameters\": \"soft\"},\n}\n",
		},
		want: []string{
			"src/spaceflights/settings.py:7:38: error: Merging strategy deep not supported. The accepted merging strategies are ['destructive', 'soft']. [invalid-settings]",
		},
	},
	{
		rule: "kfc-ignore",
		bad: map[string]string{
			"conf/base/catalog.yml": "regressor:\n  type: pickle.PickleDataset\n  filepath: data/06_models/regressor.pickle\n  version: 2024-05-01T10.00.00.000Z  # kfc:ignore dataset-reserved-versoin\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml": "regressor:\n  type: pickle.PickleDataset\n  filepath: data/06_models/regressor.pickle\n  version: 2024-05-01T10.00.00.000Z  # kfc:ignore dataset-reserved-version\n",
		},
		want: []string{
			"conf/base/catalog.yml:4:38: warning: kfc:ignore names unknown rule dataset-reserved-versoin (did you mean dataset-reserved-version?) [kfc-ignore]",
		},
	},
	{
		rule: "missing-default-env",
		bad: map[string]string{
			"pyproject.toml": "[tool.kfc]\ndefault_run_env = \"dev\"\n",
		},
		good: map[string]string{
			"conf/dev/parameters.yml": "model_options:\n  test_size: 0.3\n",
			"pyproject.toml":          "[tool.kfc]\ndefault_run_env = \"dev\"\n",
		},
		want: []string{
			"conf/dev: warning: Given configuration path either does not exist or is not a valid directory: conf/dev (run environment \"dev\" from default_run_env); kedro run would stop here, kfc loads the base environment alone [missing-default-env]",
		},
	},
	{
		rule: "missing-env",
		args: "--env prod",
		bad: map[string]string{
			"conf/base/parameters.yml": "model_options:\n  test_size: 0.2\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml": "model_options:\n  test_size: 0.2\n",
			"conf/prod/parameters.yml": "model_options:\n  test_size: 0.3\n",
		},
		want: []string{
			"conf/prod: error: Given configuration path either does not exist or is not a valid directory: conf/prod (run environment \"prod\" from --env) [missing-env]",
		},
	},
	{
		rule: "oc-env-outside-credentials",
		bad: map[string]string{
			"conf/base/catalog.yml": "shuttles:\n  type: pandas.SQLTableDataset\n  table_name: shuttles\n  credentials:\n    con: ${oc.env:SPACEFLIGHTS_DB_URL}\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":      "shuttles:\n  type: pandas.SQLTableDataset\n  table_name: shuttles\n  credentials: db_credentials\n",
			"conf/local/credentials.yml": "db_credentials:\n  con: ${oc.env:SPACEFLIGHTS_DB_URL, sqlite:///data/spaceflights.db}\n",
		},
		want: []string{
			"conf/base/catalog.yml:5:10: error: oc.env is only available in credentials, not in catalog (Kedro refuses it); to allow it, register the resolver: add \"custom_resolvers\": {\"oc.env\": oc.env} to CONFIG_LOADER_ARGS in settings.py, with from omegaconf.resolvers import oc [oc-env-outside-credentials]",
		},
	},
	{
		rule: "oc-env-unset",
		bad: map[string]string{
			"conf/local/credentials.yml": "db_credentials:\n  con: postgresql://spaceflights:${oc.env:SPACEFLIGHTS_DB_PASSWORD}@localhost/spaceflights\n",
		},
		good: map[string]string{
			"conf/local/credentials.yml": "db_credentials:\n  con: postgresql://spaceflights:${oc.env:SPACEFLIGHTS_DB_PASSWORD, dev}@localhost/spaceflights\n",
		},
		want: []string{
			"conf/local/credentials.yml:2:34: warning: environment variable 'SPACEFLIGHTS_DB_PASSWORD' is not set and oc.env has no default [oc-env-unset]",
		},
	},
	{
		rule: "parameter-shape-clash",
		bad: map[string]string{
			"conf/base/parameters.yml":        "model_options:\n  test_size: 0.2\n",
			"conf/base/parameters_tuning.yml": "model_options: 0.3\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml":        "model_options:\n  test_size: 0.2\n",
			"conf/base/parameters_tuning.yml": "tuning_options:\n  test_size: 0.3\n",
		},
		want: []string{
			"conf/base/parameters_tuning.yml:1:1: warning: parameter model_options is a mapping in conf/base/parameters.yml and a value in conf/base/parameters_tuning.yml: Kedro does not flag this, but which one wins depends on the order it merges the files in, which Python's hash seed decides [parameter-shape-clash]",
		},
	},
	{
		rule: "pipeline-duplicate-node",
		bad: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/{name}.pq\n",
			"conf/base/pipelines.yml": "companies_processing:\n  nodes:\n    - {name: preprocess, run: [python, preprocess.py, companies], inputs: companies, outputs: preprocessed_companies}\nshuttles_processing:\n  nodes:\n    - {name: preprocess, run: [python, preprocess.py, shuttles], inputs: shuttles, outputs: preprocessed_shuttles}\n__default__: [companies_processing, shuttles_processing]\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/{name}.pq\n",
			"conf/base/pipelines.yml": "companies_processing:\n  nodes:\n    - {name: preprocess_companies, run: [python, preprocess.py, companies], inputs: companies, outputs: preprocessed_companies}\nshuttles_processing:\n  nodes:\n    - {name: preprocess_shuttles, run: [python, preprocess.py, shuttles], inputs: shuttles, outputs: preprocessed_shuttles}\n__default__: [companies_processing, shuttles_processing]\n",
		},
		want: []string{
			"conf/base/pipelines.yml:6:14: error: node name \"preprocess\" is used by more than one node: node names must be unique in a pipeline [pipeline-duplicate-node]",
		},
	},
	{
		rule: "pipeline-duplicate-output",
		bad: map[string]string{
			"conf/base/catalog.yml":   "\"{name}@{fmt}\":\n  type: pandas.ParquetDataset\n  filepath: data/03_primary/{name}.pq\ncompanies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - {name: build_table, run: [python, build.py], inputs: companies, outputs: model_input_table@spark}\n    - {name: fix_table, run: [python, fix.py], inputs: companies, outputs: model_input_table@pandas}\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "\"{name}@{fmt}\":\n  type: pandas.ParquetDataset\n  filepath: data/03_primary/{name}.pq\ncompanies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - {name: build_table, run: [python, build.py], inputs: companies, outputs: model_input_table@spark}\n    - {name: fix_table, run: [python, fix.py], inputs: model_input_table@pandas, outputs: clean_table@pandas}\n",
		},
		want: []string{
			"conf/base/pipelines.yml:4:76: error: \"model_input_table@pandas\" (the same dataset as \"model_input_table@spark\") is already written by node \"build_table\": every dataset has one writer [pipeline-duplicate-output]",
		},
	},
	{
		rule: "pipeline-format",
		bad: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/{name}.pq\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - name: preprocess_companies\n      run: python preprocess.py\n      input: companies\n      outputs: preprocessed_companies\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/{name}.pq\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - name: preprocess_companies\n      run: [python, preprocess.py]\n      inputs: companies\n      outputs: preprocessed_companies\n",
		},
		want: []string{
			"conf/base/pipelines.yml:4:12: error: run is a string: write it as a list of arguments ([python, script.py, ...]) or set shell: true to run it with sh -c [pipeline-format]",
			"conf/base/pipelines.yml:5:7: error: unknown key \"input\" in a node; did you mean \"inputs\"? [pipeline-format]",
		},
	},
	{
		rule: "pipeline-invalid-name",
		bad: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/{name}.pq\n",
			"conf/base/pipelines.yml": "data processing:\n  nodes:\n    - name: clean companies\n      run: [python, clean.py]\n      inputs: companies\n      outputs: clean_companies\n      tags: [raw data]\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/{name}.pq\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - name: clean_companies\n      run: [python, clean.py]\n      inputs: companies\n      outputs: clean_companies\n      tags: [raw-data]\n",
		},
		want: []string{
			"conf/base/pipelines.yml:1:1: error: \"data processing\" is not a valid pipeline name: use only letters, digits, hyphens, underscores and full stops [pipeline-invalid-name]",
			"conf/base/pipelines.yml:3:13: error: \"clean companies\" is not a valid node name: use only letters, digits, hyphens, underscores and full stops [pipeline-invalid-name]",
			"conf/base/pipelines.yml:7:14: error: \"raw data\" is not a valid tag: use only letters, digits, hyphens, underscores and full stops [pipeline-invalid-name]",
		},
	},
	{
		rule: "pipeline-node-command",
		bad: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/{name}.pq\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - name: preprocess_companies\n      inputs: companies\n      outputs: preprocessed_companies\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/{name}.pq\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - name: preprocess_companies\n      shell: true\n      run: \"python preprocess.py < {in.companies} > {out.preprocessed_companies}\"\n      inputs: companies\n      outputs: preprocessed_companies\n",
		},
		want: []string{
			"conf/base/pipelines.yml:3:13: error: node \"preprocess_companies\" has neither run nor entry_point: give a command to run [pipeline-node-command]",
		},
	},
	{
		rule: "pipeline-placeholder",
		bad: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/{name}.pq\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - name: preprocess_companies\n      run: [python, preprocess.py, \"{in.compnies}\", \"{out.preprocessed_companies}\"]\n      inputs: companies\n      outputs: preprocessed_companies\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/{name}.pq\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - name: preprocess_companies\n      run: [python, preprocess.py, \"{in.companies}\", \"{out.preprocessed_companies}\"]\n      inputs: companies\n      outputs: preprocessed_companies\n",
		},
		want: []string{
			"conf/base/pipelines.yml:4:36: error: {in.compnies} names no input of node \"preprocess_companies\"; did you mean {in.companies}? [pipeline-placeholder]",
		},
	},
	{
		rule: "pipeline-recursive",
		bad: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pickle.PickleDataset\n  filepath: data/06_models/{name}.pickle\n",
			"conf/base/pipelines.yml": "data_science:\n  nodes:\n    - {name: train_model, run: [python, train.py], inputs: model_input_table, outputs: regressor}\nall: [data_science, everything]\neverything: {from: all, namespace: candidate}\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pickle.PickleDataset\n  filepath: data/06_models/{name}.pickle\n",
			"conf/base/pipelines.yml": "data_science:\n  nodes:\n    - {name: train_model, run: [python, train.py], inputs: model_input_table, outputs: regressor}\nall: [data_science]\neverything: {from: all, namespace: candidate}\n",
		},
		want: []string{
			"conf/base/pipelines.yml:5:20: error: pipeline \"all\" includes itself: all -> everything -> all [pipeline-recursive]",
		},
	},
	{
		rule: "pipeline-remap",
		bad: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pickle.PickleDataset\n  filepath: data/06_models/{name}.pickle\n",
			"conf/base/pipelines.yml": "data_science:\n  nodes:\n    - {name: split_data, run: [python, split.py], inputs: model_input_table, outputs: train_set}\n    - {name: train_model, run: [python, train.py], inputs: train_set, outputs: regressor}\ncandidate:\n  from: data_science\n  namespace: candidate\n  inputs: {train_set: other_set, tabel: model_input_table}\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pickle.PickleDataset\n  filepath: data/06_models/{name}.pickle\n",
			"conf/base/pipelines.yml": "data_science:\n  nodes:\n    - {name: split_data, run: [python, split.py], inputs: model_input_table, outputs: train_set}\n    - {name: train_model, run: [python, train.py], inputs: train_set, outputs: regressor}\ncandidate:\n  from: data_science\n  namespace: candidate\n  inputs: {model_input_table: model_input_table}\n  outputs: {regressor: candidate_regressor}\n",
		},
		want: []string{
			"conf/base/pipelines.yml:8:12: error: cannot remap input \"train_set\": node \"split_data\" of data_science writes it, and inputs: can only rename free inputs [pipeline-remap]",
			"conf/base/pipelines.yml:8:34: error: cannot remap input \"tabel\": no node of data_science reads or writes it [pipeline-remap]",
		},
	},
	{
		rule: "pipeline-same-input-output",
		bad: map[string]string{
			"conf/base/catalog.yml":   "\"{name}@{fmt}\":\n  type: pandas.ParquetDataset\n  filepath: data/03_primary/{name}.pq\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - {name: convert_table, run: [python, convert.py], inputs: model_input_table@spark, outputs: model_input_table@pandas}\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "\"{name}@{fmt}\":\n  type: pandas.ParquetDataset\n  filepath: data/03_primary/{name}.pq\nmodel_input_pandas:\n  type: pandas.ParquetDataset\n  filepath: data/03_primary/model_input_pandas.pq\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - {name: convert_table, run: [python, convert.py], inputs: model_input_table@spark, outputs: model_input_pandas}\n",
		},
		want: []string{
			"conf/base/pipelines.yml:3:98: error: node \"convert_table\" reads \"model_input_table@spark\" and writes \"model_input_table@pandas\": a node cannot have the same inputs and outputs, even transcoded [pipeline-same-input-output]",
		},
	},
	{
		rule: "pipeline-transcoding",
		bad: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pickle.PickleDataset\n  filepath: data/06_models/{name}.pickle\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - {name: build_table, run: [python, build.py], inputs: companies, outputs: model_input_table@spark}\n    - {name: train_model, run: [python, train.py], inputs: model_input_table, outputs: regressor}\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pickle.PickleDataset\n  filepath: data/06_models/{name}.pickle\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - {name: build_table, run: [python, build.py], inputs: companies, outputs: model_input_table@spark}\n    - {name: train_model, run: [python, train.py], inputs: model_input_table@pandas, outputs: regressor}\n",
		},
		want: []string{
			"conf/base/pipelines.yml:4:60: error: \"model_input_table\" is used both without and with transcoding (\"model_input_table@spark\"): reference it with a transcoding suffix everywhere, or rename one of them [pipeline-transcoding]",
		},
	},
	{
		rule: "pipeline-unknown",
		bad: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pickle.PickleDataset\n  filepath: data/06_models/{name}.pickle\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - {name: preprocess_companies, run: [python, preprocess.py], inputs: companies, outputs: model_input_table}\ndata_science:\n  nodes:\n    - {name: train_model, run: [python, train.py], inputs: model_input_table, outputs: regressor}\n__default__: [data_processing, data_sience]\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml":   "\"{name}\":\n  type: pickle.PickleDataset\n  filepath: data/06_models/{name}.pickle\n",
			"conf/base/pipelines.yml": "data_processing:\n  nodes:\n    - {name: preprocess_companies, run: [python, preprocess.py], inputs: companies, outputs: model_input_table}\ndata_science:\n  nodes:\n    - {name: train_model, run: [python, train.py], inputs: model_input_table, outputs: regressor}\n__default__: [data_processing, data_science]\n",
		},
		want: []string{
			"conf/base/pipelines.yml:7:32: error: no pipeline named \"data_sience\"; did you mean \"data_science\"? [pipeline-unknown]",
		},
	},
	{
		rule: "resolver-arguments",
		bad: map[string]string{
			"conf/base/parameters.yml": "model_options:\n  test_size: ${oc.select:split.test_size, 0.2, 0.3}\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml": "model_options:\n  test_size: ${oc.select:split.test_size, 0.2}\n",
		},
		want: []string{
			"conf/base/parameters.yml:2:14: error: oc.select takes 1 or 2 arguments, got 3 [resolver-arguments]",
		},
	},
	{
		rule: "runtime-params-in-globals",
		bad: map[string]string{
			"conf/base/globals.yml": "bucket: ${runtime_params:bucket, s3://spaceflights-data}\n",
		},
		good: map[string]string{
			"conf/base/globals.yml": "bucket: s3://spaceflights-data\n",
		},
		want: []string{
			"conf/base/globals.yml:1:9: error: the runtime_params: resolver is not supported in globals [runtime-params-in-globals]",
		},
	},
	{
		rule:     "runtime-params-missing-key",
		args:     "--params run_id=7",
		goodArgs: "--params run_id=7,run_date=2024-01-01",
		bad: map[string]string{
			"conf/base/parameters.yml": "run_date: ${runtime_params:run_date}\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml": "run_date: ${runtime_params:run_date}\n",
		},
		want: []string{
			"conf/base/parameters.yml:1:11: error: runtime parameter 'run_date' not found and no default value provided [runtime-params-missing-key]",
		},
	},
	{
		rule: "runtime-params-not-given",
		bad: map[string]string{
			"conf/base/parameters.yml": "run_date: ${runtime_params:run_date}\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml": "run_date: ${runtime_params:run_date, \"2024-01-01\"}\n",
		},
		want: []string{
			"conf/base/parameters.yml:1:11: warning: runtime parameter 'run_date' not found and no default value provided (no --params given) [runtime-params-not-given]",
		},
	},
	{
		rule: "unclear-settings",
		bad: map[string]string{
			"pyproject.toml":               "[tool.kedro]\npackage_name = \"spaceflights\"\nproject_name = \"spaceflights\"\n",
			"src/spaceflights/settings.py": "CONFIG_LOADER_ARGS = {\n    \"default_run_env\": \"local\",\n}\n",
		},
		good: map[string]string{
			"pyproject.toml":               "[tool.kedro]\npackage_name = \"spaceflights\"\nproject_name = \"spaceflights\"\n",
			"src/spaceflights/settings.py": "CONFIG_LOADER_ARGS = {\n    \"base_env\": \"base\",\n    \"default_run_env\": \"local\",\n}\n",
		},
		want: []string{
			"src/spaceflights/settings.py:1:22: warning: CONFIG_LOADER_ARGS has no \"base_env\": Kedro then applies no default and reads the whole conf folder as the base environment; add \"base_env\": \"base\" [unclear-settings]",
		},
	},
	{
		rule: "unknown-resolver",
		bad: map[string]string{
			"conf/base/parameters.yml": "run_date: ${now:%Y-%m-%d}\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml":     "run_date: ${now:%Y-%m-%d}\n",
			"src/spaceflights/settings.py": "from datetime import datetime\n\nCONFIG_LOADER_ARGS = {\n    \"base_env\": \"base\",\n    \"default_run_env\": \"local\",\n    \"custom_resolvers\": {\"now\": lambda fmt: datetime.now().strftime(fmt)},\n}\n",
		},
		want: []string{
			"conf/base/parameters.yml:1:11: error: unknown resolver 'now' [unknown-resolver]",
		},
	},
	{
		rule: "unreadable-config-file",
		bad: map[string]string{
			"conf/base/parameters.yml": "company_name: Soci\xe9t\xe9\n",
		},
		good: map[string]string{
			"conf/base/parameters.yml": "company_name: Société\n",
		},
		want: []string{
			"conf/base/parameters.yml:1:19: error: conf/base/parameters.yml is not a UTF-8 text file (invalid UTF-8 byte 0xe9); Kedro would fail to decode it [unreadable-config-file]",
		},
	},
	{
		rule: "unreadable-config-folder",
		bad: map[string]string{
			"conf/base/catalog_extra": "catalog_extra\n",
		},
		good: map[string]string{
			"conf/base/catalog_extra/catalog.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n",
		},
		links: []string{"conf/base/catalog_extra"},
		want: []string{
			"conf/base/catalog_extra: warning: cannot read conf/base/catalog_extra: EvalSymlinks: too many links; Kedro skips it too, so any configuration in it is ignored, and a run by another user may load more [unreadable-config-folder]",
		},
	},
	{
		rule: "yaml-syntax",
		bad: map[string]string{
			"conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n  load_args: {sep: \",\", encoding: utf-8\nshuttles:\n  type: pandas.ExcelDataset\n  filepath: data/01_raw/shuttles.xlsx\n",
		},
		good: map[string]string{
			"conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n  load_args: {sep: \",\", encoding: utf-8}\nshuttles:\n  type: pandas.ExcelDataset\n  filepath: data/01_raw/shuttles.xlsx\n",
		},
		want: []string{
			"conf/base/catalog.yml:4:1: error: invalid YAML: did not find expected ',' or '}' [yaml-syntax]",
		},
	},
}

func TestRuleExamples(t *testing.T) {
	for _, tc := range ruleExamples {
		t.Run(tc.rule, func(t *testing.T) {
			if Lookup(tc.rule) == nil {
				t.Fatalf("rule %s is not registered", tc.rule)
			}
			equalLines(t, "bad", vetExample(t, tc.rule, tc.args, tc.bad, tc.links), tc.want)
			goodArgs := tc.args
			if tc.goodArgs != "" {
				goodArgs = tc.goodArgs
			}
			equalLines(t, "good", vetExample(t, tc.rule, goodArgs, tc.good, tc.links), nil)
		})
	}
}

// vetExample writes files (with conf/base and conf/local) into a fresh
// project, vets it as kfc vet does and returns rule's findings.
func vetExample(t *testing.T, rule, args string, files map[string]string, links []string) []string {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"conf/base", "conf/local"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	isLink := map[string]bool{}
	for _, l := range links {
		isLink[l] = true
	}
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if isLink[name] {
			if err := os.Symlink(strings.TrimSpace(content), p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := config.LoadOptions{Root: root, Getenv: func(string) (string, bool) { return "", false }}
	if flag, value, ok := strings.Cut(args, " "); ok {
		switch flag {
		case "--env":
			opts.Env = value
		case "--params":
			opts.Params = value
		default:
			t.Fatalf("unknown argument %s", flag)
		}
	}
	var diags diag.List
	proj, err := config.Load(opts, &diags)
	if err != nil {
		t.Fatal(err)
	}
	Run(model.New(proj), &diags)
	settings := LoadSettings(proj.Root, proj.Pyproject, &diags)
	var paths []string
	for _, f := range proj.Files {
		paths = append(paths, f.Path)
	}
	src := func(file string) []byte {
		if f := proj.FileByPath(file); f != nil {
			return f.Src
		}
		return nil
	}
	items := Suppress(diags.Items(), settings, paths, src)
	var out []string
	for _, d := range diag.Sorted(items) {
		if d.Rule == rule {
			record([]diag.Diagnostic{d})
			out = append(out, d.String())
		}
	}
	return out
}
