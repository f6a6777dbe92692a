package engine

import (
	"strings"
	"unicode/utf8"

	"github.com/kycd/kycd/engine/document"
)

// The printed zone misreads names too, in two ways a valid MRZ can tell: a wide letter space of
// a monospaced print read as a word break ("GARC IA", "BOU ZI DI") and a first or last letter
// lost at the edge of its run ("ETIT" for PETIT). The MRZ writes every word break as a filler,
// so a break it lacks is not the name's; and a reading that is the MRZ's name short of one edge
// letter lost that letter — it is not another name (a forger changes a name for another one, he
// does not drop its first letter). Left as read, either takes the field from the MRZ's right
// spelling (it is read with a higher confidence) or raises a false mrz_printed_mismatch.

// mendPrintedNames rewrites the printed front's surname and given names that are the valid
// MRZ's names misread in one of those ways. m holds the MRZ's names; d.MRZ is set only when
// its check digits pass.
func mendPrintedNames(d *ExtractedData, m mrzNames, front map[string]document.Value) {
	if d.MRZ == nil {
		return
	}
	for _, n := range []struct{ field, mrz string }{{"last_name", m.last}, {"first_name", m.first}} {
		pr, ok := front[n.field]
		if !ok || n.mrz == "" {
			continue
		}
		if text, ok := printedMisread(pr.Text, n.mrz); ok {
			pr.Text = text
			front[n.field] = pr
		}
	}
}

// printedMisread returns the printed name mended by the MRZ's (read, in its words), and whether
// printed was one of the misreadings above.
func printedMisread(printed, read string) (string, bool) {
	p := document.NormalizeName(printed)
	if p == read || p == "" || !nameRunes(printed) || strings.Trim(read, "ABCDEFGHIJKLMNOPQRSTUVWXYZ ") != "" {
		return printed, false
	}
	if text, ok := dropBreaks(printed, read); ok {
		return text, true
	}
	// An edge letter lost: only from a name of three letters or more, so that what is left
	// still names someone ("ETIT").
	if len(p) >= 3 && len(read) == len(p)+1 {
		rs := []rune(strings.TrimSpace(printed))
		switch p {
		case read[1:]:
			return read[:1] + string(rs), true
		case read[:len(read)-1]:
			return string(rs) + read[len(read)-1:], true
		}
	}
	return printed, false
}

// dropBreaks returns printed without the word breaks read does not have, when that leaves
// read's letters and words: "GARC IA" by GARCIA, "EL ID RISSI" by EL IDRISSI. The printed
// letters are kept (they carry the accents the MRZ drops).
func dropBreaks(printed, read string) (string, bool) {
	words := strings.Fields(printed)
	if len(words) < 2 {
		return printed, false
	}
	// breaks holds the count of letters before each of read's word breaks.
	breaks := map[int]bool{}
	letters := 0
	for _, r := range read {
		if r == ' ' {
			breaks[letters] = true
		} else {
			letters++
		}
	}
	var b strings.Builder
	count := 0
	for i, w := range words {
		if i > 0 && breaks[count] {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		// A normalized name holds letters and the spaces between its words only.
		count += utf8.RuneCountInString(strings.ReplaceAll(document.NormalizeName(w), " ", ""))
	}
	out := b.String()
	if document.NormalizeName(out) != read {
		return printed, false
	}
	return out, true
}
