// Package forensic looks for signs of editing in document images: editing software named in
// the metadata (EXIF, XMP, Photoshop resources, PNG text), JPEG double compression, a portrait
// region whose compression or noise differs from the rest of the card, screen recapture
// (moiré peaks in the spectrum) and copy-moved regions. Each detector's threshold was chosen on
// clean versus tampered synthetic documents (see the tests for the measured rates).
package forensic
