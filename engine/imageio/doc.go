// Package imageio is the one door through which untrusted image bytes enter the engine. It
// identifies the format from magic bytes, reads the declared dimensions from the header alone,
// and refuses oversized or malformed images before any pixel is decoded, so a 20000×20000 PNG
// "bomb" costs a few bytes of header parsing, not 1.6 GB of memory.
package imageio
