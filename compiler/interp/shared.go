package interp

// Most interpolation strings of a catalog are a few flat interpolations in
// plain text (`${globals:paths.raw}/raw_events_00003.csv`): the same
// `${...}` written in thousands of values around different text. Such a
// string is split along its tokens, and each distinct interpolation is
// parsed once per Resolve; anything else goes through the whole parser.

// parseShared is parseValue(s), with the interpolations of a flat string
// taken from seen (filled on the way; keyed by their source text).
func parseShared(s string, seen map[string]*interp) (*text, *syntaxError) {
	buf := getTokens()
	toks, err := lexInto((*buf)[:0], s, modeDefault)
	defer putTokens(buf, toks)
	if err != nil {
		return nil, err
	}
	if t := splitFlat(s, toks, seen); t != nil {
		return t, nil
	}
	return parseTokens(s, toks)
}

// splitFlat builds the text of s from its tokens when the top level holds
// only plain text (ANY_STR) and interpolations without anything nested
// (another `${`, a dict or a quote), so that each interpolation's tokens
// end at its first closing brace and are the tokens of its own text lexed
// alone. It returns nil for any other string, or when an interpolation
// does not parse alone (the whole parser then words the error).
func splitFlat(s string, toks []token, seen map[string]*interp) *text {
	out := &text{parts: make([]textPart, 0, 3)}
	lit := -1 // start of the current run of plain text
	for i := 0; toks[i].typ != tEOF; i++ {
		switch toks[i].typ {
		case tAnyStr:
			if lit < 0 {
				lit = toks[i].off
			}
			continue
		case tInterOpen:
		default:
			return nil
		}
		if lit >= 0 {
			out.parts = append(out.parts, textPart{lit: s[lit:toks[i].off]})
			lit = -1
		}
		j := i + 1
		for ; toks[j].typ != tInterClose && toks[j].typ != tBraceClose; j++ {
			switch toks[j].typ {
			case tEOF, tInterOpen, tBraceOpen, tQuoteOpen:
				return nil
			}
		}
		start, end := toks[i].off, toks[j].off+len(toks[j].text)
		in := seen[s[start:end]]
		if in == nil {
			t, err := parseValue(s[start:end])
			if err != nil || t.single() == nil {
				return nil
			}
			in = t.single()
			seen[s[start:end]] = in
		}
		moved := *in // shares the pieces, which evaluation only reads
		moved.off += start
		moved.end += start
		out.parts = append(out.parts, textPart{in: &moved})
		i = j
	}
	if lit >= 0 {
		out.parts = append(out.parts, textPart{lit: s[lit:]})
	}
	if len(out.parts) == 0 {
		return nil // the empty string: the parser's error
	}
	return out
}
