// Package nn is the model runtime of the engine: it reads TF.js weights (uint8/uint16
// quantized, float16 or float32), builds ONNX graphs for them with a small hand-rolled
// protobuf encoder, and runs them in-process on OpenCV DNN.
//
// Why ONNX and not a Go inference loop: OpenCV DNN runs the 128-d face descriptor in
// ~10 ms where pure-Go im2col+GEMM needs ~90 ms, and gocv is already in the stack. Why a
// hand-rolled encoder: the few ONNX messages needed do not justify a protobuf dependency.
//
// OpenCV 4.6 has sharp edges that the builder avoids by construction (see Builder.Gemm):
// every converted model must still get a forward-pass test, because some importer errors
// abort the process instead of returning an error.
package nn
