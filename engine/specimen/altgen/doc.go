// Package altgen is a second, independent generator of synthetic identity documents, for
// evaluating the document reader on layouts it was not developed on. It shares only the
// holder data, the MRZ lines, Arabic shaping, font and portrait loading and the photographing
// step with package specimen; everything the reader must not rely on is its own and varies
// from one document to the next: fonts (DejaVu Sans Condensed, Serif and Mono, the MRZ in
// OCR-B's sharp cut), resolution, colours and backgrounds, header bands, portrait size and
// side, captions above or beside their values, bilingual captions, column splits and date
// formats. Layouts follow DOCUMENTS.md and the printed models; everything is deterministic for
// a seed.
package altgen
