// Package specimen renders synthetic identity-document images with known ground truth, for tests,
// benchmarks and demos: random but valid MRZ data of every format, printed in the real OCR-B
// font, on a card placed in a photo with controlled degradations. Everything is deterministic
// for a given seed.
package specimen
