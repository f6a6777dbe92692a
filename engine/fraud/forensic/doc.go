// Package forensic looks for signs of editing in document images: editing software named in
// the metadata (EXIF, XMP, Photoshop resources, PNG text), JPEG double compression (DCT
// histogram gaps per frequency), error-level analysis of field-sized zones and the portrait, a
// portrait whose noise differs from the card around it, screen recapture (moiré peaks in the
// spectrum) and regions copied elsewhere on the card (ORB keypoint pairs voting for one shift).
// Full-resolution pixels serve what lives on the JPEG grid or in the noise; the card reduced
// to 640 px serves the face and copy-move searches. Each detector's threshold was chosen on
// clean versus tampered synthetic documents (see engine/check_fraud_test.go for the rates).
package forensic
