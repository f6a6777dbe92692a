// Package document finds an identity document in a photo, rectifies it to its canonical size,
// and reads its printed zone: text lines are located on the rectified card, OCRed, and fields
// are found by their printed labels ("Nom", "Né le", "Date of birth"…) rather than by fixed
// positions, because real layouts vary between models and issues. Arabic values are read on
// the line of their Latin counterpart. The MRZ is read by package mrz; Merge combines both.
package document
