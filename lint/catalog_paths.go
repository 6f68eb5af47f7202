package lint

import (
	"strings"

	"github.com/kfc-dev/kfc/compiler/catalog"
	"github.com/kfc-dev/kfc/compiler/tree"
)

// pathKeys are the only keys whose string values Kedro rewrites against
// the project root (context.py: _convert_paths_to_absolute_posix).
var pathKeys = map[string]bool{"filepath": true, "path": true, "filename": true}

// catalogPath is the string value of a filepath/path/filename key of a
// catalog item, at any depth through mappings (Kedro does not look inside
// lists).
type catalogPath struct {
	Key     string
	Value   *tree.Node
	Pattern bool // the item is a factory pattern
}

// CatalogPaths lists the path values of every catalog item, in item order,
// walked once for the rules that check them.
func (f *Facts) CatalogPaths() []catalogPath {
	f.catalog.pathsOnce.Do(func() {
		items := f.CatalogItems()
		f.catalog.paths = make([]catalogPath, 0, len(items)) // about one an item
		for _, it := range items {
			catalog.WalkMaps(it.Config, func(key string, v *tree.Node) {
				if pathKeys[key] && v.Kind == tree.String {
					f.catalog.paths = append(f.catalog.paths, catalogPath{Key: key, Value: v, Pattern: it.Pattern})
				}
			})
		}
	})
	return f.catalog.paths
}

// urlScheme is urllib.parse.urlsplit's scheme of s ("" for none).
func urlScheme(s string) string {
	i := strings.IndexByte(s, ':')
	if i <= 0 || !isASCIILetter(s[0]) {
		return ""
	}
	for j := 0; j < i; j++ {
		c := s[j]
		if !isASCIILetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.' {
			return ""
		}
	}
	return strings.ToLower(s[:i])
}

func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// windowsDrive is ntpath.splitdrive's drive of s: "X:" or a UNC
// "//server/share" prefix (either slash).
func windowsDrive(s string) string {
	slash := func(c byte) bool { return c == '/' || c == '\\' }
	if len(s) < 2 || !(s[1] == ':' || (slash(s[0]) && slash(s[1]))) {
		return "" // neither a drive letter nor a UNC share: no drive
	}
	n := strings.ReplaceAll(s, "/", `\`)
	if strings.HasPrefix(n, `\\`) {
		i := strings.IndexByte(n[2:], '\\')
		if i < 0 {
			return ""
		}
		i += 2
		j := strings.IndexByte(n[i+1:], '\\')
		if j == 0 {
			return ""
		}
		if j < 0 {
			return s
		}
		return s[:i+1+j]
	}
	if r := []rune(s); len(r) >= 2 && r[1] == ':' {
		return string(r[:2])
	}
	return ""
}

// isRelativePath is Kedro's _is_relative_path: no Windows drive, no URL
// scheme, not POSIX-absolute.
func isRelativePath(s string) bool {
	return windowsDrive(s) == "" && urlScheme(s) == "" && !strings.HasPrefix(s, "/")
}
