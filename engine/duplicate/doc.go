// Package duplicate finds earlier verifications that share a face, a document number or an
// image with a new one. Everything is held in memory for search (the daemon loads it from
// storage at start and adds each stored verification): face templates in one contiguous
// float32 slab searched by brute force, a normalized document-number map, and 64-bit perceptual
// hashes of document images and selfies searched by Hamming distance. It holds no global state;
// one Index is safe for concurrent use.
package duplicate
