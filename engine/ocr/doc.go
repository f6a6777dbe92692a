// Package ocr lends Tesseract clients from a fixed-size pool.
//
// A Tesseract client costs tens of milliseconds and megabytes to initialise and must not be used
// by two goroutines at once, so engine packages share a Pool per language set and configure the
// client for each use (whitelist, page segmentation mode) through Settings.
package ocr
