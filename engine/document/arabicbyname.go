package document

import (
	"context"
	"fmt"
	"strings"

	"gocv.io/x/gocv"
)

// The Arabic spelling of a name is looked for beside the Latin value a caption gives. In a
// blurred photo the small caption ("NOM", "Nom") may read as nothing at all while the name in
// large print reads well: the caller that knows the holder's names from elsewhere (the MRZ
// on the back) finds the Latin name as a run of its own and reads the Arabic run beside it.

// ArabicByName reads, on side s of img (read by ReadSide), the Arabic spelling of each name in
// names (field "last_name" or "first_name" → Latin name) that s does not hold yet, beside the
// one run of s that spells that Latin name. A name found on no run, or on two, is left out.
func (r *Reader) ArabicByName(ctx context.Context, img gocv.Mat, s *Side, docType string, names map[string]string) error {
	if r.arabic == nil || !s.Found {
		return nil
	}
	var wants []arabicWant
	for _, field := range []string{"last_name", "first_name"} {
		latin := names[field]
		if _, done := s.Fields[field+"_arabic"]; done || latin == "" {
			continue
		}
		i, strict := nameRun(s.Segments, latin), false
		if i < 0 {
			// The name's run under its caption did not read: its Arabic is kept only when it
			// spells the name.
			i, strict = unreadRun(s.unreadNames, field+"_arabic"), true
		}
		if i >= 0 {
			wants = wantArabic(wants, s.Segments, field, i)
			wants[len(wants)-1].latin = latin
			wants[len(wants)-1].strict = strict
		}
	}
	if len(wants) == 0 {
		return nil
	}
	gray := toGray(img)
	defer gray.Close()
	card := Rectify(gray, s.Quad, sizeFor(docType, s.Quad))
	defer card.Close()
	if s.Fields == nil {
		s.Fields = map[string]Value{}
	}
	if err := r.readArabic(ctx, card, s, wants); err != nil {
		return fmt.Errorf("reading the Arabic names beside the Latin ones: %w", err)
	}
	return nil
}

// nameRun is the one Latin run whose words end with name (a misread caption may come first:
// "vou : CHRAIBI"), or -1 when none or several do.
func nameRun(segs []Segment, name string) int {
	want := NormalizeName(name)
	if want == "" {
		return -1
	}
	found := -1
	for i, sg := range segs {
		if sg.Arabic || sg.pending {
			continue
		}
		got := NormalizeName(sg.Text)
		if got != want && !strings.HasSuffix(got, " "+want) {
			continue
		}
		if found >= 0 {
			return -1
		}
		found = i
	}
	return found
}

// splitUnread separates the wants of name runs that did not read (strict, no Latin name yet)
// from the others.
func splitUnread(wants []arabicWant) (read, unread []arabicWant) {
	for _, w := range wants {
		if w.strict && w.latin == "" {
			unread = append(unread, w)
		} else {
			read = append(read, w)
		}
	}
	return read, unread
}

// unreadRun is the segment of the unread name run for field, -1 when there is none.
func unreadRun(unread []arabicWant, field string) int {
	for _, w := range unread {
		if w.field == field {
			return w.value
		}
	}
	return -1
}
