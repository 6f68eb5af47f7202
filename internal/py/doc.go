// Package py reproduces, byte for byte, the Python behaviour that Kedro
// and MLflow show or compute with, so kfc's messages, rendered commands
// and tracked values match theirs: repr() and ascii() of a str, repr() of
// a float, int() and float() of a string, str.format with its format
// spec, shlex.quote, urllib.parse.unquote, str() and repr() of PyYAML's
// dates, yaml.dump of a flat mapping, and the literal reading of a
// settings.py (a tokenizer and a parser of module-level assignments).
//
// It imports only the standard library, so every kfc package can use it,
// compiler/tree included; walking a tree.Node is tree's job (tree.Repr),
// which calls this package for each text form.
package py
