// Package forensic looks for signs of editing in document images: editing software named in
// the metadata (EXIF, XMP, Photoshop resources, PNG text), JPEG double compression (DCT
// histogram gaps per frequency), a zone that missed the first of two compressions (a block map
// of how well each 8×8 block's coefficients sit on the first compression's lattice: a pasted
// portrait or field, see dq.go), such a zone's content found elsewhere on the card and agreeing
// with it down to the noise (a copied field or digits), error-level analysis of field-sized
// zones, a portrait whose noise differs from the card around it, screen recapture (a 2-D grid
// of moiré peaks in the spectrum) and regions copied elsewhere on the card (ORB keypoint pairs
// voting for one shift, each candidate checked at full resolution). Full-resolution pixels
// serve what lives on the JPEG grid or in the noise; the card reduced to 640 px serves the
// face and copy-move searches. Each detector's threshold was chosen on clean versus tampered
// synthetic documents, the tuning half; engine/check_fraud_tamper_eval_test.go reports the
// held-out half and engine/check_fraud_test.go the false positives.
package forensic
