package schema

//go:generate go run ./internal/gen -in ../../shared/corpus/kedro/kedro-datasets-9.6.0-init-signatures.json -out datasets.cue
