// Package mrz parses and reads machine-readable zones of identity documents.
//
// The parser (Parse, ParseLines) understands the ICAO 9303 formats TD1, TD2, TD3, MRV-A and
// MRV-B plus the two French national formats (the 1988–2021 identity card, 2×36, and the EU
// driving licence, 1×30). When a check digit fails it tries the usual OCR confusions for the
// field's alphabet and keeps a repair only when the check digits then pass; every repair is
// listed in Result.Corrections.
//
// The Reader finds the MRZ band in a photo, rectifies it and reads it with Tesseract through an
// ocr.Pool, keeping the reading that passes the most checks.
package mrz
