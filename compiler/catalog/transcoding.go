package catalog

import (
	"fmt"
	"strings"
)

// TranscodingSeparator splits `name@format` (Kedro's TRANSCODING_SEPARATOR).
const TranscodingSeparator = "@"

// StripTranscoding is Kedro's _transcode_split: the name before '@' and
// the suffix after it ("" without one). More than one '@' is Kedro's
// ValueError.
func StripTranscoding(name string) (base, suffix string, err error) {
	parts := strings.Split(name, TranscodingSeparator)
	switch len(parts) {
	case 1:
		return name, "", nil
	case 2:
		return parts[0], parts[1], nil
	}
	return "", "", fmt.Errorf("Expected maximum 1 transcoding separator, found %d instead: '%s'.", len(parts)-1, name)
}
