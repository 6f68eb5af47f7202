package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/kfc-dev/kfc/compiler/diag"
	"github.com/kfc-dev/kfc/compiler/tree"
	"github.com/kfc-dev/kfc/internal/safefs"
)

// maxFileSize bounds what kfc reads of one file (safefs.MaxFileSize).
const maxFileSize = safefs.MaxFileSize

// readConfigFile reads and parses one config file as Kedro's loader does.
// It returns nil when the file cannot be used (a finding has been reported
// then); an empty file gives a File with a nil Root.
func readConfigFile(root, abs string, diags *diag.List) *File {
	f := readRaw(root, abs, diags)
	if f != nil {
		f.Root, f.Broken = parseFile(f, tree.OmegaConf, diags)
	}
	return f
}

// parseFile parses f's text; broken is true when the parser reported a
// syntax problem, which makes Kedro (or MLflow) refuse the whole file.
func parseFile(f *File, dialect tree.Dialect, diags *diag.List) (root *tree.Node, broken bool) {
	var own diag.List
	root = tree.ParseDialect(f.Path, f.Src, dialect, &own)
	own.Update(func(d *diag.Diagnostic) { broken = broken || d.Code == tree.CodeSyntax })
	diags.Merge(&own)
	return root, broken
}

// readRaw reads one file found by the conf/ walk (which keeps inside the
// project): a regular file, bounded in size, checked to be UTF-8 text
// without NUL bytes.
func readRaw(root, abs string, diags *diag.List) *File {
	rel := relPath(root, abs)
	src, err := safefs.ReadRegular(abs, rel)
	return checkRaw(root, rel, src, err, diags)
}

// readNamed reads a file the project names by a path relative to root,
// confined to the project.
func readNamed(root, rel string, diags *diag.List) *File {
	src, err := safefs.ReadFile(root, rel)
	return checkRaw(root, rel, src, err, diags)
}

func checkRaw(root, rel string, src []byte, err error, diags *diag.List) *File {
	pos := diag.Pos{File: rel}
	switch {
	case errors.Is(err, safefs.ErrOutside):
		diags.Reportf(pos, safefs.CodeOutside, "%s", safefs.Message(err))
		return nil
	case errors.Is(err, safefs.ErrTooLarge):
		diags.Reportf(pos, CodeUnreadableFile, "%s is larger than %d MiB; kfc does not read configuration files that big", rel, maxFileSize>>20)
		return nil
	case errors.Is(err, safefs.ErrNotRegular):
		diags.Reportf(pos, CodeUnreadableFile, "%s", safefs.Message(err))
		return nil
	case err != nil:
		diags.Reportf(pos, CodeUnreadableFile, "cannot read %s: %v", rel, cleanIOError(err, root))
		return nil
	}
	if bad, line, col, what := findBinary(src); bad {
		diags.Reportf(diag.Pos{File: rel, Line: line, Col: col}, CodeUnreadableFile, "%s is not a UTF-8 text file (%s); Kedro would fail to decode it", rel, what)
		return nil
	}
	return &File{Path: rel, Src: src}
}

// reportNamed reports why a file the project names could not be read:
// as safefs.CodeOutside when it leads out of the project, else as code,
// never quoting the file.
func reportNamed(pos diag.Pos, code diag.Code, rel string, err error, root string, diags *diag.List) {
	switch {
	case errors.Is(err, safefs.ErrOutside):
		diags.Reportf(pos, safefs.CodeOutside, "%s", safefs.Message(err))
	case errors.Is(err, safefs.ErrTooLarge), errors.Is(err, safefs.ErrNotRegular):
		diags.Reportf(pos, code, "%s", safefs.Message(err))
	default:
		diags.Reportf(pos, code, "cannot read %s: %v", rel, cleanIOError(err, root))
	}
}

// findBinary reports the first NUL byte or invalid UTF-8 sequence in src,
// with its 1-based line and column (in runes).
func findBinary(src []byte) (bad bool, line, col int, what string) {
	nul := bytes.IndexByte(src, 0)
	end := len(src)
	if nul >= 0 {
		end = nul
	}
	off := end
	what = "a NUL byte"
	for i := 0; i < end; {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			off = i
			what = fmt.Sprintf("invalid UTF-8 byte 0x%02x", src[i])
			break
		}
		i += n
	}
	if off == len(src) {
		return false, 0, 0, ""
	}
	line = 1 + bytes.Count(src[:off], []byte{'\n'})
	lineStart := bytes.LastIndexByte(src[:off], '\n') + 1
	col = utf8.RuneCount(src[lineStart:off]) + 1
	return true, line, col, what
}

// relPath is abs relative to root with forward slashes; paths outside
// root keep their "../" prefix.
func relPath(root, abs string) string {
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// cleanIOError drops the absolute project path from an I/O error so the
// message stays the same on every machine.
func cleanIOError(err error, root string) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return strings.ReplaceAll(err.Error(), root+string(filepath.Separator), "")
}
