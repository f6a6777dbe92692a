package document

// The place caption "à" continues the birth date's: "Né le 12.02.1990 à FÈS", on the date's
// row or the one under it. A letter read as "à" above every birth caption of the side is a
// speck (a portrait's texture read "A", a licence's small "2." read "+ À", a mark joined to the
// given name read "A LÉA"): taken for the caption, it gave the name beside it as the place of
// birth.

// birthCaptions are the fields whose caption the "à" follows.
var birthCaptions = map[string]bool{"date_of_birth": true, "birth": true, "birth_and_place": true}

// dropPlaceLetterAboveBirth removes from found the one-letter place captions that stand above
// every birth caption found (none is removed when no birth caption was read); their runs are
// no captions any more, and may be a value.
func dropPlaceLetterAboveBirth(found []labelled, segs []Segment, isLabel []bool) []labelled {
	lowestTop := -1
	for _, l := range found {
		if birthCaptions[l.field] {
			lowestTop = max(lowestTop, segs[l.seg].Box.Min.Y)
		}
	}
	if lowestTop < 0 {
		return found
	}
	out := found[:0]
	for _, l := range found {
		if l.letter && l.field == "place_of_birth" && segs[l.seg].Box.Max.Y <= lowestTop {
			isLabel[l.seg] = false
			continue
		}
		out = append(out, l)
	}
	return out
}
